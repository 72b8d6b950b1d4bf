package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference store: everything in this JVM's memory. A load copies one clinic's rows under its
 * lock; an apply checks the clinic's version and writes the whole write-set under the same lock.
 */
final class InMemoryQuotaStore implements QuotaStore {
  private final ConcurrentHashMap<ClinicId, ClinicState> clinics = new ConcurrentHashMap<>();
  private final Outbox outbox = new Outbox();

  /** Creates an empty store. */
  InMemoryQuotaStore() {}

  @Override
  public ClinicSnapshot load(LoadRequest request) {
    ClinicState state = clinics.get(request.clinic());
    if (state == null) {
      return ClinicSnapshot.empty(request);
    }
    state.lock.lock();
    try {
      AccountRecord account = state.account;
      if (account == null) {
        return ClinicSnapshot.empty(request);
      }
      Map<ReservationId, ReservationRecord> reservations = new HashMap<>();
      for (ReservationId id : request.reservations()) {
        ReservationRecord r = state.reservations.get(id);
        if (r != null) {
          reservations.put(id, r);
        }
      }
      List<ReservationRecord> expired = new ArrayList<>();
      request.expiredAt().ifPresent(at -> {
        for (ReservationRecord r : state.pending.values()) {
          if (r.isExpiredAt(at)) {
            expired.add(r);
            reservations.put(r.id(), r);
          }
        }
        expired.sort(Comparator.comparing(ReservationRecord::expiresAt));
      });
      Map<Instant, PeriodRecord> periods = new HashMap<>();
      Set<Instant> starts = new HashSet<>(request.periodStarts());
      starts.add(account.currentPeriod().start());
      Set<CustomerRefHash> customers = new HashSet<>(request.customers());
      for (ReservationRecord r : reservations.values()) {
        starts.add(r.period().start());
        r.customer().ifPresent(customers::add);
      }
      for (Instant start : starts) {
        PeriodRecord p = state.periods.get(start);
        if (p != null) {
          periods.put(start, p);
        }
      }
      Map<IdempotencyKey, IdempotencyRecord> keys = new HashMap<>();
      for (IdempotencyKey key : request.keys()) {
        IdempotencyRecord k = state.keys.get(key);
        if (k != null) {
          keys.put(key, k);
        }
      }
      Map<CustomerRefHash, RepeatWindow> windows = new HashMap<>();
      for (CustomerRefHash customer : customers) {
        RepeatWindow w = state.windows.get(customer);
        if (w != null) {
          windows.put(customer, w);
        }
      }
      List<GrantRecord> grants = new ArrayList<>();
      for (GrantRecord g : state.grants.values()) {
        if (g.isOpen()) {
          grants.add(g);
        }
      }
      Optional<PaymentRecord> open = state.payments.values().stream()
          .filter(PaymentRecord::isOpen).findFirst();
      Map<UsageCounter.Key, UsageCounter> counters = new HashMap<>();
      for (UsageCounter.Key key : request.counters()) {
        UsageCounter c = state.counters.get(key);
        if (c != null) {
          counters.put(key, c);
        }
      }
      Map<BudgetRecord.Key, BudgetRecord> budgets = new HashMap<>();
      for (BudgetRecord.Key key : request.budgets()) {
        BudgetRecord b = state.budgets.get(key);
        if (b != null) {
          budgets.put(key, b);
        }
      }
      return new ClinicSnapshot(request, Optional.of(account), state.version, state.ledgerSize(),
          periods, keys, reservations, windows, expired, grants,
          Optional.ofNullable(state.autoTopUp), open, counters, budgets);
    } finally {
      state.lock.unlock();
    }
  }

