package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Registered;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.model.Allowance;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.QuotaStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog and service every benchmark runs on: the default catalog plus two plans that never
 * allow overage, one too large to run out during a run and one small enough to exhaust on purpose.
 */
public final class BenchCatalog {

  /** A plan of 100,000,000 units a month that refuses overage: nobody runs out during a run. */
  public static final String LARGE = "bench-large";

  /** The allowance of {@link #LARGE}, in whole units. */
  public static final long LARGE_UNITS = 100_000_000;

  /** A plan of 100 units a month that refuses overage: the exhaustion cases run it dry. */
  public static final String SMALL = "bench-small";

  /** The allowance of {@link #SMALL}, in whole units. */
  public static final long SMALL_UNITS = 100;

  private static final QuotaCatalog CATALOG = QuotaCatalog.builder()
      .from(QuotaCatalog.defaults())
      .plan(plan(LARGE, LARGE_UNITS))
      .plan(plan(SMALL, SMALL_UNITS))
      .build();

  private BenchCatalog() {}

  /** The benchmark catalog. */
  public static QuotaCatalog catalog() {
    return CATALOG;
  }

  /** A service on {@code store} with the benchmark catalog and the system clock. */
  public static QuotaService service(QuotaStore store) {
    return service(store, Clock.systemUTC());
  }

  /** A service on {@code store} with the benchmark catalog and {@code clock}. */
  public static QuotaService service(QuotaStore store, Clock clock) {
    return QuotaService.builder()
        .store(store)
        .clock(clock)
        .catalog(CATALOG)
        .customerRefKey("aura-quota-benchmarks".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Registers {@code clinicId} on {@code plan}.
   *
   * @throws IllegalStateException if the service refuses
   */
  public static void register(QuotaService quotas, String clinicId, String plan) {
    RegistrationResult result = quotas.registerClinic(ClinicRegistration.builder(clinicId, plan)
        .overagePolicy(OveragePolicy.BLOCK)
        .build());
    if (!(result instanceof Registered)) {
      throw new IllegalStateException("cannot register " + clinicId + ": " + result);
    }
  }

  /** The id of clinic {@code index} of a set named {@code prefix}: {@code prefix-00042}. */
  public static String clinicId(String prefix, int index) {
    return prefix + "-" + String.format("%05d", index);
  }

  private static Plan plan(String id, long units) {
    return new Plan(PlanId.of(id), id, Allowance.ofUnits(units), Money.zero(Money.THB),
        Optional.empty(), OveragePolicy.BLOCK, Set.of(), false);
  }
}
