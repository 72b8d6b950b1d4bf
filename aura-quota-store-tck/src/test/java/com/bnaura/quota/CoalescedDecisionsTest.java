package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.ForwardingQuotaStore;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the service's decisions reach the store: coalesced per clinic, decided again on a conflict,
 * and a store that fails reaching the caller.
 */
final class CoalescedDecisionsTest {
  private static final Instant START = Instant.parse("2026-03-10T03:00:00Z");
  private final MutableClock clock = MutableClock.at(START);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A store that counts its calls and lets a test act before each apply. */
  private static final class WatchedStore extends ForwardingQuotaStore {
    final QuotaStore delegate;
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger applies = new AtomicInteger();
    volatile Consumer<WriteSet> beforeApply = w -> {};

    WatchedStore() {
      this(QuotaStore.inMemory());
    }

    private WatchedStore(QuotaStore delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    @Override
    public ClinicSnapshot load(LoadRequest request) {
      loads.incrementAndGet();
      return super.load(request);
    }

    @Override
    public void apply(WriteSet writes) {
      beforeApply.accept(writes);
      applies.incrementAndGet();
      super.apply(writes);
    }
  }

  private QuotaService service(QuotaStore store) {
    QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
    return quotas;
  }

  private static UsageRequest scan(String key, String customer) {
    return UsageRequest.builder("c1", "QUICK_SCAN", key).user("staff-1").customerRef(customer)
        .build();
  }

  private static UsageRequest quickScan(String key) {
    return UsageRequest.builder("c1", "QUICK_SCAN", key).build();
  }

  @Test
  void concurrentChargesOnOneClinic_shareWrites_andChargeExactlyOnceEach() throws Exception {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    store.beforeApply = w -> sleep(2);
    int threads = 16;
    int each = 40;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> granted = new ArrayList<>();
    int appliesBefore = store.applies.get();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      granted.add(pool.submit(() -> {
        start.await();
        int ok = 0;
        for (int i = 0; i < each; i++) {
          if (quotas.tryConsume(quickScan("t" + thread + "-" + i)) instanceof Consumed) {
            ok++;
          }
        }
        return ok;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : granted) {
      total += f.get(60, TimeUnit.SECONDS);
    }

    assertThat(total).as("starter grants 100 units: 500 quick scans of 0.2, then blocks").isEqualTo(500);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(100));
    assertThat(store.applies.get() - appliesBefore)
        .as("write-sets for %d decisions on one clinic", threads * each)
        .isLessThan(threads * each / 2);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void aConflict_isDecidedAgainOnTheNewState() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    QuotaService other = QuotaService.builder().store(store.delegate).clock(clock).build();
    AtomicInteger conflicts = new AtomicInteger();
    store.beforeApply = w -> {
      if (conflicts.getAndIncrement() == 0) {
        // another instance charges first: this write-set was read before that charge
        other.consumeOrThrow(quickScan("other-instance"));
      }
    };

    Consumed mine = quotas.consumeOrThrow(quickScan("mine"));

    assertThat(mine.remaining()).as("decided again after the other charge").isEqualTo(Units.parse("remaining", "99.6"));
    assertThat(store.delegate.findPeriod(ClinicId.of("c1"), mine.period().start()).orElseThrow()
        .monthlyUsed()).isEqualTo(Units.parse("used", "0.4"));
    assertThat(store.loads.get())
        .as("registration's load; the first decision ran on the state kept after registration, "
            + "the second on a load after the conflict")
        .isEqualTo(2);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void aChargeAfterThisInstancesOwnWrite_needsNoLoad_andAKeyUsedElsewhereIsStillReplayed() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    QuotaService other = QuotaService.builder().store(store.delegate).clock(clock).build();
    Consumed elsewhere = other.consumeOrThrow(quickScan("retried-key"));
    quotas.consumeOrThrow(quickScan("first"));
    int loads = store.loads.get();

    Consumed second = quotas.consumeOrThrow(quickScan("second"));
    Consumed retried = quotas.consumeOrThrow(quickScan("retried-key"));

    assertThat(second.remaining()).isEqualTo(Units.parse("remaining", "99.4"));
    assertThat(retried).as("the other instance's outcome, replayed").isEqualTo(elsewhere);
    assertThat(store.loads.get() - loads)
        .as("the second charge ran on the kept state; the retried key conflicted at insert and "
            + "was decided again on a load")
        .isEqualTo(1);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("used", "0.6"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void aRealScan_reserveAndCommitWithACustomer_runsOnKeptState_andARepeatIsFree() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    int loads = store.loads.get();

    Reserved first = quotas.reserveOrThrow(scan("scan-1", "customer-a"));
    quotas.commitOrThrow(CommitRequest.of("c1", first.id().value()));
    Reserved repeat = quotas.reserveOrThrow(scan("scan-2", "customer-a"));
    quotas.commitOrThrow(CommitRequest.of("c1", repeat.id().value()));

    assertThat(store.loads.get() - loads)
        .as("a new customer is proven new by inserting its window; the commit and the repeat "
            + "find what the previous write left")
        .isZero();
    assertThat(repeat.hold().waived()).as("the repeat within 24 hours is free")
        .isEqualTo(Units.parse("waived", "0.2"));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("used", "0.2"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void aCustomerSeenOnAnotherInstance_isNotTakenForNew_andItsRepeatIsFree() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    QuotaService other = QuotaService.builder().store(store.delegate).clock(clock).build();
    quotas.consumeOrThrow(quickScan("warm-up"));
    Reserved elsewhere = other.reserveOrThrow(scan("elsewhere", "customer-b"));
    other.commitOrThrow(CommitRequest.of("c1", elsewhere.id().value()));

    Reserved here = quotas.reserveOrThrow(scan("here", "customer-b"));

    assertThat(here.hold().waived()).as("the other instance's window counts here")
        .isEqualTo(Units.parse("waived", "0.2"));
    assertThat(here.hold().split().total()).isEqualTo(Units.ZERO);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void aStoreFailureAtApply_reachesTheCaller_neverASilentGrant() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    store.beforeApply = w -> {
      throw new QuotaStoreException("apply", new IllegalStateException("connection reset"));
    };

    assertThatThrownBy(() -> quotas.tryConsume(quickScan("k")))
        .isInstanceOf(QuotaStoreException.class);
    store.beforeApply = w -> {};
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.ZERO);
  }

  @Test
  void aClinicThatKeepsConflicting_failsTyped_afterABoundedNumberOfTries() {
    WatchedStore store = new WatchedStore();
    QuotaService quotas = service(store);
    store.beforeApply = w -> {
      throw new WriteConflict(w.clinic(), "always");
    };

    assertThatThrownBy(() -> quotas.tryConsume(quickScan("k")))
        .isInstanceOf(QuotaStoreException.class).hasMessageContaining("conflicts in a row");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