  /** Holds the clinic's lock, which every load and apply of it takes, while {@code work} runs. */
  @Override
  public <T> T locked(ClinicId clinic, java.util.function.Supplier<T> work) {
    ClinicState state = clinics.computeIfAbsent(clinic, ClinicState::new);
    state.lock.lock();
    try {
      return work.get();
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public void apply(WriteSet writes) {
    ClinicState state = clinics.computeIfAbsent(writes.clinic(), ClinicState::new);
    state.lock.lock();
    try {
      if (writes.newAccount() ? state.account != null : state.version != writes.readVersion()) {
        throw new WriteConflict(writes.clinic(), writes.newAccount()
            ? "the account exists" : "version " + state.version + ", read at "
            + writes.readVersion());
      }
      for (WriteSet.Row<PeriodRecord> p : writes.periods()) {
        if (p.inserted() == state.periods.containsKey(p.row().period().start())) {
          throw new WriteConflict(writes.clinic(), "period " + p.row().period()
              + (p.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<ReservationRecord> r : writes.reservations()) {
        if (r.inserted() == state.reservations.containsKey(r.row().id())) {
          throw new WriteConflict(writes.clinic(), "reservation " + r.row().id()
              + (r.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<IdempotencyRecord> k : writes.keys()) {
        if (k.inserted() && state.keys.containsKey(k.row().key())) {
          throw new WriteConflict(writes.clinic(), "key " + k.row().key() + " exists");
        }
      }
      for (WriteSet.Row<RepeatWindow> w : writes.windows()) {
        if (w.inserted() == state.windows.containsKey(w.row().customer())) {
          throw new WriteConflict(writes.clinic(), "window of " + w.row().customer()
              + (w.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<GrantRecord> g : writes.grants()) {
        if (g.inserted() == state.grants.containsKey(g.row().id())) {
          throw new WriteConflict(writes.clinic(), "grant " + g.row().id()
              + (g.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<UsageCounter> c : writes.counters()) {
        if (c.inserted() == state.counters.containsKey(c.row().key())) {
          throw new WriteConflict(writes.clinic(), "counter " + c.row().key()
              + (c.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<BudgetRecord> b : writes.budgets()) {
        if (b.inserted() == state.budgets.containsKey(b.row().key())) {
          throw new WriteConflict(writes.clinic(), "budget " + b.row().key()
              + (b.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<AutoTopUpRecord> a : writes.autoTopUps()) {
        if (a.inserted() == (state.autoTopUp != null)) {
          throw new WriteConflict(writes.clinic(), "auto top-up"
              + (a.inserted() ? " exists" : " was not found"));
        }
      }
      for (WriteSet.Row<PaymentRecord> p : writes.payments()) {
        if (p.inserted() == state.payments.containsKey(p.row().key())) {
          throw new WriteConflict(writes.clinic(), "payment " + p.row().key()
              + (p.inserted() ? " exists" : " was not found"));
        }
      }
      outbox.insert(writes.clinic(), writes.events());
      for (WriteSet.Row<AutoTopUpRecord> a : writes.autoTopUps()) {
        state.autoTopUp = a.row();
      }
      for (WriteSet.Row<PaymentRecord> p : writes.payments()) {
        state.payments.put(p.row().key(), p.row());
      }
      for (WriteSet.Row<PeriodRecord> p : writes.periods()) {
        state.periods.put(p.row().period().start(), p.row());
      }
      for (WriteSet.Row<BudgetRecord> b : writes.budgets()) {
        state.budgets.put(b.row().key(), b.row());
      }
      for (WriteSet.Row<UsageCounter> c : writes.counters()) {
        state.counters.put(c.row().key(), c.row());
      }
      for (WriteSet.Row<GrantRecord> g : writes.grants()) {
        state.grants.put(g.row().id(), g.row());
      }
      for (WriteSet.Row<IdempotencyRecord> k : writes.keys()) {
        state.keys.put(k.row().key(), k.row());
      }
      for (WriteSet.Row<ReservationRecord> row : writes.reservations()) {
        ReservationRecord r = row.row();
        state.reservations.put(r.id(), r);
        if (r.state() == ReservationState.PENDING) {
          state.pending.put(r.id(), r);
        } else {
          state.pending.remove(r.id());
        }
      }
      for (CustomerRefHash removed : writes.windowsRemoved()) {
        state.windows.remove(removed);
      }
      for (WriteSet.Row<RepeatWindow> w : writes.windows()) {
        state.windows.put(w.row().customer(), w.row());
      }
      synchronized (state.ledger) {
        state.ledger.addAll(writes.ledger());
      }
      synchronized (state.billing) {
        state.billing.addAll(writes.billing());
      }
      state.version = writes.nextVersion();
      state.account = writes.account(); // last: readers see the account only with its rows in place
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public Optional<AccountRecord> findAccount(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    return state == null ? Optional.empty() : Optional.ofNullable(state.account);
  }

  @Override
  public Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart) {
    ClinicState state = clinics.get(clinic);
    return state == null ? Optional.empty() : Optional.ofNullable(state.periods.get(periodStart));
  }

  @Override
  public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
    return clinics.values().stream()
        .filter(state -> state.account != null)
        .map(state -> state.clinic)
        .filter(id -> after.isEmpty() || id.value().compareTo(after.get().value()) > 0)
        .sorted(Comparator.comparing(ClinicId::value))
        .limit(limit)
        .toList();
  }

  @Override
  public List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit) {
    List<ClinicId> due = new ArrayList<>();
    for (ClinicState state : clinics.values()) {
      if (due.size() >= limit) {
        break;
      }
      for (ReservationRecord r : state.pending.values()) {
        if (r.isExpiredAt(now)) {
          due.add(state.clinic);
          break;
        }
      }
    }
    return due;
  }

  @Override
  public List<ClinicId> clinicsWithOpenPayments(int limit) {
    List<ClinicId> due = new ArrayList<>();
    for (ClinicState state : clinics.values()) {
      if (due.size() >= limit) {
        break;
      }
      state.lock.lock();
      try {
        if (state.payments.values().stream().anyMatch(PaymentRecord::isOpen)) {
          due.add(state.clinic);
        }
      } finally {
        state.lock.unlock();
      }
    }
    return due;
  }

  @Override
  public List<PaymentRecord> payments(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    state.lock.lock();
    try {
      return state.payments.values().stream()
          .sorted(Comparator.comparing(PaymentRecord::createdAt)
              .thenComparing(p -> p.key().value()))
          .toList();
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public int purgeIdempotencyKeys(Instant createdBefore, int limit) {
    int purged = 0;
    for (ClinicState state : clinics.values()) {
      state.lock.lock();
      try {
        Iterator<IdempotencyRecord> it = state.keys.values().iterator();
        while (it.hasNext() && purged < limit) {
          if (it.next().createdAt().isBefore(createdBefore)) {
            it.remove();
            purged++;
          }
        }
      } finally {
        state.lock.unlock();
      }
    }
    return purged;
  }

  @Override
  public List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    synchronized (state.ledger) {
      return state.ledger.stream()
          .filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
          .toList();
    }
  }

  @Override
  public List<PeriodRecord> periods(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    return state == null ? List.of() : List.copyOf(state.periods.values());
  }

  @Override
  public List<ReservationRecord> reservations(ClinicId clinic, Instant periodStart) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    return state.reservations.values().stream()
        .filter(r -> r.period().start().equals(periodStart))
        .sorted(Comparator.comparing(ReservationRecord::createdAt))
        .toList();
  }

  @Override
  public List<BillingLine> billingLines(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    synchronized (state.billing) {
      return List.copyOf(state.billing);
    }
  }

  @Override
  public List<GrantRecord> grants(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    return state.grants.values().stream()
        .sorted(Comparator.comparing(GrantRecord::createdAt)
            .thenComparing(g -> g.id().value()))
        .toList();
  }

  @Override
  public List<BudgetRecord> budgets(ClinicId clinic) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return List.of();
    }
    return state.budgets.values().stream()
        .sorted(Comparator.comparing((BudgetRecord b) -> b.key().scope())
            .thenComparing(b -> b.key().id()))
        .toList();
  }

  @Override
  public String toString() {
    return "InMemoryQuotaStore{clinics=" + clinics.size() + "}";
  }

  private static final class ClinicState {
    final ClinicId clinic;
    final ReentrantLock lock = new ReentrantLock();
    volatile AccountRecord account;
    final ConcurrentSkipListMap<Instant, PeriodRecord> periods = new ConcurrentSkipListMap<>();
    final ConcurrentHashMap<IdempotencyKey, IdempotencyRecord> keys = new ConcurrentHashMap<>();
    final ConcurrentHashMap<ReservationId, ReservationRecord> reservations = new ConcurrentHashMap<>();
    final ConcurrentHashMap<ReservationId, ReservationRecord> pending = new ConcurrentHashMap<>();
    final ConcurrentHashMap<CustomerRefHash, RepeatWindow> windows = new ConcurrentHashMap<>();
    final ConcurrentHashMap<GrantId, GrantRecord> grants = new ConcurrentHashMap<>();
    final Map<IdempotencyKey, PaymentRecord> payments = new java.util.LinkedHashMap<>();
    AutoTopUpRecord autoTopUp;
    final ConcurrentHashMap<UsageCounter.Key, UsageCounter> counters = new ConcurrentHashMap<>();
    final ConcurrentHashMap<BudgetRecord.Key, BudgetRecord> budgets = new ConcurrentHashMap<>();
    final List<LedgerEntry> ledger = new ArrayList<>();
    final List<BillingLine> billing = new ArrayList<>();
    long version;

    ClinicState(ClinicId clinic) {
      this.clinic = clinic;
    }

    long ledgerSize() {
      synchronized (ledger) {
        return ledger.size();
      }
    }
  }

  @Override
  public List<EventRecord> claimEvents(Instant now, Instant until, int limit) {
    return outbox.claim(now, until, limit);
  }

  @Override
  public boolean updateDelivery(EventRecord event) {
    return outbox.update(event);
  }

  @Override
  public List<EventRecord> events(ClinicId clinic, long afterVersion, int afterIndex, int limit) {
    return outbox.ofClinic(clinic, afterVersion, afterIndex, limit);
  }

  @Override
  public List<EventRecord> latestEvents(ClinicId clinic, Set<String> types, int limit) {
    return outbox.latest(clinic, types, limit);
  }

  @Override
  public List<EventRecord> eventsIn(DeliveryState state, int limit) {
    return outbox.inState(state, limit);
  }

  @Override
  public Optional<EventRecord> event(String id) {
    return outbox.byId(id);
  }

  @Override
  public int purgeEvents(Instant before, int limit) {
    return outbox.purge(before, limit);
  }

  @Override
  public synchronized boolean holdLease(String name, String holder, Instant now, Instant until) {
    Lease lease = leases.get(name);
    if (lease != null && !lease.holder.equals(holder) && lease.until.isAfter(now)) {
      return false;
    }
    leases.put(name, new Lease(holder, until));
    return true;
  }

  private final Map<String, Lease> leases = new HashMap<>();

  private record Lease(String holder, Instant until) {}

  /** Every clinic's events, in the order written, under one lock. */
  private static final class Outbox {
    private final java.util.TreeMap<Long, EventRecord> bySequence = new java.util.TreeMap<>();
    private final Map<String, Long> sequenceOf = new HashMap<>();
    private long next = 1;

    /** Throws a conflict if one of {@code events} has an id that exists. */
    private void check(ClinicId clinic, List<EventRecord> events) {
      for (EventRecord e : events) {
        if (sequenceOf.containsKey(e.id())) {
          throw new WriteConflict(clinic, "event " + e.id() + " exists");
        }
      }
    }

    /** Inserts {@code events}, or none of them if an id exists. */
    synchronized void insert(ClinicId clinic, List<EventRecord> events) {
      check(clinic, events);
      for (EventRecord e : events) {
        sequenceOf.put(e.id(), next);
        bySequence.put(next++, e);
      }
    }

    synchronized List<EventRecord> claim(Instant now, Instant until, int limit) {
      List<EventRecord> claimed = new ArrayList<>();
      for (Map.Entry<Long, EventRecord> e : bySequence.entrySet()) {
        if (claimed.size() >= limit) {
          break;
        }
        EventRecord event = e.getValue();
        if (event.state() == DeliveryState.PENDING && !event.nextAttemptAt().isAfter(now)) {
          EventRecord held = event.claimedUntil(until);
          e.setValue(held);
          claimed.add(held);
        }
      }
      return claimed;
    }

    synchronized boolean update(EventRecord event) {
      Long seq = sequenceOf.get(event.id());
      if (seq == null) {
        return false;
      }
      EventRecord stored = bySequence.get(seq);
      bySequence.put(seq, stored.withDelivery(event.state(), event.attempts(),
          event.nextAttemptAt(), event.deliveredTo(), event.lastError()));
      return true;
    }

    synchronized List<EventRecord> ofClinic(ClinicId clinic, long afterVersion, int afterIndex,
        int limit) {
      return bySequence.values().stream()
          .filter(e -> e.clinic().equals(clinic))
          .filter(e -> e.version() > afterVersion
              || e.version() == afterVersion && e.index() > afterIndex)
          .sorted(Comparator.comparingLong(EventRecord::version)
              .thenComparingInt(EventRecord::index))
          .limit(limit)
          .toList();
    }

    synchronized List<EventRecord> latest(ClinicId clinic, Set<String> types, int limit) {
      return bySequence.values().stream()
          .filter(e -> e.clinic().equals(clinic))
          .filter(e -> types.isEmpty() || types.contains(e.type()))
          .sorted(Comparator.comparingLong(EventRecord::version)
              .thenComparingInt(EventRecord::index).reversed())
          .limit(limit)
          .toList();
    }

    synchronized List<EventRecord> inState(DeliveryState state, int limit) {
      return bySequence.values().stream().filter(e -> e.state() == state).limit(limit).toList();
    }

    synchronized Optional<EventRecord> byId(String id) {
      Long seq = sequenceOf.get(id);
      return seq == null ? Optional.empty() : Optional.of(bySequence.get(seq));
    }

    synchronized int purge(Instant before, int limit) {
      int purged = 0;
      Iterator<Map.Entry<Long, EventRecord>> it = bySequence.entrySet().iterator();
      while (it.hasNext() && purged < limit) {
        EventRecord e = it.next().getValue();
        if (e.state() == DeliveryState.DELIVERED && e.occurredAt().isBefore(before)) {
          it.remove();
          sequenceOf.remove(e.id());
          purged++;
        }
      }
      return purged;
    }
  }
}
