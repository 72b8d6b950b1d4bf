package com.bnaura.quota;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The burn-rate forecast on synthetic histories whose answers are worked out by hand: the rate is
 * the mean of the last 14 opening days weighted 4/5 per day of age, i.e. {@code Σ u(age) 4^age
 * 5^(13-age) / (5^14 - 4^14)} for a full history. March 2026 in Bangkok: the 1st and the 15th are
 * Sundays; the period resets on 1 April.
 */
final class BurnForecastTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Set<DayOfWeek> MON_TO_SAT = EnumSet.range(MONDAY, SATURDAY);

  private final MutableClock clock = MutableClock.at(local(1, "00:30"));
  private final QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
      .clock(clock).customerRefKey("forecast-test-key-0123456789".getBytes()).build();
  private int keys;

  private static Instant local(int marchDay, String time) {
    return LocalDateTime.parse("2026-03-" + (marchDay < 10 ? "0" : "") + marchDay + "T" + time)
        .atZone(BANGKOK).toInstant();
  }

  private static LocalDate march(int day) {
    return LocalDate.of(2026, 3, day);
  }

  private void register(String plan) {
    quotas.registerClinic(ClinicRegistration.builder("c1", plan)
        .overagePolicy(OveragePolicy.AUTO).maxUnitsPerRequest(BIG).build());
  }

  /** Charges {@code units} whole units at 10:00 on {@code marchDay}. */
  private void useOn(int marchDay, long units) {
    if (units == 0) {
      return;
    }
    clock.set(local(marchDay, "10:00"));
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k" + keys++)
        .quantity(units).build());
  }

  @Test
  void steadyUse_runsOutMonthlyThenAddonOnTheRightDays() {
    register("professional");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 50, "t1"));
    for (int day = 1; day <= 14; day++) {
      useOn(day, 20);
    }
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.dailyRate()).isEqualTo(Units.of(20));
    assertThat(f.daysOfData()).isEqualTo(14);
    assertThat(f.monthlyRemaining()).isEqualTo(Units.of(220));
    assertThat(f.addonBalance()).isEqualTo(Units.of(50));
    assertThat(f.monthlyRunsOut()).contains(march(25)); // 11 days x 20 = 220
    assertThat(f.addonRunsOut()).contains(march(28)); // 14 days x 20 = 280 >= 270
    assertThat(f.projectedUse()).isEqualTo(Units.of(340)); // 15..31 March: 17 days
    assertThat(f.projectedShortfall()).isEqualTo(Units.of(70));
    assertThat(f.resetDate()).isEqualTo(LocalDate.of(2026, 4, 1));
    assertThat(f.series()).hasSize(31);
    assertThat(f.series().get(0)).isEqualTo(new BurnForecast.Day(march(1), true, Units.of(20),
        Units.ZERO));
    assertThat(f.series().get(14)).isEqualTo(new BurnForecast.Day(march(15), true, Units.ZERO,
        Units.of(20)));
    assertThat(f.series().get(30).date()).isEqualTo(march(31));
  }

  @Test
  void acceleratingUse_weighsRecentDaysMore() {
    register("professional");
    for (int day = 1; day <= 14; day++) {
      useOn(day, 2L * day); // 2, 4, ... 28: a plain mean would be 15
    }
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.dailyRate()).isEqualTo(Units.parse("21.288"));
    assertThat(f.monthlyRemaining()).isEqualTo(Units.of(290));
    assertThat(f.monthlyRunsOut()).contains(march(28)); // 14 x 21.288 = 298.032 >= 290
    assertThat(f.addonRunsOut()).contains(march(28)); // no add-on
    assertThat(f.projectedUse()).isEqualTo(Units.parse("361.896"));
    assertThat(f.projectedShortfall()).isEqualTo(Units.parse("71.896"));
  }

  @Test
  void closedOnSundays_neitherLooksIdleNorBurnsOnSundays() {
    register("professional");
    for (int day = 1; day <= 14; day++) {
      if (day != 1 && day != 8) { // Sundays
        useOn(day, 20);
      }
    }
    clock.set(local(15, "00:30")); // a Sunday

    BurnForecast closedSundays = quotas.forecast("c1", MON_TO_SAT);
    BurnForecast everyDay = quotas.forecast("c1");

    assertThat(closedSundays.dailyRate()).isEqualTo(Units.of(20));
    assertThat(closedSundays.daysOfData()).isEqualTo(12); // registered on 1 March
    assertThat(closedSundays.monthlyRunsOut()).contains(march(30)); // 13 opening days x 20 = 260
    assertThat(closedSundays.projectedUse()).isEqualTo(Units.of(280)); // 14 opening days left
    assertThat(closedSundays.series()).filteredOn(d -> !d.open())
        .extracting(BurnForecast.Day::date, BurnForecast.Day::projected)
        .containsExactly(Tuple.tuple(march(1), Units.ZERO),
            Tuple.tuple(march(8), Units.ZERO),
            Tuple.tuple(march(15), Units.ZERO),
            Tuple.tuple(march(22), Units.ZERO),
            Tuple.tuple(march(29), Units.ZERO));
    assertThat(everyDay.dailyRate()).isEqualTo(Units.parse("18.673")); // Sundays count as idle
    assertThat(everyDay.monthlyRunsOut()).contains(march(28));
  }

  @Test
  void brandNewClinicWithOneDayOfData_burnsAtThatDay() {
    clock.set(local(14, "09:00"));
    register("professional");
    useOn(14, 7);
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.daysOfData()).isEqualTo(1);
    assertThat(f.insufficientData()).isTrue();
    assertThat(f.dailyRate()).isEqualTo(Units.of(7));
    assertThat(f.projectedUse()).isEqualTo(Units.of(119)); // 17 days x 7
    assertThat(f.monthlyRunsOut()).isEmpty();
    assertThat(f.addonRunsOut()).isEmpty();
    assertThat(f.series().subList(0, 13)).allMatch(d -> d.actual().isZero());
  }

  @Test
  void clinicRegisteredToday_doesNotExtrapolateTodaysPartialDay() {
    clock.set(local(15, "08:00"));
    register("starter");
    clock.set(local(15, "09:00"));
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k")
        .quantity(10).build());
    clock.set(local(15, "12:00"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.daysOfData()).isZero();
    assertThat(f.insufficientData()).isTrue();
    assertThat(f.dailyRate()).isEqualTo(Units.ZERO);
    assertThat(f.series().get(14).actual()).isEqualTo(Units.of(10));
    assertThat(f.projectedUse()).isEqualTo(Units.ZERO);
    assertThat(f.monthlyRunsOut()).isEmpty();
  }

  @Test
  void oneLargeChargeOnTheFirstDay_forecastsNoRunOut_andRecommendsNothing() {
    clock.set(local(15, "08:00"));
    register("professional");
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "big")
        .quantity(92).build());

    BurnForecast f = quotas.forecast("c1");
    Recommendations r = quotas.recommendations("c1");

    assertThat(f.insufficientData()).isTrue();
    assertThat(f.daysOfData()).isZero();
    assertThat(f.dailyRate()).isEqualTo(Units.ZERO);
    assertThat(f.monthlyRunsOut()).isEmpty();
    assertThat(f.projectedShortfall()).isEqualTo(Units.ZERO);
    assertThat(r.items()).isEmpty();
  }

  @Test
  void twoCompletedDays_areInsufficient_threeAreEnough() {
    clock.set(local(13, "09:00"));
    register("starter");
    useOn(13, 20);
    useOn(14, 20);
    clock.set(local(15, "00:30"));

    BurnForecast two = quotas.forecast("c1");
    Recommendations fromTwo = quotas.recommendations("c1");
    useOn(15, 20);
    clock.set(local(16, "00:30"));
    quotas.resetCaches();
    BurnForecast three = quotas.forecast("c1");
    Recommendations fromThree = quotas.recommendations("c1");

    assertThat(two.daysOfData()).isEqualTo(2);
    assertThat(two.insufficientData()).isTrue();
    assertThat(two.projectedShortfall().isPositive()).isTrue(); // shown, flagged, not acted on
    assertThat(fromTwo.items()).isEmpty();
    assertThat(three.daysOfData()).isEqualTo(3);
    assertThat(three.insufficientData()).isFalse();
    assertThat(fromThree.items()).isNotEmpty();
  }

  @Test
  void zeroUse_neverRunsOut() {
    register("starter");
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.dailyRate()).isEqualTo(Units.ZERO);
    assertThat(f.daysOfData()).isEqualTo(14);
    assertThat(f.monthlyRunsOut()).isEmpty();
    assertThat(f.addonRunsOut()).isEmpty();
    assertThat(f.projectedUse()).isEqualTo(Units.ZERO);
    assertThat(f.projectedShortfall()).isEqualTo(Units.ZERO);
    assertThat(f.series()).allMatch(d -> d.actual().isZero() && d.projected().isZero());
  }

  @Test
  void alreadyUsedUp_runsOutToday() {
    register("starter");
    useOn(3, 100);
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.monthlyRunsOut()).contains(march(15));
    assertThat(f.addonRunsOut()).contains(march(15));
  }

  @Test
  void unlimitedPlan_neverRunsOut() {
    register("enterprise");
    for (int day = 1; day <= 14; day++) {
      useOn(day, 1000);
    }
    clock.set(local(15, "00:30"));

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.unlimited()).isTrue();
    assertThat(f.dailyRate()).isEqualTo(Units.of(1000));
    assertThat(f.monthlyRunsOut()).isEmpty();
    assertThat(f.addonRunsOut()).isEmpty();
    assertThat(f.projectedShortfall()).isEqualTo(Units.ZERO);
  }

  @Test
  void forecastAfterAnUnwrittenReset_projectsTheNewPeriod() {
    register("starter");
    useOn(31, 50);
    clock.set(LocalDateTime.parse("2026-04-02T00:30").atZone(BANGKOK).toInstant());

    BurnForecast f = quotas.forecast("c1");

    assertThat(f.period().start()).isEqualTo(LocalDateTime.parse("2026-04-01T00:00")
        .atZone(BANGKOK).toInstant());
    assertThat(f.monthlyRemaining()).isEqualTo(Units.of(100));
    assertThat(f.series().get(0)).isEqualTo(new BurnForecast.Day(LocalDate.of(2026, 4, 1), true,
        Units.ZERO, Units.ZERO));
  }

  @Test
  void badOpeningDays_areRefusedNamingTheField() {
    register("starter");

    assertThatThrownBy(() -> quotas.forecast("c1", Set.of()))
        .isInstanceOfSatisfying(QuotaRefusedException.class, e -> {
          assertThat(e.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
          assertThat(e.refused().field()).contains("openingDays");
        });
    assertThatThrownBy(() -> quotas.forecast("c1", null))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().field()).contains("openingDays"));
    assertThatThrownBy(() -> quotas.forecast("nobody"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThat(Optional.of(quotas.forecast("c1", MON_TO_SAT).openingDays()))
        .contains(MON_TO_SAT);
  }
}
