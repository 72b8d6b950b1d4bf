package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.QuotaTransaction;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
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
 * The reference store: everything in this JVM's memory, one lock per clinic, writes staged and
 * applied all at once when the work returns (discarded when it throws).
 */
public final class InMemoryQuotaStore implements QuotaStore {
  private final ConcurrentHashMap<ClinicId, ClinicState> clinics = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryQuotaStore() {}

  @Override
  public <T> T inTransaction(ClinicId clinic, TransactionWork<T> work) {
    while (true) {
      ClinicState state = clinics.computeIfAbsent(clinic, ClinicState::new);
      state.lock.lock();
      try {
        if (clinics.get(clinic) != state) {
          continue; // removed as empty while we waited; take the live one
        }
        Tx tx = new Tx(state);
        T result = work.run(tx);
        tx.apply();
        return result;
      } finally {
        if (state.account == null && state.isEmpty()) {
          clinics.remove(clinic, state);
        }
        state.lock.unlock();
      }
    }
  }

  @Override
  public <T> Optional<T> inTransactionIfFree(ClinicId clinic, TransactionWork<T> work) {
    ClinicState state = clinics.get(clinic);
    if (state == null) {
      return Optional.of(inTransaction(clinic, work));
    }
    if (!state.lock.tryLock()) {
      return Optional.empty();
    }
    try {
      if (clinics.get(clinic) != state) {
        return Optional.of(inTransaction(clinic, work));
      }
      Tx tx = new Tx(state);
      T result = work.run(tx);
      tx.apply();
      return Optional.of(result);
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
    final List<LedgerEntry> ledger = new ArrayList<>();
    final List<BillingLine> billing = new ArrayList<>();

    ClinicState(ClinicId clinic) {
      this.clinic = clinic;
    }

    boolean isEmpty() {
      return periods.isEmpty() && keys.isEmpty() && reservations.isEmpty() && windows.isEmpty()
          && ledger.isEmpty() && billing.isEmpty();
    }
  }

  /** Staged writes over one clinic's committed state. */
  private static final class Tx implements QuotaTransaction {
    private final ClinicState state;
    private AccountRecord account;
    private boolean accountWritten;
    private final Map<Instant, PeriodRecord> periods = new HashMap<>();
    private final Map<IdempotencyKey, IdempotencyRecord> keys = new HashMap<>();
    private final Map<ReservationId, ReservationRecord> reservations = new HashMap<>();
    private final Map<CustomerRefHash, RepeatWindow> windows = new HashMap<>();
    private final Set<CustomerRefHash> removedWindows = new HashSet<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final List<BillingLine> billing = new ArrayList<>();

    Tx(ClinicState state) {
      this.state = state;
    }

    @Override
    public ClinicId clinic() {
      return state.clinic;
    }

    @Override
    public Optional<AccountRecord> account() {
      return Optional.ofNullable(accountWritten ? account : state.account);
    }

    @Override
    public void putAccount(AccountRecord record) {
      own(record.clinic());
      account = record;
      accountWritten = true;
    }

    @Override
    public Optional<PeriodRecord> period(Instant periodStart) {
      PeriodRecord staged = periods.get(periodStart);
      return Optional.ofNullable(staged != null ? staged : state.periods.get(periodStart));
    }

    @Override
    public void putPeriod(PeriodRecord period) {
      own(period.clinic());
      periods.put(period.period().start(), period);
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(IdempotencyKey key) {
      IdempotencyRecord staged = keys.get(key);
      return Optional.ofNullable(staged != null ? staged : state.keys.get(key));
    }

    @Override
    public void putIdempotency(IdempotencyRecord record) {
      own(record.clinic());
      keys.put(record.key(), record);
    }

    @Override
    public Optional<ReservationRecord> reservation(ReservationId id) {
      ReservationRecord staged = reservations.get(id);
      return Optional.ofNullable(staged != null ? staged : state.reservations.get(id));
    }

    @Override
    public void putReservation(ReservationRecord reservation) {
      own(reservation.clinic());
      reservations.put(reservation.id(), reservation);
    }

    @Override
    public List<ReservationRecord> expiredReservations(Instant now) {
      Map<ReservationId, ReservationRecord> merged = new HashMap<>(state.pending);
      merged.putAll(reservations);
      return merged.values().stream()
          .filter(r -> r.isExpiredAt(now))
          .sorted(Comparator.comparing(ReservationRecord::expiresAt))
          .toList();
    }

    @Override
    public Optional<RepeatWindow> repeatWindow(CustomerRefHash customer) {
      if (removedWindows.contains(customer)) {
        return Optional.empty();
      }
      RepeatWindow staged = windows.get(customer);
      return Optional.ofNullable(staged != null ? staged : state.windows.get(customer));
    }

    @Override
    public void putRepeatWindow(RepeatWindow window) {
      own(window.clinic());
      removedWindows.remove(window.customer());
      windows.put(window.customer(), window);
    }

    @Override
    public void removeRepeatWindow(CustomerRefHash customer) {
      windows.remove(customer);
      removedWindows.add(customer);
    }

    @Override
    public void append(LedgerEntry entry) {
      own(entry.clinic());
      ledger.add(entry);
    }

    @Override
    public void append(BillingLine line) {
      own(line.clinic());
      billing.add(line);
    }

    private void own(ClinicId clinic) {
      if (!state.clinic.equals(clinic)) {
        throw new IllegalArgumentException(
            "transaction on clinic " + state.clinic + " cannot write a record of " + clinic);
      }
    }

    void apply() {
      state.periods.putAll(periods);
      state.keys.putAll(keys);
      for (ReservationRecord r : reservations.values()) {
        state.reservations.put(r.id(), r);
        if (r.state() == ReservationState.PENDING) {
          state.pending.put(r.id(), r);
        } else {
          state.pending.remove(r.id());
        }
      }
      for (CustomerRefHash removed : removedWindows) {
        state.windows.remove(removed);
      }
      state.windows.putAll(windows);
      synchronized (state.ledger) {
        state.ledger.addAll(ledger);
      }
      synchronized (state.billing) {
        state.billing.addAll(billing);
      }
      if (accountWritten) {
        state.account = account; // last: readers see the account only with its rows in place
      }
    }
  }
}
