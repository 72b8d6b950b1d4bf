package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.benchmarks.state.BenchCatalog;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Our engine on one database: {@link JdbcQuotaStore} over the harness's pool with the store's
 * defaults, exactly as a host builds it, shared by all of ours' contenders.
 */
final class OursEngine {
  private final BenchDatabase database;
  private final JdbcQuotaStore store;
  private final QuotaService quotas;
  private final ConflictCounts counts;
  private final Clock clock = Clock.systemUTC();
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final Map<String, RepeatCustomers> customers = new ConcurrentHashMap<>();

  /**
   * The engine on {@code dataSource}, a pool of {@code database}; {@code migrate} creates the
   * store's tables first (a second engine on the same tables, or a child instance, does not).
   */
  OursEngine(BenchDatabase database, DataSource dataSource, boolean migrate) {
    this.database = database;
    this.store = JdbcQuotaStore.builder(dataSource).migrate(migrate).build();
    com.bnaura.quota.spi.QuotaStore counting = ConflictCounts.counting(store);
    this.counts = ConflictCounts.of(counting);
    this.quotas = BenchCatalog.service(counting, clock);
  }

  QuotaService quotas() {
    return quotas;
  }

  /** The conflicts the engine met and the locked runs it fell back to, since it was built. */
  ConflictCounts conflicts() {
    return counts;
  }

  /** How many times the store ran a transaction or read again since it was built. */
  long retries() {
    return store.retries();
  }

  /** The customers the scans on {@code set} named, shared by the scan contenders. */
  RepeatCustomers customers(ClinicSet set) {
    return customers.computeIfAbsent(set.prefix(), p -> new RepeatCustomers(set.size(),
        RepeatCustomers.SLOTS, RepeatCustomers.REPEAT_WINDOW, clock));
  }

  /** Registers the clinics of {@code set}, once. */
  void prepare(ClinicSet set) {
    if (prepared.add(set.prefix())) {
      Parallel.forEach(set.size(), i -> BenchCatalog.register(quotas, set.id(i), set.plan()));
      database.analyze();
    }
  }

  /** Milli-units charged (monthly, add-on and overage) in the current periods of {@code set}. */
  long stored(ClinicSet set) {
    return database.queryLong("select coalesce(sum(current_usage + addon_used + overage_units), 0)"
        + " from usage_metrics where clinic_id like ?", set.likePattern());
  }

  /** Milli-units held by open reservations over {@code set}. */
  long held(ClinicSet set) {
    return database.queryLong("select coalesce(sum(monthly_reserved + overage_reserved), 0)"
        + " from usage_metrics where clinic_id like ?", set.likePattern());
  }
}
