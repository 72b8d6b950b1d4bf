package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Recommendations on synthetic histories (default catalog: starter 100 units ฿2,990 overage ฿75,
 * professional 500 units ฿8,990 overage ฿60, pack-100 ฿4,800, pack-500 ฿24,000). Each history runs
 * 1-14 March 2026 in Bangkok and is judged at 00:30 on the 15th, with 17 days left to the reset.
 */
final class RecommendationsTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  private final MutableClock clock = MutableClock.at(at(LocalDate.of(2026, 3, 1), 0));
  private final QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
      .clock(clock).customerRefKey("advice-test-key-0123456789".getBytes()).build();
  private int keys;

  private static Instant at(LocalDate day, int hour) {
    return day.atTime(hour, 30).atZone(BANGKOK).toInstant();
  }

  private static Money thb(String amount) {
    return Money.of(amount, Money.THB);
  }

  private void register(String plan, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder("c1", plan).overagePolicy(policy)
        .maxUnitsPerRequest(BIG).build());
  }

  /** Every day from {@code from} to {@code to}, {@code quickScans} quick scans at 10:30. */
  private void quickScansDaily(LocalDate from, LocalDate to, long quickScans) {
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      clock.set(at(d, 10));
      quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k" + keys++)
          .quantity(quickScans).build());
    }
  }

  private Recommendations onTheFifteenth() {
    clock.set(at(LocalDate.of(2026, 3, 15), 0));
    return quotas.recommendations("c1");
  }

  @Test
  void projectedOverageDearerThanAPack_recommendsTheTopUp() {
    register("starter", OveragePolicy.AUTO);
    quickScansDaily(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 14), 27); // 5.4 units a day

    Recommendations r = onTheFifteenth();

    // 24.4 left, 17 x 5.4 = 91.8 projected: 67.4 short, x ฿75 = ฿5,055; 68 units at ฿48 = ฿3,264
    // cover it for less than pack-100 (฿4,800)
    assertThat(r.items()).containsExactly(new Recommendations.BuyTopUp(
        byCount(68), Units.parse("67.4"), thb("5055"), thb("1791")));
    assertThat(r.items().get(0).message()).contains("68 units costs ฿3,264.00", "saves ฿1,791.00")
        .doesNotContain("(68");
    assertThat(r.plan()).isEqualTo(PlanId.STARTER);
  }

  @Test
  void overageBeyondThePriceDifference_recommendsTheUpgrade() {
    register("starter", OveragePolicy.AUTO);
    quickScansDaily(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 14), 75); // 15 units a day

    Recommendations r = onTheFifteenth();

    // charged 110 overage (฿8,250) + projected 255 (฿19,125; 255 units by count cost ฿12,240)
    assertThat(r.items()).containsExactly(
        new Recommendations.BuyTopUp(byCount(255), Units.of(255), thb("19125"), thb("6885")),
        new Recommendations.Upgrade(PlanId.PROFESSIONAL, thb("6000"), thb("27375"),
            thb("21375")));
  }

  @Test
  void bothRulesHold_recommendsTopUpThenUpgrade() {
    register("starter", OveragePolicy.AUTO);
    quickScansDaily(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 14), 30); // 6 units a day

    Recommendations r = onTheFifteenth();

    // 16 left, 102 projected: 86 short, x ฿75 = ฿6,450 > 86 units at ฿48 (฿4,128) and > ฿6,000
    assertThat(r.items()).containsExactly(
        new Recommendations.BuyTopUp(byCount(86), Units.of(86), thb("6450"), thb("2322")),
        new Recommendations.Upgrade(PlanId.PROFESSIONAL, thb("6000"), thb("6450"), thb("450")));
  }

  @Test
  void threeClosedPeriodsUnderHalf_recommendTheDowngrade() {
    clock.set(at(LocalDate.of(2025, 12, 1), 0));
    register("professional", OveragePolicy.CONSENT);
    quickScansDaily(LocalDate.of(2025, 12, 1), LocalDate.of(2026, 3, 1), 10); // 2 units a day
    clock.set(at(LocalDate.of(2026, 3, 2), 0));

    Recommendations r = quotas.recommendations("c1");

    // Dec 62, Jan 62, Feb 56 of 500; March: 2 used + 30 days x 2 projected = 62 <= starter's 100
    assertThat(r.items()).containsExactly(new Recommendations.Downgrade(PlanId.STARTER,
        thb("6000"), Units.of(62), Units.of(100)));
  }

  @Test
  void twoLowPeriodsOnly_recommendNothing() {
    clock.set(at(LocalDate.of(2026, 1, 1), 0));
    register("professional", OveragePolicy.CONSENT);
    quickScansDaily(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 1), 10);
    clock.set(at(LocalDate.of(2026, 3, 2), 0));

    assertThat(quotas.recommendations("c1").isEmpty()).isTrue();
  }

  @Test
  void lowUseThatTheSmallerPlanCannotHold_recommendsNothing() {
    clock.set(at(LocalDate.of(2025, 12, 1), 0));
    register("professional", OveragePolicy.CONSENT);
    quickScansDaily(LocalDate.of(2025, 12, 1), LocalDate.of(2026, 3, 1), 35); // 7 a day: ~217
    clock.set(at(LocalDate.of(2026, 3, 2), 0));

    assertThat(quotas.recommendations("c1").items()).isEmpty();
  }

  @Test
  void comfortableUse_recommendsNothing() {
    register("professional", OveragePolicy.CONSENT);
    quickScansDaily(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 14), 50); // 10 units a day

    assertThat(onTheFifteenth().items()).isEmpty();
  }

  @Test
  void unlimitedPlan_recommendsNothing() {
    register("enterprise", OveragePolicy.BLOCK);
    quickScansDaily(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 14), 5000);

    assertThat(onTheFifteenth().items()).isEmpty();
  }

  /** {@code units} whole units bought by count at the default ฿48 each. */
  private static TopUpPack byCount(long units) {
    return new TopUpPack(units + " units", Units.of(units), thb("48").times(units));
  }
}
