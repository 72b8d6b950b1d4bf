package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Alerts: each level once per clinic and period, re-armed by a top-up or a new period. */
final class QuotaAlertTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z"); // 10 Mar, 10:00 ICT
  private final QuotaStore store = QuotaStore.inMemory();
  private final List<QuotaAlert> alerts = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final QuotaListener recorder = new QuotaListener() {
    @Override
    public void onAlert(QuotaAlert alert) {
      alerts.add(alert);
      events.add("alert:" + alert.level());
    }

    @Override
    public void onConsumed(Consumed consumed) {
      events.add("consumed");
    }

    @Override
    public void onReserved(Reserved reserved) {
      events.add("reserved");
    }
  };
  private final QuotaService quotas = service(recorder);

  private QuotaService service(QuotaListener... listeners) {
    QuotaService.Builder builder = QuotaService.builder().store(store).clock(clock)
        .customerRefKey("alert-test-key-0123456789".getBytes());
    for (QuotaListener l : listeners) {
      builder.listener(l);
    }
    return builder.build();
  }

  private void register(String clinic, String plan, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan).overagePolicy(policy)
        .maxUnitsPerRequest(BIG).build());
  }

  private int keys;

  private Consumed use(String clinic, long units) {
    return quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
        "use-" + keys++).quantity(units).build());
  }

  private List<AlertLevel> levels() {
    return alerts.stream().map(QuotaAlert::level).toList();
  }

  @Test
  void crossingTenPercent_firesWarningOnceWithFigures() {
    register("c1", "starter", OveragePolicy.BLOCK);

    use("c1", 90);
    use("c1", 1);
    use("c1", 1);

    assertThat(levels()).containsExactly(AlertLevel.WARNING);
    QuotaAlert warning = alerts.get(0);
    assertThat(warning.clinic()).isEqualTo(ClinicId.of("c1"));
    assertThat(warning.remaining()).isEqualTo(Units.of(9));
    assertThat(warning.percentRemaining()).isEqualByComparingTo("9.00");
    assertThat(warning.period()).isEqualTo(quotas.balance("c1").period());
    assertThat(warning.at()).isEqualTo(clock.instant());
  }

  @Test
  void exactlyTenPercentLeft_isNotYetAWarning() {
    register("c1", "starter", OveragePolicy.BLOCK);

    use("c1", 90);

    assertThat(alerts).isEmpty();
    assertThat(quotas.status("c1").alertLevel()).isEmpty();
  }

  @Test
  void oneChargeAcrossEveryThreshold_firesEachLevelOnceInOrder() {
    register("c1", "starter", OveragePolicy.AUTO);

    use("c1", 100);
    use("c1", 2);

    assertThat(levels()).containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL,
        AlertLevel.EXHAUSTED, AlertLevel.OVERAGE_STARTED);
    assertThat(events).containsExactly("consumed", "alert:WARNING", "alert:CRITICAL",
        "alert:EXHAUSTED", "consumed", "alert:OVERAGE_STARTED");
  }

  @Test
  void reservationThatCrossesAThreshold_firesAtReserve() {
    register("c1", "starter", OveragePolicy.BLOCK);

    quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "r1")
        .quantity(96).build());

    assertThat(events).containsExactly("reserved", "alert:WARNING", "alert:CRITICAL");
  }

  @Test
  void percentRemaining_countsAddonAtStartAndBoughtInThePeriod() {
    register("c1", "starter", OveragePolicy.BLOCK);
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 20, "t1"));
    clock.set("2026-04-05T03:00:00Z"); // April: 100 monthly + 20 add-on at start
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 30, "t2")); // + 30 bought: base 150

    use("c1", 135); // 15 of 150 left = 10%
    List<AlertLevel> atTenPercent = levels();
    use("c1", 1); // 14 of 150 = 9.33%

    assertThat(atTenPercent).isEmpty();
    assertThat(levels()).containsExactly(AlertLevel.WARNING);
    assertThat(alerts.get(0).percentRemaining()).isEqualByComparingTo("9.33");
    assertThat(quotas.status("c1").percentRemaining()).isEqualByComparingTo("9.33");
  }

  @Test
  void topUpThatLiftsAboveTenPercent_rearmsWarning() {
    register("c1", "starter", OveragePolicy.BLOCK);
    use("c1", 91); // 9 left: WARNING

    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "t1")); // 19 of 110 = 17.27%
    use("c1", 9); // 10 of 110 = 9.09%

    assertThat(levels()).containsExactly(AlertLevel.WARNING, AlertLevel.WARNING);
    assertThat(store.findPeriod(ClinicId.of("c1"), quotas.balance("c1").period().start())
        .orElseThrow().alertsFired()).containsExactly(AlertLevel.WARNING);
  }

  @Test
  void topUpThatStaysBelowTenPercent_doesNotRearm() {
    register("c1", "starter", OveragePolicy.BLOCK);
    use("c1", 91);

    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 1, "t1")); // 10 of 101 = 9.9%
    use("c1", 1);

    assertThat(levels()).containsExactly(AlertLevel.WARNING);
  }

  @Test
  void topUpAfterOverage_rearmsExhaustedAndOverageStarted() {
    register("c1", "starter", OveragePolicy.AUTO);
    use("c1", 101);

    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 5, "t1")); // 5 of 105: critical still
    use("c1", 6);

    assertThat(levels()).containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL,
        AlertLevel.EXHAUSTED, AlertLevel.OVERAGE_STARTED, AlertLevel.EXHAUSTED,
        AlertLevel.OVERAGE_STARTED);
  }

  @Test
  void newPeriod_rearmsEveryLevel() {
    register("c1", "starter", OveragePolicy.BLOCK);
    use("c1", 96);

    clock.set("2026-04-01T00:00:00Z"); // 1 Apr, 07:00 ICT
    use("c1", 96);

    assertThat(alerts).extracting(a -> a.level() + "@" + a.period().start()).containsExactly(
        "WARNING@2026-02-28T17:00:00Z", "CRITICAL@2026-02-28T17:00:00Z",
        "WARNING@2026-03-31T17:00:00Z", "CRITICAL@2026-03-31T17:00:00Z");
  }

  @Test
  void unlimitedPlan_neverAlerts() {
    register("c1", "enterprise", OveragePolicy.BLOCK);

    use("c1", 5000);

    assertThat(alerts).isEmpty();
    assertThat(quotas.status("c1").alertLevel()).isEmpty();
    assertThat(quotas.status("c1").percentRemaining()).isEqualByComparingTo("100");
  }

  @Test
  void failingAlertListener_neverFailsTheConsumption_andOthersStillHear() {
    QuotaListener failing = new QuotaListener() {
      @Override
      public void onAlert(QuotaAlert alert) {
        throw new IllegalStateException("mail server down");
      }
    };
    QuotaService guarded = service(failing, recorder);
    guarded.registerClinic(ClinicRegistration.builder("c1", "starter").build());

    ConsumeResult result = guarded.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "k1").quantity(95).build());

    assertThat(result).isInstanceOf(Consumed.class);
    assertThat(levels()).containsExactly(AlertLevel.WARNING);
    assertThat(guarded.balance("c1").monthlyUsed()).isEqualTo(Units.of(95));
  }

  @Test
  void replayedConsumption_firesNoSecondAlert() {
    register("c1", "starter", OveragePolicy.BLOCK);
    UsageRequest big = UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "same")
        .quantity(95).build();

    quotas.consumeOrThrow(big);
    quotas.consumeOrThrow(big);

    assertThat(levels()).containsExactly(AlertLevel.WARNING);
  }

  @Test
  void manyThreadsOverTwoInstances_fireEachLevelExactlyOncePerPeriod() throws Exception {
    QuotaService first = service(recorder);
    QuotaService second = service(recorder);
    first.registerClinic(ClinicRegistration.builder("hot", "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
    AtomicInteger key = new AtomicInteger();

    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      QuotaService instance = t % 2 == 0 ? first : second;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 5; i++) {
          instance.consumeOrThrow(UsageRequest.builder("hot", OperationId.CLINICAL_ANALYSIS,
              "k" + key.incrementAndGet()).build());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Map<AlertLevel, Long> perLevel = alerts.stream()
        .collect(Collectors.groupingBy(QuotaAlert::level, Collectors.counting()));
    assertThat(perLevel).containsExactlyInAnyOrderEntriesOf(Map.of(AlertLevel.WARNING, 1L,
        AlertLevel.CRITICAL, 1L, AlertLevel.EXHAUSTED, 1L, AlertLevel.OVERAGE_STARTED, 1L));
    Map<AlertLevel, Units> remainingAt = alerts.stream()
        .collect(Collectors.toMap(QuotaAlert::level, QuotaAlert::remaining));
    assertThat(remainingAt).containsEntry(AlertLevel.WARNING, Units.of(9))
        .containsEntry(AlertLevel.CRITICAL, Units.of(4))
        .containsEntry(AlertLevel.EXHAUSTED, Units.ZERO)
        .containsEntry(AlertLevel.OVERAGE_STARTED, Units.ZERO);
    assertThat(first.balance("hot").overageUnits()).isEqualTo(Units.of(60));
  }

  @Test
  void statusAlertLevel_followsTheBalance() {
    register("c1", "starter", OveragePolicy.AUTO);
    Function<Integer, AlertLevel> levelAfter = units -> {
      use("c1", units);
      return quotas.status("c1").alertLevel().orElse(null);
    };

    assertThat(levelAfter.apply(89)).isNull();
    assertThat(levelAfter.apply(2)).isEqualTo(AlertLevel.WARNING);
    assertThat(levelAfter.apply(5)).isEqualTo(AlertLevel.CRITICAL);
    assertThat(levelAfter.apply(4)).isEqualTo(AlertLevel.EXHAUSTED);
    assertThat(levelAfter.apply(1)).isEqualTo(AlertLevel.OVERAGE_STARTED);
    assertThat(quotas.status("c1").percentRemaining()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void lateCommitCharged_canStartOverage() {
    register("c1", "starter", OveragePolicy.AUTO);
    Reserved held = quotas.reserveOrThrow(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "r1").quantity(2).build());
    use("c1", 98);
    clock.advance(Duration.ofMinutes(11));
    quotas.expireReservations(); // the 2 held units come back
    use("c1", 2);
    List<AlertLevel> beforeLateCommit = levels();

    Committed late = quotas.commitOrThrow(CommitRequest.of("c1", held.id().value()));

    assertThat(late.late()).isTrue();
    assertThat(late.charge().split().overage()).isEqualTo(Units.of(2));
    assertThat(beforeLateCommit).doesNotContain(AlertLevel.OVERAGE_STARTED);
    assertThat(levels()).endsWith(AlertLevel.OVERAGE_STARTED);
  }
}
