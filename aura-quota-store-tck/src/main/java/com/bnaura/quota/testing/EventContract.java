package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts that recover and resets that tell, on every store: a clinic back above a level it had
 * reached hears one {@link QuotaRecovered} and the level fires again on the next fall; each period
 * reset is one {@link PeriodReset} with the units the ledger forfeited. Several services over one
 * store stand for several application instances; every event is sent once, whichever instance
 * wrote, and a replayed request sends none. Extend it and return a fresh store from {@link
 * #newStore()}.
 */
public abstract class EventContract {
  /** 10 March 2026, 10:00 in Bangkok. */
  private static final Instant START = Instant.parse("2026-03-10T03:00:00Z");
  /** 1 April 2026, 00:00 in Bangkok: the end of the March period. */
  private static final Instant APRIL = Instant.parse("2026-03-31T17:00:00Z");
  private static final BillingPeriod MARCH =
      new BillingPeriod(Instant.parse("2026-02-28T17:00:00Z"), APRIL);

  /** The test's clock; tests move it by hand. */
  protected MutableClock clock;
  /** The store under test: what {@link #newStore()} returned for this test. */
  protected QuotaStore store;

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<QuotaRecovered> recoveries = new CopyOnWriteArrayList<>();
  private final List<PeriodReset> resets = new CopyOnWriteArrayList<>();
  private final AtomicInteger keys = new AtomicInteger();

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpEvents() {
    clock = MutableClock.at(START);
    store = newStore();
  }

  @AfterEach
  void tearDownEvents() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** Writes every event it hears, in order, as {@code kind} or {@code kind:detail}. */
  private final QuotaListener recorder = new QuotaListener() {
    @Override
    public void onAlert(QuotaAlert alert) {
      heard.add("alert:" + alert.level());
    }

    @Override
    public void onRecovered(QuotaRecovered recovered) {
      recoveries.add(recovered);
      heard.add("recovered:" + recovered.recovered());
    }

    @Override
    public void onPeriodReset(PeriodReset reset) {
      resets.add(reset);
      heard.add("reset:" + reset.opened().start());
    }

    @Override
    public void onConsumed(Consumed consumed) {
      heard.add("consumed");
    }

    @Override
    public void onReserved(Reserved reserved) {
      heard.add("reserved");
    }

    @Override
    public void onCommitted(Committed committed) {
      heard.add("committed");
    }

    @Override
    public void onReleased(Released released) {
      heard.add("released");
    }

    @Override
    public void onExpired(Released expired) {
      heard.add("expired");
    }

    @Override
    public void onToppedUp(ToppedUp toppedUp) {
      heard.add("toppedUp");
    }
  };

  private QuotaService service(QuotaStore over) {
    return QuotaService.builder().store(over).clock(clock).listener(recorder)
        .customerRefKey("event-contract-key-0123456789".getBytes()).build();
  }

  private QuotaService service() {
    return service(store);
  }

  /** Registers {@code clinic} on starter (100 units) with {@code policy}, one request may burn it. */
  private static void register(QuotaService quotas, String clinic, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, "starter").overagePolicy(policy)
        .maxUnitsPerRequest("1000000").build());
  }

  private Consumed use(QuotaService quotas, String clinic, long units) {
    return quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
        "use-" + keys.incrementAndGet()).quantity(units).build());
  }

  private List<String> heardSinceMark(int mark) {
    return List.copyOf(heard.subList(mark, heard.size()));
  }

  @Test
  public void packAfterWarning_recoversOnce_andTheNextFallWarnsAgain() {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", OveragePolicy.BLOCK);
    use(first, "c1", 91); // 9 of 100 left

    second.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "pack-1")); // 19 of 110
    first.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "pack-2")); // nothing to recover
    use(second, "c1", 19); // 10 of 120 = 8.33%

    assertThat(heard).containsExactly("consumed", "alert:WARNING", "toppedUp",
        "recovered:[WARNING]", "toppedUp", "consumed", "alert:WARNING");
    QuotaRecovered back = recoveries.get(0);
    assertThat(back.clinic()).isEqualTo(ClinicId.of("c1"));
    assertThat(back.period()).isEqualTo(MARCH);
    assertThat(back.recovered()).containsExactly(AlertLevel.WARNING);
    assertThat(back.remaining()).isEqualTo(Units.of(19));
    assertThat(back.percentRemaining()).isEqualByComparingTo("17.27");
    assertThat(back.at()).isEqualTo(START);
    assertThat(store.findPeriod(ClinicId.of("c1"), MARCH.start()).orElseThrow().alertsFired())
        .containsExactly(AlertLevel.WARNING);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void replayedTopUp_emitsNothing_onAnyInstance() {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", OveragePolicy.BLOCK);
    use(first, "c1", 96); // WARNING and CRITICAL
    TopUpRequest pack = TopUpRequest.units("c1", 20, "pack-1");
    ToppedUp bought = first.purchaseTopUpOrThrow(pack);
    int mark = heard.size();

    ToppedUp again = first.purchaseTopUpOrThrow(pack);
    ToppedUp elsewhere = second.purchaseTopUpOrThrow(pack);

    assertThat(heard.subList(0, mark)).containsExactly("consumed", "alert:WARNING",
        "alert:CRITICAL", "toppedUp", "recovered:[WARNING, CRITICAL]");
    assertThat(heardSinceMark(mark)).isEmpty();
    assertThat(again).isEqualTo(bought);
    assertThat(elsewhere).isEqualTo(bought);
    assertThat(first.balance("c1").addonAvailable()).isEqualTo(Units.of(20));
  }

  @Test
  public void topUpsRacedOnTwoInstances_recoverExactlyOnce() throws Exception {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", OveragePolicy.BLOCK);
    use(first, "c1", 96);

    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> buyers = new ArrayList<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      QuotaService instance = t % 2 == 0 ? first : second;
      String key = "pack-" + t;
      Thread buyer = new Thread(() -> {
        try {
          go.await();
          instance.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, key));
        } catch (Throwable e) {
          failed.compareAndSet(null, e);
        }
      });
      buyer.start();
      buyers.add(buyer);
    }
    go.countDown();
    for (Thread buyer : buyers) {
      buyer.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(failed.get()).isNull();
    assertThat(recoveries).hasSize(1);
    assertThat(recoveries.get(0).recovered())
        .containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL);
    assertThat(first.balance("c1").addonAvailable()).isEqualTo(Units.of(80));
    assertThat(store.findPeriod(ClinicId.of("c1"), MARCH.start()).orElseThrow().alertsFired())
        .isEmpty();
  }

  @Test
  public void topUpAfterOverage_recoversEveryLevel_butOneStillBelowItStaysMarked() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.AUTO);
    use(quotas, "c1", 101); // every level, one unit of overage

    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 5, "pack-1")); // 5 of 105: 4.76%

    assertThat(recoveries).hasSize(1);
    assertThat(recoveries.get(0).recovered())
        .containsExactly(AlertLevel.EXHAUSTED, AlertLevel.OVERAGE_STARTED);
    assertThat(store.findPeriod(ClinicId.of("c1"), MARCH.start()).orElseThrow().alertsFired())
        .containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL);
  }

  @Test
  public void releaseThatLiftsTheClinicBack_recovers_andTheNextHoldWarnsAgain() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    use(quotas, "c1", 85);
    Reserved held = quotas.reserveOrThrow(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "hold-1").quantity(10).build()); // 5 left: WARNING

    quotas.tryRelease("c1", held.id().value());
    quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "hold-2")
        .quantity(6).build()); // 9 left: WARNING again

    assertThat(heard).containsExactly("consumed", "reserved", "alert:WARNING", "released",
        "recovered:[WARNING]", "reserved", "alert:WARNING");
    assertThat(recoveries.get(0).remaining()).isEqualTo(Units.of(15));
  }

  @Test
  public void sweepOfAnExpiredHold_recovers() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    use(quotas, "c1", 85);
    quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "hold-1")
        .quantity(10).build());
    clock.advance(Duration.ofMinutes(11));

    quotas.expireReservations();

    assertThat(heard).endsWith("alert:WARNING", "expired", "recovered:[WARNING]");
  }

  @Test
  public void upgradeAtOnce_recoversWhatTheLargerAllowanceLifts() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    use(quotas, "c1", 96);

    quotas.changePlan(new PlanChangeRequest("c1", "professional",
        PlanChangeRequest.Timing.IMMEDIATELY, "upgrade-1"));

    assertThat(recoveries).hasSize(1);
    QuotaRecovered back = recoveries.get(0);
    assertThat(back.recovered()).containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL);
    assertThat(back.remaining()).isEqualTo(Units.of(404));
    assertThat(back.unlimited()).isFalse();
  }

  @Test
  public void reset_emitsOneEventWithTheExactForfeitedUnits_beforeTheWriteThatOpenedIt() {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", OveragePolicy.BLOCK);
    use(first, "c1", 37);
    first.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "quick-1")
        .quantity(2).build()); // 0.4: 62.6 monthly left
    first.purchaseTopUpOrThrow(TopUpRequest.units("c1", 20, "pack-1"));
    first.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "hold-1")
        .quantity(5).build()); // held across the reset: 57.6 free
    clock.set(APRIL.plusSeconds(3600));
    int mark = heard.size();

    use(second, "c1", 1);
    use(first, "c1", 1);
    use(second, "c1", 1);

    assertThat(heardSinceMark(mark)).containsExactly("reset:" + APRIL, "consumed", "consumed",
        "consumed");
    PeriodReset reset = resets.get(0);
    assertThat(reset.clinic()).isEqualTo(ClinicId.of("c1"));
    assertThat(reset.closed()).isEqualTo(MARCH);
    assertThat(reset.opened().start()).isEqualTo(APRIL);
    assertThat(reset.plan()).isEqualTo(PlanId.of("starter"));
    assertThat(reset.unlimited()).isFalse();
    assertThat(reset.granted()).isEqualTo(Units.of(100));
    assertThat(reset.expiredUnused()).isEqualTo(Units.parse("57.6"));
    assertThat(reset.expiredUnused()).isEqualTo(rolloverForfeit(MARCH));
    assertThat(reset.addonCarriedOver()).isEqualTo(Units.of(20));
    assertThat(reset.grantsCarriedOver()).hasSize(1);
    assertThat(reset.grantsCarriedOver().stream().map(g -> g.remaining().plus(g.reserved()))
        .reduce(Units.ZERO, Units::plus)).isEqualTo(reset.addonCarriedOver());
    assertThat(reset.resetDate()).hasToString("2026-04-01");
    assertThat(reset.at()).isEqualTo(APRIL.plusSeconds(3600));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void idleClinic_hearsOneResetPerPeriodItSkipped() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    use(quotas, "c1", 30);
    clock.set("2026-06-10T03:00:00Z");

    use(quotas, "c1", 1);

    assertThat(resets).extracting(r -> r.opened().start().toString(), PeriodReset::expiredUnused)
        .containsExactly(
            tuple("2026-03-31T17:00:00Z", Units.of(70)),
            tuple("2026-04-30T17:00:00Z", Units.of(100)),
            tuple("2026-05-31T17:00:00Z", Units.of(100)));
    assertThat(resets.get(1).closed()).isEqualTo(resets.get(0).opened());
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  public void resetOpenedByTheSweep_isTold() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "hold-1")
        .quantity(4).build());
    clock.set(APRIL.plusSeconds(60));
    int mark = heard.size();

    assertThat(quotas.expireReservations()).isEqualTo(1);

    assertThat(heardSinceMark(mark)).containsExactly("reset:" + APRIL, "expired");
    assertThat(resets.get(0).expiredUnused()).isEqualTo(Units.of(96));
  }

  @Test
  public void resetOpenedByAReplayedCommit_isToldOnce_andTheReplayFiresNothingElse() {
    QuotaService first = service();
    QuotaService second = service();
    register(first, "c1", OveragePolicy.BLOCK);
    Reserved held = first.reserveOrThrow(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "hold-1").quantity(4).build());
    CommitRequest commit = CommitRequest.of("c1", held.id().value());
    first.commitOrThrow(commit);
    clock.set(APRIL.plusSeconds(60));
    int mark = heard.size();

    first.commitOrThrow(commit);
    second.commitOrThrow(commit);

    assertThat(heardSinceMark(mark)).containsExactly("reset:" + APRIL);
    assertThat(resets.get(0).expiredUnused()).isEqualTo(Units.of(96));
  }

  @Test
  public void resetOpenedByATopUp_isToldOnce() {
    QuotaService quotas = service();
    register(quotas, "c1", OveragePolicy.BLOCK);
    clock.set(APRIL.plusSeconds(60));

    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "pack-1"));

    assertThat(heard).containsExactly("reset:" + APRIL, "toppedUp");
    assertThat(resets.get(0).expiredUnused()).isEqualTo(Units.of(100));
    assertThat(resets.get(0).addonCarriedOver()).isEqualTo(Units.ZERO);
  }

  @Test
  public void twoCoalescedRequests_emitEachEventOnce() throws Exception {
    CountDownLatch applying = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger applies = new AtomicInteger();
    QuotaStore held = new ForwardingQuotaStore(store) {
      @Override
      public void apply(WriteSet writes) {
        if (applies.incrementAndGet() == 2) { // the first write after registration
          applying.countDown();
          await(proceed);
        }
        super.apply(writes);
      }
    };
    QuotaService quotas = service(held);
    register(quotas, "c1", OveragePolicy.BLOCK);
    Thread march = new Thread(() -> use(quotas, "c1", 10));
    march.start();
    assertThat(applying.await(30, TimeUnit.SECONDS)).isTrue();
    clock.set(APRIL.plusSeconds(60));
    int mark = heard.size();

    // both wait in the clinic's lane while the March write applies, then are decided together
    Thread first = new Thread(() -> use(quotas, "c1", 50));
    Thread second = new Thread(() -> use(quotas, "c1", 46));
    first.start();
    second.start();
    waitUntilParked(first);
    waitUntilParked(second);
    proceed.countDown();
    for (Thread t : List.of(march, first, second)) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(applies.get()).as("registration, the March write, one for both April writes")
        .isEqualTo(3);
    List<String> april = heardSinceMark(mark);
    assertThat(april).containsOnlyOnce("reset:" + APRIL, "alert:WARNING", "alert:CRITICAL");
    assertThat(april).filteredOn("consumed"::equals).hasSize(3);
    assertThat(april.indexOf("reset:" + APRIL)).isLessThan(april.lastIndexOf("consumed"));
    assertThat(resets.get(0).expiredUnused()).isEqualTo(Units.of(90));
    assertThat(List.of(march, first, second)).noneMatch(Thread::isAlive);
  }

  /** Units the rollover of {@code period} forfeited: its FORFEIT entries not of a reservation. */
  private Units rolloverForfeit(BillingPeriod period) {
    Units total = Units.ZERO;
    for (LedgerEntry e : store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX)) {
      if (e.kind() == LedgerKind.FORFEIT && e.periodStart().equals(period.start())
          && e.reservation().isEmpty()) {
        total = total.plus(e.split().fromMonthly());
      }
    }
    return total;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the write apply");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code t} parks: in the clinic's lane, behind the write being applied. */
  private static void waitUntilParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(t.getState()).as("%s waits in the clinic's lane", t).isEqualTo(Thread.State.WAITING);
  }
}
