package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Races every store must win: the monthly rollover hit by many threads and instances at once,
 * expiry racing commits, releases and several sweepers, and a hot clinic read while it is drained.
 * Extend it and return a fresh store from {@link #newStore()}.
 */
public abstract class RaceContract {
  /** 1 ms before the reset in Bangkok: 2026-03-31T17:00Z is 1 April 00:00 there. */
  private static final Instant BEFORE_APRIL = Instant.parse("2026-03-31T16:59:59.999Z");

  /** The test's clock; tests move it by hand. */
  protected MutableClock clock;
  /** The store under test: what {@link #newStore()} returned for this test. */
  protected QuotaStore store;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpRaces() {
    clock = MutableClock.at(BEFORE_APRIL.minusSeconds(1));
    store = newStore();
  }

  @AfterEach
  void tearDownRaces() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private QuotaService service() {
    return QuotaService.builder().store(store).clock(clock)
        .customerRefKey("race-contract-key-0123456789".getBytes()).build();
  }

  @Test
  public void rolloverRacedByInstances_opensEachPeriodExactlyOnce() throws Exception {
    QuotaService setup = service();
    int clinics = 12;
    for (int c = 0; c < clinics; c++) {
      setup.registerClinic(ClinicRegistration.builder("roll-" + c, c % 2 == 0 ? "starter" : "professional")
          .overagePolicy(OveragePolicy.AUTO).build());
      setup.purchaseTopUpOrThrow(TopUpRequest.units("roll-" + c, 5, "top-" + c));
    }
    List<QuotaService> instances = List.of(service(), service(), service());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger seq = new AtomicInteger();
    int boundaries = 4;

    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> workers = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(7);
    for (int t = 0; t < 16; t++) {
      SplittableRandom random = seeds.split();
      QuotaService quotas = instances.get(t % instances.size());
      workers.add(pool.submit(() -> {
        while (running.get()) {
          String clinic = "roll-" + random.nextInt(clinics);
          UsageRequest r = UsageRequest.builder(clinic,
              random.nextBoolean() ? OperationId.QUICK_SCAN : OperationId.CLINICAL_ANALYSIS,
              "k-" + seq.incrementAndGet()).build();
          if (random.nextBoolean()) {
            quotas.tryConsume(r);
          } else if (quotas.tryReserve(r) instanceof Reserved res) {
            quotas.tryCommit(CommitRequest.of(clinic, res.id().value()));
          }
        }
        return null;
      }));
    }
    try {
      Instant edge = BEFORE_APRIL.plusMillis(1);
      for (int b = 0; b < boundaries; b++) {
        clock.set(edge.minusMillis(200));
        Thread.sleep(150);
        clock.set(edge.plusMillis(1));
        Thread.sleep(150);
        edge = com.bnaura.quota.model.BillingPeriod.monthOf(edge, java.time.ZoneId.of("Asia/Bangkok")).end();
      }
    } finally {
      running.set(false);
      for (Future<?> f : workers) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }

    ReliabilityReport.add("faults_survived", "month_boundaries_crossed_under_load", boundaries);
    for (int c = 0; c < clinics; c++) {
      // a clinic no thread touched after the last boundary opens its period now (lazily)
      setup.tryConsume(UsageRequest.builder("roll-" + c, OperationId.CHAT_ADVISOR, "last-" + c)
          .build());
    }
    for (int c = 0; c < clinics; c++) {
      ClinicId clinic = ClinicId.of("roll-" + c);
      LedgerInvariants.check(store, clinic);
      List<PeriodRecord> periods = store.periods(clinic);
      assertThat(periods).as("periods of %s", clinic).hasSize(boundaries + 1);
      assertThat(store.findAccount(clinic).orElseThrow().addonPurchased())
          .as("add-on bought is untouched by rollovers").isEqualTo(Units.of(5));
      long grants = store.ledger(clinic, Instant.MIN, Instant.MAX).stream()
          .filter(e -> e.kind() == LedgerKind.GRANT).count();
      assertThat(grants).as("one grant per period of %s", clinic).isEqualTo(boundaries + 1);
    }
  }

  @Test
  public void instanceWithSkewedClock_neverWritesIntoAClosedPeriod() throws Exception {
    QuotaService behind = service();
    QuotaService ahead = QuotaService.builder().store(store)
        .clock(java.time.Clock.offset(clock, Duration.ofMinutes(3)))
        .customerRefKey("race-contract-key-0123456789".getBytes()).build();
    behind.registerClinic(ClinicRegistration.builder("skew", "professional").build());
    clock.set(BEFORE_APRIL.minus(Duration.ofMinutes(4)));
    AtomicInteger seq = new AtomicInteger();
    Instant rolledAt = null;

    for (int step = 0; step < 60; step++) {
      clock.advance(Duration.ofSeconds(6)); // from 4 min before to 2 min after the reset
      for (QuotaService quotas : List.of(behind, ahead)) {
        quotas.consumeOrThrow(UsageRequest.builder("skew", OperationId.QUICK_SCAN,
            "s-" + seq.incrementAndGet()).build());
      }
      if (rolledAt == null && store.periods(ClinicId.of("skew")).size() == 2) {
        rolledAt = clock.instant();
      }
    }

    ClinicId clinic = ClinicId.of("skew");
    LedgerInvariants.check(store, clinic);
    List<PeriodRecord> periods = store.periods(clinic);
    assertThat(periods).hasSize(2);
    assertThat(rolledAt).as("the instance 3 minutes ahead opened April first")
        .isBefore(BEFORE_APRIL);
    Instant april = periods.get(1).period().start();
    List<com.bnaura.quota.spi.LedgerEntry> ledger = store.ledger(clinic, Instant.MIN, Instant.MAX);
    int opened = -1;
    for (int i = 0; i < ledger.size(); i++) {
      if (ledger.get(i).kind() == LedgerKind.GRANT && ledger.get(i).periodStart().equals(april)) {
        opened = i;
      }
    }
    assertThat(opened).as("April was opened once").isPositive();
    assertThat(ledger.subList(opened, ledger.size()))
        .filteredOn(e -> e.kind() == LedgerKind.CHARGE)
        .as("after April opened, no charge of either instance lands in March")
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.periodStart()).isEqualTo(april));
    assertThat(ledger.subList(opened, ledger.size()))
        .filteredOn(e -> e.kind() == LedgerKind.CHARGE && e.at().isBefore(april))
        .as("the instance behind keeps charging, into April, while its clock still says March")
        .isNotEmpty();
    ReliabilityReport.add("faults_survived", "skewed_clock_minutes", 3);
  }

  @Test
  public void expiryRacingCommitsReleasesAndSweepers_resolvesEachReservationOnce() throws Exception {
    QuotaService setup = service();
    setup.registerClinic(ClinicRegistration.builder("race", "professional")
        .overagePolicy(OveragePolicy.BLOCK).build());
    clock.set(Instant.parse("2026-03-10T03:00:00Z"));
    List<QuotaService> instances = List.of(service(), service());
    int reservations = 120;
    List<Reserved> held = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < reservations; i++) {
      held.add(instances.get(i % 2).reserveOrThrow(UsageRequest.builder("race",
          OperationId.CLINICAL_ANALYSIS, "r-" + i).ttl(Duration.ofSeconds(30 + random.nextInt(60)))
          .build()));
    }
    Map<String, String> callerOutcome = new ConcurrentHashMap<>();

    ExecutorService pool = Executors.newFixedThreadPool(12);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        QuotaService quotas = instances.get(thread % 2);
        for (int i = thread; i < reservations; i += 8) {
          String id = held.get(i).id().value();
          if (i % 10 == 0) {
            quotas.tryRelease("race", id); // some released and committed at once
          }
          CommitResult c = quotas.tryCommit(CommitRequest.of("race", id));
          callerOutcome.put(id, c instanceof Committed done
              ? (done.late() ? "late" : "committed") : ((Refused) c).code().name());
        }
        return null;
      }));
    }
    for (int s = 0; s < 4; s++) {
      QuotaService sweeper = instances.get(s % 2);
      futures.add(pool.submit(() -> {
        start.await();
        for (int round = 0; round < 30; round++) {
          sweeper.expireReservations();
        }
        return null;
      }));
    }
    futures.add(pool.submit(() -> {
      start.await();
      for (int step = 0; step < 30; step++) {
        clock.advance(Duration.ofSeconds(3));
        Thread.sleep(5);
      }
      return null;
    }));
    start.countDown();
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    clock.advance(Duration.ofMinutes(5));
    setup.expireReservations();

    ClinicId clinic = ClinicId.of("race");
    LedgerInvariants.check(store, clinic);
    List<ReservationRecord> rows = store.reservations(clinic,
        held.get(0).period().start());
    assertThat(rows).hasSize(reservations);
    assertThat(rows).allSatisfy(r -> assertThat(r.state()).isNotEqualTo(ReservationState.PENDING));
    long committedUnits = 0;
    for (ReservationRecord r : rows) {
      String outcome = callerOutcome.get(r.id().value());
      switch (r.state()) {
        case COMMITTED -> assertThat(outcome).isEqualTo("committed");
        case RELEASED -> assertThat(outcome).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN.name());
        case EXPIRED -> assertThat(outcome).isIn("late", RefusalCode.RESERVATION_NOT_OPEN.name());
        default -> throw new AssertionError(r.state());
      }
      if (!"RELEASED".equals(r.state().name()) && ("committed".equals(outcome) || "late".equals(outcome))) {
        committedUnits += 1000;
      }
    }
    var balance = setup.balance("race");
    assertThat(balance.monthlyUsed().milli()).as("one charge per committed or late-committed reservation")
        .isEqualTo(committedUnits);
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
  }

  @Test
  public void hotClinicDrainedWhileRead_neverShowsBrokenConservation() throws Exception {
    QuotaService setup = service();
    setup.registerClinic(ClinicRegistration.builder("hot", "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
    setup.purchaseTopUpOrThrow(TopUpRequest.units("hot", 60, "top"));
    List<QuotaService> instances = List.of(service(), service());
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger seq = new AtomicInteger();
    AtomicBoolean draining = new AtomicBoolean(true);
    AtomicInteger snapshots = new AtomicInteger();

    ExecutorService pool = Executors.newFixedThreadPool(36);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      QuotaService quotas = instances.get(t % 2);
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 8; i++) {
          Object r = quotas.tryReserve(UsageRequest.builder("hot", OperationId.CLINICAL_ANALYSIS,
              "h-" + seq.incrementAndGet()).build());
          if (r instanceof Reserved res) {
            quotas.commitOrThrow(CommitRequest.of("hot", res.id().value()));
            granted.incrementAndGet();
          }
        }
        return null;
      }));
    }
    List<Future<?>> readers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      readers.add(pool.submit(() -> {
        do {
          var b = setup.balance("hot");
          assertThat(b.monthlyUsed().plus(b.monthlyReserved()).plus(b.monthlyRemaining()))
              .isEqualTo(b.monthlyAllowance());
          var a = store.findAccount(ClinicId.of("hot")).orElseThrow();
          assertThat(a.addonUsed().plus(a.addonReserved()).plus(a.addonAvailable()))
              .isEqualTo(a.addonPurchased());
          snapshots.incrementAndGet();
        } while (draining.get());
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    draining.set(false);
    for (Future<?> f : readers) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdownNow();

    assertThat(granted.get()).isEqualTo(160);
    assertThat(snapshots.get()).isPositive();
    assertThat(setup.balance("hot").totalRemaining()).isEqualTo(Units.ZERO);
    LedgerInvariants.check(store, ClinicId.of("hot"));
  }
}
