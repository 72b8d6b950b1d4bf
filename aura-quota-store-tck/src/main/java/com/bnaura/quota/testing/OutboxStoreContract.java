package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the store's outbox and leases, driven through the SPI directly: the events of a
 * {@link WriteSet} are written with it or not at all, an event id that exists fails its write-set
 * like any row that exists, {@link QuotaStore#claimEvents} hands out due pending events in the
 * order written and never one event to two claims before the first claim ends, {@link
 * QuotaStore#updateDelivery} changes the delivery fields alone, the cursor, state and id reads
 * find what was written, {@link QuotaStore#purgeEvents} deletes only delivered events that are
 * old enough, {@link QuotaStore#holdLease} lets one holder hold a lease at a time, and an
 * account's quiet hours round-trip. Extend it and return a fresh store from {@link #newStore()}.
 */
public abstract class OutboxStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-10T03:00:00Z");
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final ClinicId CLINIC = ClinicId.of("outbox-clinic");
  private static final ClinicId OTHER = ClinicId.of("outbox-other");
  private static final BillingPeriod MARCH =
      ResetSchedule.calendarMonth().periodContaining(T0, BANGKOK);
  private static final Money ZERO = Money.zero(Money.THB);

  /** The store under test: what {@link #newStore()} returned for this test. */
  protected QuotaStore store;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  @AfterEach
  void tearDownStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  // ---- rows and write-sets ----

  private static AccountRecord account(ClinicId clinic) {
    return new AccountRecord(clinic, PlanId.STARTER, BANGKOK, ResetSchedule.calendarMonth(),
        Optional.empty(), Optional.empty(), Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, MARCH,
        Optional.empty(), T0, T0);
  }

  private static PeriodRecord period(ClinicId clinic) {
    return new PeriodRecord(clinic, MARCH, PlanId.STARTER, false, Units.of(100), Units.ZERO,
        Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, ZERO, ZERO, Units.ZERO, Units.ZERO,
        Units.ZERO, false, Set.of());
  }

  /** A pending event of {@code clinic} at {@code version}, due at {@code deliverAfter}. */
  private static EventRecord event(String id, ClinicId clinic, long version, int index,
      Instant occurredAt, Instant deliverAfter) {
    return EventRecord.written(id, clinic, version, index, "alert", index % 2 == 0, occurredAt,
        deliverAfter, "{\"id\":\"" + id + "\",\"index\":" + index + "}");
  }

  /**
   * The write-set that moves {@code read}'s clinic to {@code account} with {@code keys} and
   * {@code events}; a clinic without an account is registered with its current period.
   */
  private static WriteSet writeSet(ClinicSnapshot read, AccountRecord account,
      List<IdempotencyRecord> keys, List<EventRecord> events) {
    boolean newAccount = read.account().isEmpty();
    List<WriteSet.Row<PeriodRecord>> periods = newAccount
        ? List.of(new WriteSet.Row<>(period(account.clinic()), true)) : List.of();
    return new WriteSet(account.clinic(), read.version(), read.ledgerSize(), account, newAccount,
        periods, List.of(), keys.stream().map(k -> new WriteSet.Row<>(k, true)).toList(),
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), events);
  }

  /** The clinic as stored now. */
  private ClinicSnapshot read(ClinicId clinic) {
    return store.load(LoadRequest.of(clinic));
  }

  /**
   * Applies, on {@code clinic} as it stands, a write-set of events with {@code ids}, each
   * occurring at {@code occurredAt} and due at {@code deliverAfter}; returns them as written.
   */
  private List<EventRecord> write(ClinicId clinic, Instant occurredAt, Instant deliverAfter,
      String... ids) {
    ClinicSnapshot read = read(clinic);
    List<EventRecord> events = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      events.add(event(ids[i], clinic, read.version() + 1, i, occurredAt, deliverAfter));
    }
    store.apply(writeSet(read, read.account().orElse(account(clinic)), List.of(), events));
    return events;
  }

  /** {@link #write} of events that occurred at {@code T0} and are due then. */
  private List<EventRecord> write(ClinicId clinic, String... ids) {
    return write(clinic, T0, T0, ids);
  }

  private static List<String> ids(List<EventRecord> events) {
    return events.stream().map(EventRecord::id).toList();
  }

  private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ---- events written with their write-set ----

  @Test
  public void events_ofWriteSets_areStoredWithThem_andReadBackByTheCursorInPositionOrder() {
    String payload = "{\"message\":\"เกินโควตา 80% \\\"ใกล้หมด\\\"\",\"pad\":\""
        + "x".repeat(4000) + "\"}";
    ClinicSnapshot none = read(CLINIC);
    EventRecord registered = EventRecord.written("reg-1", CLINIC, 1, 0, "clinic.registered",
        true, T0, T0, payload);
    store.apply(writeSet(none, account(CLINIC), List.of(), List.of(registered)));
    write(OTHER, "other-1", "other-2");
    List<EventRecord> second = write(CLINIC, T0.plusSeconds(60), T0.plusSeconds(3600), "a", "b",
        "c");
    write(CLINIC);
    write(OTHER, "other-3");
    List<EventRecord> fourth = write(CLINIC, "d", "e");
    List<EventRecord> all = concat(concat(List.of(registered), second), fourth);

    List<EventRecord> read = store.events(CLINIC, 0, 0, 100);
    List<EventRecord> paged = new ArrayList<>();
    long version = 0;
    int index = 0;
    List<Integer> pages = new ArrayList<>();
    for (List<EventRecord> page; !(page = store.events(CLINIC, version, index, 2)).isEmpty(); ) {
      paged.addAll(page);
      pages.add(page.size());
      version = page.get(page.size() - 1).version();
      index = page.get(page.size() - 1).index();
    }

    assertThat(read).as("every event as written, with its payload whole").isEqualTo(all);
    assertThat(read).extracting(EventRecord::version).containsExactly(1L, 2L, 2L, 2L, 4L, 4L);
    assertThat(paged).isEqualTo(all);
    assertThat(pages).containsExactly(2, 2, 2);
    assertThat(store.events(CLINIC, 2, 1, 100)).extracting(EventRecord::id)
        .containsExactly("c", "d", "e");
    assertThat(store.events(CLINIC, 2, 0, 1)).extracting(EventRecord::id).containsExactly("b");
    assertThat(store.events(CLINIC, 3, 0, 100)).as("after a version that wrote none")
        .extracting(EventRecord::id).containsExactly("d", "e");
    assertThat(store.events(CLINIC, 4, 1, 100)).isEmpty();
    assertThat(store.events(OTHER, 0, 0, 100)).extracting(EventRecord::id)
        .containsExactly("other-1", "other-2", "other-3");
    assertThat(store.events(ClinicId.of("outbox-nobody"), 0, 0, 100)).isEmpty();
  }

  @Test
  public void writeSet_readAtAVersionTheClinicLeft_conflicts_andWritesNoneOfItsEvents() {
    write(CLINIC, "registered");
    ClinicSnapshot read = read(CLINIC);
    EventRecord first = event("first", CLINIC, read.version() + 1, 0, T0, T0);
    store.apply(writeSet(read, read.account().orElseThrow(), List.of(), List.of(first)));

    WriteSet stale = writeSet(read, read.account().orElseThrow(), List.of(),
        List.of(event("stale-1", CLINIC, read.version() + 1, 1, T0, T0),
            event("stale-2", CLINIC, read.version() + 1, 2, T0, T0)));

    assertThatThrownBy(() -> store.apply(stale)).isInstanceOf(WriteConflict.class);
    assertThat(store.events(CLINIC, 0, 0, 100)).extracting(EventRecord::id)
        .containsExactly("registered", "first");
    assertThat(store.event("stale-1")).isEmpty();
    assertThat(store.event("stale-2")).isEmpty();
    assertThat(store.claimEvents(T0, T0.plusSeconds(60), 100)).extracting(EventRecord::id)
        .containsExactly("registered", "first");
  }

  @Test
  public void writeSet_withAnEventIdThatExists_conflicts_andWritesNothingOfIt() {
    write(CLINIC, "taken");
    write(OTHER, "other-registered");
    ClinicSnapshot read = read(CLINIC);
    AccountRecord quiet = read.account().orElseThrow()
        .withQuietHours(Optional.of(QuietHours.parse("20:00-08:00")), T0.plusSeconds(5));
    IdempotencyRecord key = new IdempotencyRecord(CLINIC, IdempotencyKey.of("with-events"), "fp",
        "outcome", T0);
    long next = read.version() + 1;
    List<EventRecord> withTaken = List.of(event("fresh-1", CLINIC, next, 0, T0, T0),
        event("taken", CLINIC, next, 1, T0, T0), event("fresh-2", CLINIC, next, 2, T0, T0));

    assertThatThrownBy(() -> store.apply(writeSet(read, quiet, List.of(key), withTaken)))
        .isInstanceOf(WriteConflict.class);

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC).withKey(key.key()));
    assertThat(after.version()).isEqualTo(read.version());
    assertThat(after.keys()).isEmpty();
    assertThat(after.account().orElseThrow().quietHours()).isEmpty();
    assertThat(store.event("fresh-1")).isEmpty();
    assertThat(store.event("fresh-2")).isEmpty();
    assertThat(store.event("taken").orElseThrow().clinic()).isEqualTo(CLINIC);
    assertThat(store.events(CLINIC, 0, 0, 100)).extracting(EventRecord::id)
        .containsExactly("taken");

    ClinicSnapshot other = read(OTHER);
    assertThatThrownBy(() -> store.apply(writeSet(other, other.account().orElseThrow(),
        List.of(), List.of(event("taken", OTHER, other.version() + 1, 0, T0, T0)))))
        .as("an event id is unique across clinics").isInstanceOf(WriteConflict.class);
    assertThat(read(OTHER).version()).isEqualTo(other.version());

    store.apply(writeSet(read, quiet, List.of(key), List.of(withTaken.get(0),
        event("fresh-2", CLINIC, next, 1, T0, T0))));
    assertThat(store.events(CLINIC, 0, 0, 100)).extracting(EventRecord::id)
        .containsExactly("taken", "fresh-1", "fresh-2");
    assertThat(store.load(LoadRequest.of(CLINIC).withKey(key.key())).keys())
        .containsOnlyKeys(key.key());
  }

  @Test
  public void concurrentWriteSetsOnManyClinics_writeTheirEvents_andOnlyTheOneWithATakenIdFails()
      throws Exception {
    int clinics = 8;
    List<ClinicId> ids = new ArrayList<>();
    for (int c = 0; c < clinics; c++) {
      ids.add(ClinicId.of("outbox-group-" + c));
      write(ids.get(c));
    }
    write(ids.get(0), "taken");
    ExecutorService pool = Executors.newFixedThreadPool(clinics);
    try {
      for (int round = 0; round < 5; round++) {
        int failing = 1 + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> applied = new ArrayList<>();
        List<ClinicSnapshot> before = new ArrayList<>();
        for (int c = 0; c < clinics; c++) {
          ClinicSnapshot read = read(ids.get(c));
          before.add(read);
          List<EventRecord> events = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String id = c == failing && i == 1 ? "taken" : "r" + round + "-c" + c + "-" + i;
            events.add(event(id, ids.get(c), read.version() + 1, i, T0, T0));
          }
          WriteSet writes = writeSet(read, read.account().orElseThrow(), List.of(), events);
          applied.add(pool.submit(() -> {
            start.await();
            try {
              store.apply(writes);
              return true;
            } catch (WriteConflict conflict) {
              return false;
            }
          }));
        }
        start.countDown();
        for (int c = 0; c < clinics; c++) {
          assertThat(applied.get(c).get(60, TimeUnit.SECONDS)).as("round %d, clinic %d", round, c)
              .isEqualTo(c != failing);
          List<String> written = ids(store.events(ids.get(c), before.get(c).version(),
              Integer.MAX_VALUE, 100));
          if (c == failing) {
            assertThat(written).isEmpty();
            assertThat(read(ids.get(c)).version()).isEqualTo(before.get(c).version());
          } else {
            assertThat(written).containsExactly("r" + round + "-c" + c + "-0",
                "r" + round + "-c" + c + "-1", "r" + round + "-c" + c + "-2");
          }
        }
        assertThat(store.event("r" + round + "-c" + failing + "-0")).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- the claim ----

  @Test
  public void claimEvents_takesDueEventsOnly_inTheOrderWritten_upToTheLimit_untilTheClaimEnds() {
    Instant now = T0.plusSeconds(600);
    Instant until = now.plusSeconds(300);
    EventRecord a = write(CLINIC, "a").get(0);
    EventRecord b = write(CLINIC, T0, T0.plusSeconds(3600), "b").get(0);
    EventRecord c = write(OTHER, "c").get(0);
    List<EventRecord> later = write(CLINIC, "d", "e", "f");
    EventRecord d = later.get(0);
    store.updateDelivery(later.get(1).withDelivery(DeliveryState.DELIVERED, 1, T0, Set.of("log"),
        Optional.empty()));
    store.updateDelivery(later.get(2).withDelivery(DeliveryState.DEAD, 8, T0, Set.of(),
        Optional.of("refused")));

    List<EventRecord> first = store.claimEvents(now, until, 2);
    List<EventRecord> second = store.claimEvents(now, until, 10);
    List<EventRecord> again = store.claimEvents(now.plusSeconds(299), until.plusSeconds(299), 10);

    assertThat(first).containsExactly(a.claimedUntil(until), c.claimedUntil(until));
    assertThat(second).containsExactly(d.claimedUntil(until));
    assertThat(again).as("before the claim ends no claim takes them").isEmpty();
    assertThat(store.event("a")).contains(a.claimedUntil(until));
    assertThat(store.event("b")).as("not claimed: not due").contains(b);
    assertThat(store.claimEvents(now, until, 0)).isEmpty();

    Instant next = until.plusSeconds(300);
    assertThat(store.claimEvents(until, next, 10)).as("once the claim ended")
        .containsExactly(a.claimedUntil(next), c.claimedUntil(next), d.claimedUntil(next));
    Instant last = T0.plusSeconds(7200);
    assertThat(store.claimEvents(T0.plusSeconds(3600), last, 10)).extracting(EventRecord::id)
        .as("in the order written, not the order due").containsExactly("a", "b", "c", "d");
  }

  @Test
  public void claimEvents_fromTwoThreadsAtOnce_claimEachOf200DueEventsExactlyOnce()
      throws Exception {
    Set<String> written = new HashSet<>();
    for (int w = 0; w < 20; w++) {
      ClinicId clinic = w % 2 == 0 ? CLINIC : OTHER;
      String[] ids = new String[10];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "due-" + w + "-" + i;
      }
      written.addAll(ids(write(clinic, ids)));
    }
    Instant now = T0.plusSeconds(60);
    Instant until = now.plusSeconds(600);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<String>>> claimers = new ArrayList<>();
    try {
      for (int t = 0; t < 2; t++) {
        claimers.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          start.await();
          for (List<EventRecord> claimed; !(claimed = store.claimEvents(now, until, 7))
              .isEmpty(); ) {
            mine.addAll(ids(claimed));
          }
          return mine;
        }));
      }
      start.countDown();
      List<String> claimed = new ArrayList<>();
      for (Future<List<String>> f : claimers) {
        claimed.addAll(f.get(120, TimeUnit.SECONDS));
      }

      assertThat(claimed).as("each event claimed once").doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(written);
      assertThat(store.claimEvents(now, until, 1000)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void claimEvents_whileWriteSetsAreApplied_claimEveryEventWrittenExactlyOnce()
      throws Exception {
    int writers = 4;
    int writeSets = 25;
    List<ClinicId> clinics = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      clinics.add(ClinicId.of("outbox-busy-" + w));
      write(clinics.get(w));
    }
    Instant now = T0.plusSeconds(60);
    Instant until = now.plusSeconds(600);
    AtomicInteger writing = new AtomicInteger(writers);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    List<Future<List<String>>> writes = new ArrayList<>();
    List<Future<List<String>>> claims = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        ClinicId clinic = clinics.get(w);
        writes.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          try {
            start.await();
            for (int n = 0; n < writeSets; n++) {
              String base = clinic.value() + "-" + n + "-";
              mine.addAll(ids(write(clinic, base + 0, base + 1, base + 2)));
            }
          } finally {
            writing.decrementAndGet();
          }
          return mine;
        }));
      }
      for (int t = 0; t < 2; t++) {
        claims.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          start.await();
          while (true) {
            boolean writersDone = writing.get() == 0;
            List<EventRecord> claimed = store.claimEvents(now, until, 5);
            mine.addAll(ids(claimed));
            if (claimed.isEmpty() && writersDone) {
              return mine;
            }
          }
        }));
      }
      start.countDown();
      List<String> written = new ArrayList<>();
      for (Future<List<String>> f : writes) {
        written.addAll(f.get(120, TimeUnit.SECONDS));
      }
      List<String> claimed = new ArrayList<>();
      for (Future<List<String>> f : claims) {
        claimed.addAll(f.get(120, TimeUnit.SECONDS));
      }

      assertThat(written).hasSize(writers * writeSets * 3);
      assertThat(claimed).as("each event claimed once").doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(written);
      assertThat(store.claimEvents(now, until, 1000)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- delivery, reads, purge ----

  @Test
  public void updateDelivery_changesOnlyTheDeliveryFields_andIsFalseForAnUnknownId() {
    EventRecord x = write(CLINIC, "x").get(0);
    EventRecord y = write(CLINIC, "y").get(0);
    EventRecord posing = new EventRecord("x", OTHER, 9, 7, "changed", !x.critical(),
        T0.plusSeconds(99), T0.plusSeconds(99), "{\"changed\":true}", DeliveryState.DELIVERED, 3,
        T0.plusSeconds(3600), Set.of("webhook:ops", "log"), Optional.of("timeout"));
    String longError = "ส่งไม่สำเร็จ ".repeat(60);

    boolean updated = store.updateDelivery(posing);
    EventRecord delivered = store.event("x").orElseThrow();
    boolean updatedAgain = store.updateDelivery(x.withDelivery(DeliveryState.PENDING, 4,
        T0.plusSeconds(7200), Set.of(), Optional.of(longError)));
    EventRecord retried = store.event("x").orElseThrow();

    assertThat(updated).isTrue();
    assertThat(delivered).isEqualTo(x.withDelivery(DeliveryState.DELIVERED, 3,
        T0.plusSeconds(3600), Set.of("log", "webhook:ops"), Optional.of("timeout")));
    assertThat(delivered.deliveredTo()).containsExactly("log", "webhook:ops");
    assertThat(updatedAgain).isTrue();
    assertThat(retried.deliveredTo()).isEmpty();
    assertThat(retried.lastError()).contains(longError.substring(0, EventRecord.MAX_ERROR_LENGTH));
    assertThat(retried.attempts()).isEqualTo(4);
    assertThat(store.event("y")).as("another event is not touched").contains(y);
    assertThat(store.updateDelivery(event("nobody", CLINIC, 1, 0, T0, T0))).isFalse();
    assertThat(store.event("nobody")).isEmpty();
  }

  @Test
  public void eventsIn_listsTheEventsInAState_ofEveryClinic_inTheOrderWritten() {
    List<EventRecord> mine = write(CLINIC, "m-1", "m-2", "m-3");
    List<EventRecord> others = write(OTHER, "o-1", "o-2");
    for (EventRecord e : List.of(mine.get(2), others.get(0), mine.get(0))) {
      store.updateDelivery(e.withDelivery(DeliveryState.DEAD, 8, T0, Set.of(),
          Optional.of("gave up")));
    }

    assertThat(store.eventsIn(DeliveryState.DEAD, 10)).extracting(EventRecord::id)
        .containsExactly("m-1", "m-3", "o-1");
    assertThat(store.eventsIn(DeliveryState.DEAD, 2)).extracting(EventRecord::id)
        .containsExactly("m-1", "m-3");
    assertThat(store.eventsIn(DeliveryState.DEAD, 10)).allSatisfy(e -> {
      assertThat(e.attempts()).isEqualTo(8);
      assertThat(e.lastError()).contains("gave up");
    });
    assertThat(store.eventsIn(DeliveryState.PENDING, 10)).extracting(EventRecord::id)
        .containsExactly("m-2", "o-2");
    assertThat(store.eventsIn(DeliveryState.DELIVERED, 10)).isEmpty();
  }

  @Test
  public void event_findsAnEventByItsId_ofAnyClinic() {
    EventRecord mine = write(CLINIC, "mine-1", "mine-2").get(1);
    EventRecord theirs = write(OTHER, "theirs").get(0);

    assertThat(store.event("mine-2")).contains(mine);
    assertThat(store.event("theirs")).contains(theirs);
    assertThat(store.event("nobody")).isEmpty();
  }

  @Test
  public void purgeEvents_deletesOnlyDeliveredEventsThatOccurredBeforeTheInstant() {
    Instant old = T0.minus(Duration.ofDays(30));
    List<EventRecord> olds = write(CLINIC, old, old, "old-delivered-1", "old-pending",
        "old-delivered-2", "old-dead");
    EventRecord fresh = write(OTHER, "new-delivered").get(0);
    for (EventRecord e : List.of(olds.get(0), olds.get(2), fresh)) {
      store.updateDelivery(e.withDelivery(DeliveryState.DELIVERED, 1, T0, Set.of("log"),
          Optional.empty()));
    }
    store.updateDelivery(olds.get(3).withDelivery(DeliveryState.DEAD, 8, T0, Set.of(),
        Optional.of("refused")));
    Instant cutoff = T0.minus(Duration.ofDays(7));

    int first = store.purgeEvents(cutoff, 1);
    Optional<EventRecord> oldestAfterFirst = store.event("old-delivered-1");
    int second = store.purgeEvents(cutoff, 100);
    int third = store.purgeEvents(cutoff, 100);

    assertThat(first).isEqualTo(1);
    assertThat(oldestAfterFirst).as("the oldest written goes first").isEmpty();
    assertThat(second).isEqualTo(1);
    assertThat(third).isZero();
    assertThat(store.purgeEvents(T0, 100)).as("occurred at the instant: not before it").isZero();
    assertThat(store.events(CLINIC, 0, 0, 100)).extracting(EventRecord::id)
        .containsExactly("old-pending", "old-dead");
    assertThat(store.event("new-delivered")).isPresent();
    assertThat(store.purgeEvents(T0.plusSeconds(1), 0)).isZero();
    assertThat(store.purgeEvents(T0.plusSeconds(1), 100)).isEqualTo(1);
    assertThat(store.event("new-delivered")).isEmpty();
  }

  // ---- leases ----

  @Test
  public void holdLease_isHeldByOneHolderAtATime_renewedByItsHolder_andTakenOnceExpired() {
    String lease = "outbox-dispatcher";

    assertThat(store.holdLease(lease, "a", T0, T0.plusSeconds(30))).isTrue();
    assertThat(store.holdLease(lease, "b", T0.plusSeconds(10), T0.plusSeconds(40))).isFalse();
    assertThat(store.holdLease(lease, "a", T0.plusSeconds(20), T0.plusSeconds(50)))
        .as("renewed by its holder").isTrue();
    assertThat(store.holdLease(lease, "b", T0.plusSeconds(40), T0.plusSeconds(70)))
        .as("the renewal keeps it past the first until").isFalse();
    assertThat(store.holdLease(lease, "a", T0.plusSeconds(45), T0.plusSeconds(50)))
        .as("a renewal to the same until").isTrue();
    assertThat(store.holdLease(lease, "b", T0.plusSeconds(50), T0.plusSeconds(80)))
        .as("expired at its until").isTrue();
    assertThat(store.holdLease(lease, "a", T0.plusSeconds(55), T0.plusSeconds(85))).isFalse();
    assertThat(store.holdLease("another-lease", "a", T0.plusSeconds(55), T0.plusSeconds(85)))
        .as("leases are held by name").isTrue();
  }

  @Test
  public void holdLease_raceOfEightHolders_hasExactlyOneWinner_forAFreeAndForAnExpiredLease()
      throws Exception {
    assertThat(store.holdLease("expired", "gone", T0.minusSeconds(60), T0)).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (String lease : List.of("free-1", "free-2", "free-3", "expired")) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> holders = new ArrayList<>();
        for (int h = 0; h < 8; h++) {
          String holder = "holder-" + h;
          holders.add(pool.submit(() -> {
            start.await();
            return store.holdLease(lease, holder, T0.plusSeconds(1), T0.plusSeconds(31));
          }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> f : holders) {
          won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(won).as(lease).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- quiet hours ----

  @Test
  public void quietHours_ofTheAccount_roundTripThroughApplyLoadAndFindAccount() {
    QuietHours night = QuietHours.parse("20:00-08:00");
    AccountRecord registered = account(CLINIC).withQuietHours(Optional.of(night), T0);
    store.apply(writeSet(read(CLINIC), registered, List.of(), List.of()));
    ClinicSnapshot first = read(CLINIC);
    AccountRecord lunch = first.account().orElseThrow()
        .withQuietHours(Optional.of(QuietHours.parse("12:00-13:30")), T0.plusSeconds(60));
    store.apply(writeSet(first, lunch, List.of(), List.of()));
    ClinicSnapshot second = read(CLINIC);
    AccountRecord none = second.account().orElseThrow()
        .withQuietHours(Optional.empty(), T0.plusSeconds(120));
    store.apply(writeSet(second, none, List.of(), List.of()));

    assertThat(first.account()).contains(registered);
    assertThat(first.account().orElseThrow().quietHours()).contains(night);
    assertThat(second.account()).contains(lunch);
    assertThat(read(CLINIC).account()).contains(none);
    assertThat(store.findAccount(CLINIC)).contains(none);
    assertThat(none.quietHours()).isEmpty();
    store.apply(writeSet(read(CLINIC), none.withQuietHours(Optional.of(night), T0), List.of(),
        List.of()));
    assertThat(store.findAccount(CLINIC).orElseThrow().quietHours()).contains(night);
  }
}
