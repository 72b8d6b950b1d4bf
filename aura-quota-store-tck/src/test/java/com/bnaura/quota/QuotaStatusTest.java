package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The quota status a dashboard polls (the old system's quota-config). */
final class QuotaStatusTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z"); // 10 Mar, 10:00 ICT
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock)
      .customerRefKey("status-test-key-0123456789".getBytes()).build();

  private void register(String clinic, String plan, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan).overagePolicy(policy)
        .maxUnitsPerRequest(BIG).build());
  }

  private void use(String clinic, long units, String key) {
    quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key)
        .quantity(units).build());
  }

  @Test
  void status_showsEveryFigureOfTheBalance() {
    register("c1", "professional", OveragePolicy.AUTO);
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 100, "t1"));
    use("c1", 450, "k1");
    quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "r1")
        .quantity(3).build());

    QuotaStatus s = quotas.status("c1");

    assertThat(s.clinic()).isEqualTo(ClinicId.of("c1"));
    assertThat(s.plan()).isEqualTo(PlanId.PROFESSIONAL);
    assertThat(s.unlimited()).isFalse();
    assertThat(s.monthlyAllowance()).isEqualTo(Units.of(500));
    assertThat(s.monthlyUsed()).isEqualTo(Units.of(450));
    assertThat(s.monthlyRemaining()).isEqualTo(Units.of(47));
    assertThat(s.addonBalance()).isEqualTo(Units.of(100));
    assertThat(s.totalRemaining()).isEqualTo(Units.of(147));
    assertThat(s.percentRemaining()).isEqualByComparingTo("24.50"); // 147 / (500 + 0 + 100)
    assertThat(s.reserved()).isEqualTo(Units.of(3));
    assertThat(s.overageUnits()).isEqualTo(Units.ZERO);
    assertThat(s.overageCost()).isEqualTo(Money.zero(Money.THB));
    assertThat(s.overagePrice()).contains(Money.of("60", Money.THB));
    assertThat(s.policy()).isEqualTo(OveragePolicy.AUTO);
    assertThat(s.overageCap()).isEmpty();
    assertThat(s.periodStart()).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
    assertThat(s.resetAt()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Bangkok"));
    assertThat(s.alertLevel()).isEmpty();
    assertThat(s.asOf()).isEqualTo(clock.instant());
  }

  @Test
  void overage_showsUnitsMoneyAndLevel() {
    register("c1", "starter", OveragePolicy.AUTO);

    use("c1", 102, "k1");
    QuotaStatus s = quotas.status("c1");

    assertThat(s.overageUnits()).isEqualTo(Units.of(2));
    assertThat(s.overageCost()).isEqualTo(Money.of("150", Money.THB));
    assertThat(s.totalRemaining()).isEqualTo(Units.ZERO);
    assertThat(s.alertLevel()).contains(AlertLevel.OVERAGE_STARTED);
  }

  @Test
  void resetThatNobodyWroteYet_showsTheNewPeriodAndThePendingPlan() {
    register("c1", "professional", OveragePolicy.BLOCK);
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "t1"));
    use("c1", 500, "k1");
    quotas.changePlan(new PlanChangeRequest("c1", "starter",
        PlanChangeRequest.Timing.NEXT_PERIOD, "p1"));

    clock.set("2026-04-01T00:00:00Z"); // 1 Apr, 07:00 ICT: reset passed, nothing written
    QuotaStatus s = quotas.status("c1");

    assertThat(s.plan()).isEqualTo(PlanId.STARTER);
    assertThat(s.periodStart()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    assertThat(s.monthlyAllowance()).isEqualTo(Units.of(100));
    assertThat(s.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(s.totalRemaining()).isEqualTo(Units.of(110));
    assertThat(s.percentRemaining()).isEqualByComparingTo("100");
    assertThat(s.alertLevel()).isEmpty();
    assertThat(store.periods(ClinicId.of("c1"))).hasSize(1);
  }

  @Test
  void unlimitedPlan_showsUnlimited() {
    register("c1", "enterprise", OveragePolicy.BLOCK);
    use("c1", 10_000, "k1");

    QuotaStatus s = quotas.status("c1");

    assertThat(s.unlimited()).isTrue();
    assertThat(s.monthlyRemaining()).isEqualTo(Units.MAX);
    assertThat(s.totalRemaining()).isEqualTo(Units.MAX);
    assertThat(s.percentRemaining()).isEqualByComparingTo("100");
    assertThat(s.overagePrice()).isEmpty();
    assertThat(s.alertLevel()).isEmpty();
  }

  @Test
  void badClinic_isRefusedLikeBalance() {
    assertThatThrownBy(() -> quotas.status("nobody"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThatThrownBy(() -> quotas.status(""))
        .isInstanceOfSatisfying(QuotaRefusedException.class, e -> {
          assertThat(e.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
          assertThat(e.refused().field()).isEqualTo(Optional.of("clinicId"));
        });
    assertThatThrownBy(() -> quotas.status(null))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().field()).contains("clinicId"));
  }
}
