package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.UsageSummary;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link QuotaStore} passes (Bucket4j's TCK shape): extend it, return a fresh
 * store from {@link #newStore()}, and every test here runs against it. Several {@link QuotaService}
 * instances over one store stand for several application instances sharing one database.
 */
public abstract class QuotaStoreContract {

  /** The instant every test starts at: 10 March 2026, 10:00 in Bangkok. */
  protected static final Instant START = Instant.parse("2026-03-10T03:00:00Z");

  /** The test's clock, standing at {@link #START} when the test begins; tests move it by hand. */
  protected MutableClock clock;
  /** The store under test: what {@link #newStore()} returned for this test. */
  protected QuotaStore store;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  /** Threads used by the concurrency tests; a slow store may lower it. */
  protected int threads() {
    return 32;
  }

  @BeforeEach
  void setUpStore() {
    clock = MutableClock.at(START);
    store = newStore();
  }

  @AfterEach
  void tearDownStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** A service over the test's store and clock. */
  protected QuotaService service() {
    return QuotaService.builder().store(store).clock(clock)
        .customerRefKey("contract-test-key-0123456789".getBytes()).build();
  }

  /** Registers {@code clinic} on {@code plan} with {@code policy}. */
  protected static void register(QuotaService quotas, String clinic, String plan,
      OveragePolicy policy) {
    assertThat(quotas.registerClinic(ClinicRegistration.builder(clinic, plan)
        .overagePolicy(policy).build())).isNotInstanceOf(Refused.class);
  }

  private static UsageRequest scan(String clinic, OperationId op, String key) {
    return UsageRequest.builder(clinic, op, key).build();
  }

  @Test
  public void register_opensAccountWithFullAllowance() {
    QuotaService quotas = service();

    register(quotas, "c1", "starter", OveragePolicy.BLOCK);

    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.of(100));
    assertThat(store.periods(ClinicId.of("c1"))).hasSize(1);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void reserve_splitsMonthlyThenAddonAndCommitKeepsTheSplit() {
    QuotaService quotas = service();
    register(quotas, "c1", "starter", OveragePolicy.BLOCK);
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 5, "top-1"));
    for (int i = 0; i < 99; i++) {
      quotas.consumeOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "fill-" + i));
    }
    quotas.consumeOrThrow(scan("c1", OperationId.QUICK_SCAN, "fill-q"));
    // 0.8 monthly left, 5 add-on

    Reserved reserved = quotas.reserveOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "r1"));
    Committed committed = quotas.commitOrThrow(CommitRequest.of("c1", reserved.id().value()));

    Deduction expected = new Deduction(Units.parse("0.8"), Units.parse("0.2"), Units.ZERO,
        List.of(new GrantPart(pack.grant(), Units.parse("0.2"))));
    assertThat(reserved.hold().split()).isEqualTo(expected);
    assertThat(committed.charge().split()).isEqualTo(expected);
    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.ZERO);
    assertThat(quotas.balance("c1").addonAvailable()).isEqualTo(Units.parse("4.8"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void release_givesBackExactlyWhatWasHeld() {
    QuotaService quotas = service();
    register(quotas, "c1", "starter", OveragePolicy.BLOCK);

    Reserved reserved = quotas.reserveOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "r1"));
    ReleaseResult released = quotas.tryRelease("c1", reserved.id().value());

    assertThat(released).isInstanceOf(Released.class);
    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.of(100));
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void cachedAnswer_isAZeroCostLineInTheStats_writtenOnceForItsKey() {
    QuotaService quotas = service();
    register(quotas, "c1", "starter", OveragePolicy.BLOCK);
    UsageRequest cached = UsageRequest.builder("c1", OperationId.QUICK_SCAN, "cached-1")
        .user("sales-1").build();

    ConsumeResult first = quotas.recordCachedAnswer(cached);
    ConsumeResult retried = service().recordCachedAnswer(cached);

    assertThat(first).isInstanceOf(Consumed.class).isEqualTo(retried);
    assertThat(((Consumed) first).charge().isFree()).isTrue();
    assertThat(store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX))
        .filteredOn(e -> e.kind() == LedgerKind.CHARGE).singleElement().satisfies(e -> {
          assertThat(e.units()).isEqualTo(Units.ZERO);
          assertThat(e.money().minor()).isZero();
          assertThat(e.waived()).isEqualTo(Units.parse("0.2"));
          assertThat(e.reason()).contains("CACHED_ANSWER");
        });
    UsageStats stats = service().usageStats("c1");
    assertThat(stats.cachedAnswers().count()).isEqualTo(1);
    assertThat(stats.cachedAnswers().units()).isEqualTo(Units.parse("0.2"));
    assertThat(stats.charged().count()).isEqualTo(1);
    assertThat(stats.charged().units()).isEqualTo(Units.ZERO);
    assertThat(stats.overageCost().minor()).isZero();
    assertThat(stats.exemptRepeats().count()).isZero();
    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.of(100));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void expiredReservation_isReclaimedBySweeperOnce() {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", "starter", OveragePolicy.BLOCK);
    Reserved reserved = first.reserveOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "r1"));

    clock.advance(Duration.ofMinutes(10));
    int swept = first.expireReservations() + second.expireReservations();

    assertThat(swept).isEqualTo(1);
    assertThat(first.balance("c1").monthlyRemaining()).isEqualTo(Units.of(100));
    assertThat(store.reservations(ClinicId.of("c1"), reserved.period().start()))
        .singleElement().extracting(r -> r.state()).isEqualTo(ReservationState.EXPIRED);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void sweepersOnTwoInstances_expireEachReservationOnce() throws Exception {
    QuotaService first = service();
    QuotaService second = service();
    for (int c = 0; c < 4; c++) {
      register(first, "c" + c, "starter", OveragePolicy.BLOCK);
      for (int r = 0; r < 5; r++) {
        first.reserveOrThrow(scan("c" + c, OperationId.QUICK_SCAN, "r" + c + "-" + r));
      }
    }
    clock.advance(Duration.ofMinutes(11));
    AtomicInteger swept = new AtomicInteger();

    runConcurrently(4, (thread, random) ->
        swept.addAndGet((thread % 2 == 0 ? first : second).expireReservations()));

    assertThat(swept).as("each of the 20 expired holds is given back by exactly one sweep")
        .hasValue(20);
    for (int c = 0; c < 4; c++) {
      ClinicId clinic = ClinicId.of("c" + c);
      assertThat(first.balance(clinic.value()).monthlyRemaining()).isEqualTo(Units.of(100));
      assertThat(store.ledger(clinic, Instant.MIN, Instant.MAX).stream()
          .filter(e -> e.kind() == LedgerKind.UNHOLD)).hasSize(5);
      LedgerInvariants.check(store, clinic);
    }
  }

  @Test
  public void reservationOfOneClinic_isUnknownToAnother() {
    QuotaService quotas = service();
    register(quotas, "a", "starter", OveragePolicy.BLOCK);
    register(quotas, "b", "starter", OveragePolicy.BLOCK);
    Reserved reserved = quotas.reserveOrThrow(scan("a", OperationId.CLINICAL_ANALYSIS, "same-key"));

    ReleaseResult fromB = quotas.tryRelease("b", reserved.id().value());
    ReserveResult sameKeyAtB = quotas.tryReserve(scan("b", OperationId.QUICK_SCAN, "same-key"));

    assertThat(fromB).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_RESERVATION));
    assertThat(sameKeyAtB).isInstanceOf(Reserved.class);
    assertThat(quotas.balance("a").monthlyReserved()).isEqualTo(Units.of(1));
  }

  /**
   * Another instance charges the clinic between every load and apply of this one: after a few
   * conflicts this instance decides holding the clinic in the store, so its charge goes in rather
   * than failing after too many conflicts, and nothing is counted twice.
   */
  @Test
  public void aClinicAnotherInstanceWritesBetweenEveryLoadAndApply_isChargedHoldingItsLock()
      throws Exception {
    QuotaService other = service();
    register(other, "busy", "starter", OveragePolicy.BLOCK);
    AtomicInteger otherCharges = new AtomicInteger();
    AtomicInteger lockedRuns = new AtomicInteger();
    ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);
    ExecutorService otherInstance = Executors.newSingleThreadExecutor();
    QuotaStore interfering = new ForwardingQuotaStore(store) {
      @Override
      public ClinicSnapshot load(LoadRequest request) {
        ClinicSnapshot read = super.load(request);
        if (!holding.get() && otherCharges.get() < 100) {
          String key = "other-" + otherCharges.incrementAndGet();
          try {
            otherInstance.submit(() -> other.consumeOrThrow(
                scan("busy", OperationId.CLINICAL_ANALYSIS, key))).get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        return read;
      }

      @Override
      public <T> T locked(ClinicId clinic, Supplier<T> work) {
        lockedRuns.incrementAndGet();
        holding.set(true);
        try {
          return super.locked(clinic, work);
        } finally {
          holding.set(false);
        }
      }
    };
    QuotaService mine = QuotaService.builder().store(interfering).clock(clock)
        .customerRefKey("contract-test-key-0123456789".getBytes()).build();
    Units before = other.balance("busy").monthlyUsed();

    ConsumeResult result;
    try {
      result = mine.tryConsume(scan("busy", OperationId.CLINICAL_ANALYSIS, "mine"));
    } finally {
      otherInstance.shutdownNow();
    }

    assertThat(result).isInstanceOf(Consumed.class);
    assertThat(lockedRuns.get()).as("locked runs").isEqualTo(1);
    assertThat(otherCharges.get()).as("the other instance's charges").isBetween(1, 10);
    Units each = ((Consumed) result).charge().split().fromMonthly();
    assertThat(other.balance("busy").monthlyUsed().minus(before))
        .isEqualTo(each.times(otherCharges.get() + 1));
    LedgerInvariants.check(store, ClinicId.of("busy"));
  }

  @Test
  public void hotClinic_manyThreadsAndInstances_grantExactlyAllowancePlusAddon() throws Exception {
    QuotaService setup = service();
    register(setup, "hot", "starter", OveragePolicy.BLOCK);
    setup.purchaseTopUpOrThrow(TopUpRequest.units("hot", 30, "top"));
    List<QuotaService> instances = List.of(service(), service(), service());
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger attempt = new AtomicInteger();

    runConcurrently(threads(), (thread, random) -> {
      QuotaService quotas = instances.get(thread % instances.size());
      for (int i = 0; i < 8; i++) {
        String key = "k-" + attempt.incrementAndGet();
        boolean twoStep = random.nextBoolean();
        Object outcome = twoStep
            ? quotas.tryReserve(scan("hot", OperationId.CLINICAL_ANALYSIS, key))
            : quotas.tryConsume(scan("hot", OperationId.CLINICAL_ANALYSIS, key));
        if (outcome instanceof Reserved r) {
          assertThat(quotas.tryCommit(CommitRequest.of("hot", r.id().value())))
              .isInstanceOf(Committed.class);
          granted.incrementAndGet();
        } else if (outcome instanceof Consumed) {
          granted.incrementAndGet();
        } else {
          assertThat(((Refused) outcome).code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
          refused.incrementAndGet();
        }
      }
    });

    int attempts = threads() * 8;
    int expected = Math.min(attempts, 130);
    assertThat(granted.get()).as("granted of %d attempts", attempts).isEqualTo(expected);
    assertThat(refused.get()).isEqualTo(attempts - expected);
    if (attempts >= 130) {
      assertThat(setup.balance("hot").totalRemaining()).isEqualTo(Units.ZERO);
    }
    assertThat(setup.balance("hot").overageUnits()).isEqualTo(Units.ZERO);
    LedgerInvariants.check(store, ClinicId.of("hot"));
  }

  @Test
  public void manyClinics_reservationsUnderContention_loseNothing() throws Exception {
    QuotaService setup = service();
    int clinics = 100;
    for (int c = 0; c < clinics; c++) {
      register(setup, "clinic-" + c, c % 2 == 0 ? "starter" : "professional",
          c % 3 == 0 ? OveragePolicy.AUTO : OveragePolicy.BLOCK);
    }
    List<QuotaService> instances = List.of(service(), service());
    AtomicLong committedMilli = new AtomicLong();

    runConcurrently(threads(), (thread, random) -> {
      QuotaService quotas = instances.get(thread % instances.size());
      for (int i = 0; i < 40; i++) {
        String clinic = "clinic-" + random.nextInt(clinics);
        OperationId op = random.nextBoolean() ? OperationId.QUICK_SCAN : OperationId.CLINICAL_ANALYSIS;
        String key = thread + "-" + i;
        if (quotas.tryReserve(UsageRequest.builder(clinic, op, key)
            .customerRef("cust-" + random.nextInt(20)).build()) instanceof Reserved r) {
          int action = random.nextInt(10);
          if (action < 7) {
            Committed c = quotas.commitOrThrow(CommitRequest.of(clinic, r.id().value()));
            committedMilli.addAndGet(c.charge().units().milli());
          } else if (action < 9) {
            assertThat(quotas.tryRelease(clinic, r.id().value())).isInstanceOf(Released.class);
          } // else abandoned: left to expire
        }
      }
    });
    clock.advance(Duration.ofMinutes(11));
    setup.expireReservations();

    long stored = 0;
    for (int c = 0; c < clinics; c++) {
      ClinicId clinic = ClinicId.of("clinic-" + c);
      LedgerInvariants.check(store, clinic);
      var b = setup.balance(clinic.value());
      stored += b.monthlyUsed().milli() + b.overageUnits().milli();
      assertThat(b.monthlyReserved()).isEqualTo(Units.ZERO);
    }
    assertThat(stored).as("units committed by callers = units stored").isEqualTo(committedMilli.get());
  }

  @Test
  public void alerts_fireOncePerLevelAcrossInstances() throws Exception {
    List<QuotaAlert> alerts = new CopyOnWriteArrayList<>();
    QuotaListener collect = new QuotaListener() {
      @Override
      public void onAlert(QuotaAlert alert) {
        alerts.add(alert);
      }
    };
    QuotaService setup = service();
    register(setup, "hot", "starter", OveragePolicy.AUTO);
    List<QuotaService> instances = List.of(
        QuotaService.builder().store(store).clock(clock).listener(collect).build(),
        QuotaService.builder().store(store).clock(clock).listener(collect).build());
    int perThread = (130 + threads() - 1) / threads();
    AtomicInteger attempt = new AtomicInteger();

    runConcurrently(threads(), (thread, random) -> {
      QuotaService quotas = instances.get(thread % instances.size());
      for (int i = 0; i < perThread; i++) {
        String key = "k-" + attempt.incrementAndGet();
        if (random.nextBoolean()) {
          Reserved r = quotas.reserveOrThrow(scan("hot", OperationId.CLINICAL_ANALYSIS, key));
          quotas.commitOrThrow(CommitRequest.of("hot", r.id().value()));
        } else {
          quotas.consumeOrThrow(scan("hot", OperationId.CLINICAL_ANALYSIS, key));
        }
      }
    });

    Map<AlertLevel, Long> perLevel = alerts.stream()
        .collect(Collectors.groupingBy(QuotaAlert::level, Collectors.counting()));
    assertThat(perLevel).as("alerts per level").isEqualTo(Map.of(AlertLevel.WARNING, 1L,
        AlertLevel.CRITICAL, 1L, AlertLevel.EXHAUSTED, 1L, AlertLevel.OVERAGE_STARTED, 1L));
    var period = setup.balance("hot").period();
    assertThat(alerts).allSatisfy(a -> assertThat(a.period()).isEqualTo(period));
    assertThat(store.findPeriod(ClinicId.of("hot"), period.start()).orElseThrow().alertsFired())
        .containsExactlyInAnyOrder(AlertLevel.values());
    LedgerInvariants.check(store, ClinicId.of("hot"));
  }

  /** A body run by each of N threads released together. */
  @FunctionalInterface
  protected interface ThreadBody {
    /** Runs on thread {@code thread} with its own seeded random. */
    void run(int thread, SplittableRandom random) throws Exception;
  }

  /** Runs {@code body} on {@code n} threads started together; rethrows the first failure. */
  protected static void runConcurrently(int n, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(42);
    try {
      for (int t = 0; t < n; t++) {
        int thread = t;
        SplittableRandom random = seeds.split();
        futures.add(pool.submit(() -> {
          start.await();
          body.run(thread, random);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void registration_storesEverySetting_soAnIdenticalOneIsIdempotentOnAnotherInstance() {
    ClinicRegistration full = ClinicRegistration.builder("c1", "professional")
        .zone("Asia/Tokyo").anchorDay(15).overagePolicy(OveragePolicy.AUTO)
        .overageCap("5000.50").maxUnitsPerRequest("2.5").maxOveragePerRequest("90.25").build();
    assertThat(service().registerClinic(full)).isInstanceOf(Registered.class);

    RegistrationResult again = service().registerClinic(full);
    RegistrationResult otherPlan = service().registerClinic(ClinicRegistration.builder("c1",
        "starter").zone("Asia/Tokyo").anchorDay(15).overagePolicy(OveragePolicy.AUTO)
        .overageCap("5000.50").maxUnitsPerRequest("2.5").maxOveragePerRequest("90.25").build());

    assertThat(again).isInstanceOfSatisfying(Registered.class, r -> {
      assertThat(r.created()).isFalse();
      assertThat(r.requestLimits()).isEqualTo(new RequestLimits(Units.parse("2.5"),
          Money.of("90.25", Money.THB)));
    });
    assertThat(otherPlan).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.REGISTRATION_CONFLICT);
      assertThat(r.field()).contains("plan");
    });
    assertThat(service().balance("c1").plan().value()).isEqualTo("professional");
  }

  @Test
  public void clinicRequestLimits_refuseOnEveryInstance_untilTheSettingsChange() {
    assertThat(service().registerClinic(ClinicRegistration.builder("c1", "professional")
        .maxUnitsPerRequest("2.5").build())).isInstanceOf(Registered.class);
    QuotaService other = service();

    ConsumeResult tooMany = other.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "k1").quantity(3).build());
    RegistrationResult updated = other.updateSettings(ClinicSettings.builder("c1").build());
    ConsumeResult afterUpdate = service().tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "k2").quantity(3).build());

    assertThat(tooMany).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("3.000 units", "2.500 units");
    });
    assertThat(updated).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.requestLimits().maxUnits()).isEqualTo(Units.of(100)));
    assertThat(afterUpdate).isInstanceOf(Consumed.class);
    assertThat(service().balance("c1").monthlyUsed()).isEqualTo(Units.of(3));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void statement_totalsEqualTheLedgerAndBillingLines_andTheSummaryAddsUpToTheUsage() {
    QuotaService quotas = service();
    assertThat(quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.AUTO).maxUnitsPerRequest("1000").build()))
        .isInstanceOf(Registered.class);
    ClinicId c1 = ClinicId.of("c1");
    quotas.changePlan(PlanChangeRequest.of("c1", "professional", "up-1"));
    clock.advance(Duration.ofDays(2));
    quotas.changePlan(new PlanChangeRequest("c1", "starter",
        PlanChangeRequest.Timing.IMMEDIATELY, "down-1"));
    clock.advance(Duration.ofDays(1));
    quotas.changePlan(PlanChangeRequest.of("c1", "professional", "up-2"));
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 5, "top-1"));
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "top-2"));
    QuotaService other = service();
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1")
        .user("sales-1").quantity(300).build());
    other.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k2")
        .user("sales-2").quantity(200).build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k3")
        .user("sales-1").quantity(50).build());
    other.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k4")
        .user("sales-2").quantity(8).build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k5")
        .user("sales-1").customerRef("cust-A").build());
    other.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k6")
        .user("sales-2").customerRef("cust-A").build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k7")
        .build());

    Statement march = quotas.statement("c1", clock.instant());

    Money zero = Money.zero(Money.THB);
    BillingPeriod period = march.period();
    List<BillingLine> billing = store.billingLines(c1).stream()
        .filter(b -> period.contains(b.at())).toList();
    List<LedgerEntry> ledger = store.ledger(c1, period.start(), period.end()).stream()
        .filter(e -> e.periodStart().equals(period.start())).toList();
    Money billedCharges = billing.stream()
        .filter(b -> b.kind() != BillingLineKind.PLAN_PRORATION_CREDIT)
        .map(BillingLine::amount).reduce(zero, Money::plus);
    Money billedCredits = billing.stream()
        .filter(b -> b.kind() == BillingLineKind.PLAN_PRORATION_CREDIT)
        .map(BillingLine::amount).reduce(zero, Money::plus);
    Money ledgerOverage = ledger.stream()
        .filter(e -> e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.COMMIT)
        .map(LedgerEntry::money).reduce(zero, Money::plus);
    Money ledgerTopUps = ledger.stream().filter(e -> e.kind() == LedgerKind.TOP_UP)
        .map(LedgerEntry::money).reduce(zero, Money::plus);
    Money starterFee = Money.of("2990", Money.THB);
    assertThat(march.money()).extracting(StatementMoneyLine::kind).containsExactly(
        StatementMoneyLine.Kind.PLAN_FEE, StatementMoneyLine.Kind.PRORATION,
        StatementMoneyLine.Kind.PRORATION_CREDIT, StatementMoneyLine.Kind.PRORATION,
        StatementMoneyLine.Kind.TOP_UP, StatementMoneyLine.Kind.TOP_UP,
        StatementMoneyLine.Kind.OVERAGE);
    StatementMoneyLine fee = march.money().get(0);
    assertThat(fee.plan()).contains(PlanId.STARTER);
    assertThat(fee.amount()).isEqualTo(starterFee);
    assertThat(ledgerOverage).isEqualTo(Money.of("252", Money.THB)); // 4.2 units at 60
    assertThat(billedCredits.isZero()).isFalse();
    assertThat(march.totals().charged())
        .isEqualTo(starterFee.plus(billedCharges).plus(ledgerOverage));
    assertThat(march.totals().credited()).isEqualTo(billedCredits);
    assertThat(march.totals().net())
        .isEqualTo(march.totals().charged().minus(march.totals().credited()));
    assertThat(march.totals().netCredit()).isFalse();
    assertThat(march.money().stream().filter(m -> m.kind() == StatementMoneyLine.Kind.TOP_UP)
        .map(StatementMoneyLine::amount).reduce(zero, Money::plus)).isEqualTo(ledgerTopUps);

    UsageSummary summary = march.summary();
    UsageStats usage = march.usage();
    assertThat(summary.total().count()).isEqualTo(usage.charged().count()).isEqualTo(7);
    assertThat(summary.total().units()).isEqualTo(usage.charged().units());
    assertThat(summary.total().overage()).isEqualTo(usage.overageCost()).isEqualTo(ledgerOverage);
    assertThat(summary.total().repeatsWaived()).isEqualTo(usage.exemptRepeats());
    assertThat(summary.total().repeatsWaived().count()).isEqualTo(1);
    assertThat(summary.byOperation().keySet())
        .containsExactly(OperationId.CLINICAL_ANALYSIS, OperationId.QUICK_SCAN);
    assertThat(summary.byUser().keySet()).containsExactly(UserId.of("sales-1"),
        UserId.of("sales-2"));
    assertThat(summary.byOperation().values().stream()
        .reduce(UsageSummary.Row.empty(zero), UsageSummary.Row::plus)).isEqualTo(summary.total());
    assertThat(summary.byUser().values().stream()
        .reduce(summary.withoutUser(), UsageSummary.Row::plus)).isEqualTo(summary.total());
    assertThat(summary.withoutUser().units()).isEqualTo(Units.of(1));
    assertThat(summary.byUser().get(UserId.of("sales-2")).overage()).isEqualTo(
        Money.of("180", Money.THB)); // 3 of its 8 units beyond the add-on

    clock.set(Instant.parse("2026-04-02T03:00:00Z"));
    Statement again = service().statement("c1", Instant.parse("2026-03-20T00:00:00Z"));
    Statement april = service().statement("c1", clock.instant());

    assertThat(again.current()).isFalse();
    assertThat(again.money()).isEqualTo(march.money());
    assertThat(again.totals()).isEqualTo(march.totals());
    assertThat(again.summary()).isEqualTo(march.summary());
    assertThat(april.money()).singleElement().satisfies(m -> {
      assertThat(m.kind()).isEqualTo(StatementMoneyLine.Kind.PLAN_FEE);
      assertThat(m.plan()).contains(PlanId.PROFESSIONAL);
    });
    assertThat(april.totals().charged()).isEqualTo(Money.of("8990", Money.THB));
    assertThat(april.summary().total().count()).isZero();
    LedgerInvariants.check(store, c1);
  }

  /** A service over {@code over} (the test's store, wrapped) and the test's clock. */
  private QuotaService serviceOver(QuotaStore over) {
    return QuotaService.builder().store(over).clock(clock)
        .customerRefKey("contract-test-key-0123456789".getBytes()).build();
  }

  private static UsageRequest scanOf(String clinic, String key, String customer) {
    return UsageRequest.builder(clinic, OperationId.QUICK_SCAN, key).user("staff-1")
        .customerRef(customer).build();
  }

  @Test
  public void concurrentScansOfNewCustomers_onOneClinic_runOnWhatThisInstanceWrote()
      throws Exception {
    CountingQuotaStore counted = new CountingQuotaStore(store);
    QuotaService quotas = serviceOver(counted);
    register(quotas, "c1", "professional", OveragePolicy.BLOCK);
    int loadsBefore = counted.loads().size();
    int threads = Math.min(threads(), 16);
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          int committed = 0;
          for (int i = 0; i < each; i++) {
            String n = thread + "-" + i;
            Reserved r = quotas.reserveOrThrow(scanOf("c1", "scan-" + n, "customer-" + n));
            quotas.commitOrThrow(CommitRequest.of("c1", r.id().value()));
            committed++;
          }
          return committed;
        }));
      }
      start.countDown();
      int committed = 0;
      for (Future<Integer> f : done) {
        committed += f.get(120, TimeUnit.SECONDS);
      }

      assertThat(committed).isEqualTo(threads * each);
    } finally {
      pool.shutdownNow();
    }
    List<LoadRequest> loads = counted.loadsSince(loadsBefore);
    assertThat(loads)
        .as("every reservation, key and new customer was this instance's own write")
        .isEmpty();
    assertThat(quotas.balance("c1").monthlyUsed())
        .isEqualTo(Units.ofMilli(200L * threads * each));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void aCustomerScannedAgainWithin24Hours_isFree_onWhatThisInstanceKept_withoutALoad() {
    CountingQuotaStore counted = new CountingQuotaStore(store);
    QuotaService quotas = serviceOver(counted);
    register(quotas, "c1", "professional", OveragePolicy.BLOCK);
    int loadsBefore = counted.loads().size();
    for (int i = 0; i < 5; i++) {
      Reserved r = quotas.reserveOrThrow(scanOf("c1", "first-" + i, "customer-" + i));
      quotas.commitOrThrow(CommitRequest.of("c1", r.id().value()));
    }
    clock.advance(Duration.ofHours(3));

    for (int i = 0; i < 5; i++) {
      Reserved again = quotas.reserveOrThrow(scanOf("c1", "again-" + i, "customer-" + i));
      Committed committed = quotas.commitOrThrow(CommitRequest.of("c1", again.id().value()));
      assertThat(committed.charge().units()).as("customer-" + i + " within 24 hours")
          .isEqualTo(Units.ZERO);
    }

    assertThat(counted.loadsSince(loadsBefore))
        .as("each customer's window is this instance's own write, kept: no conflict, no load")
        .isEmpty();
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.ofMilli(5 * 200L));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void aCustomerScannedAgainAfterManyOthers_isStillFree_thoughItsWindowIsLoaded() {
    QuotaService quotas = service();
    register(quotas, "c1", "professional", OveragePolicy.BLOCK);
    Reserved first = quotas.reserveOrThrow(scanOf("c1", "first", "customer-a"));
    quotas.commitOrThrow(CommitRequest.of("c1", first.id().value()));
    for (int i = 0; i < 40; i++) {
      quotas.consumeOrThrow(scanOf("c1", "other-" + i, "customer-other-" + i));
    }
    clock.advance(Duration.ofHours(23));

    Reserved again = quotas.reserveOrThrow(scanOf("c1", "again", "customer-a"));
    Committed committed = quotas.commitOrThrow(CommitRequest.of("c1", again.id().value()));
    Consumed late = quotas.consumeOrThrow(scanOf("c1", "late", "customer-other-0"));

    assertThat(committed.charge().units()).as("customer-a, 23 hours after its first scan")
        .isEqualTo(Units.ZERO);
    assertThat(late.charge().units()).isEqualTo(Units.ZERO);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.ofMilli(41 * 200L));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void aReservationMadeOnAnotherInstance_isLoadedAlone_overWhatThisInstanceKept() {
    CountingQuotaStore counted = new CountingQuotaStore(store);
    QuotaService here = serviceOver(counted);
    register(here, "c1", "professional", OveragePolicy.BLOCK);
    Reserved elsewhere = service().reserveOrThrow(scanOf("c1", "elsewhere", "customer-b"));
    here.consumeOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "here"));
    int loadsBefore = counted.loads().size();

    Committed committed = here.commitOrThrow(CommitRequest.of("c1", elsewhere.id().value()));

    assertThat(committed.remaining()).isEqualTo(Units.parse("remaining", "498.8"));
    List<LoadRequest> loads = counted.loadsSince(loadsBefore);
    assertThat(loads).as("one load, of the reservation alone").hasSize(1);
    assertThat(loads.get(0).reservations()).containsExactly(elsewhere.id());
    assertThat(loads.get(0).keys()).isEmpty();
    assertThat(loads.get(0).customers()).isEmpty();
    assertThat(here.balance("c1").monthlyUsed()).isEqualTo(Units.parse("used", "1.2"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void aKeptStateAnotherInstanceMoved_isLoadedWhole_andTheDecisionSeesItsWrites() {
    CountingQuotaStore counted = new CountingQuotaStore(store);
    QuotaService here = serviceOver(counted);
    QuotaService other = service();
    register(here, "c1", "professional", OveragePolicy.BLOCK);
    Reserved elsewhere = other.reserveOrThrow(scanOf("c1", "elsewhere", "customer-b"));
    here.consumeOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "here"));
    other.consumeOrThrow(scan("c1", OperationId.CLINICAL_ANALYSIS, "elsewhere-too"));
    int loadsBefore = counted.loads().size();

    Committed committed = here.commitOrThrow(CommitRequest.of("c1", elsewhere.id().value()));

    assertThat(committed.remaining()).as("the other instance's later charge counts")
        .isEqualTo(Units.parse("remaining", "497.8"));
    List<LoadRequest> loads = counted.loadsSince(loadsBefore);
    assertThat(loads).as("the reservation alone, found at a newer version, then everything")
        .hasSize(2);
    assertThat(loads.get(0).reservations()).containsExactly(elsewhere.id());
    assertThat(loads.get(1).reservations()).containsExactly(elsewhere.id());
    assertThat(here.balance("c1").monthlyUsed()).isEqualTo(Units.parse("used", "2.2"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }
}
