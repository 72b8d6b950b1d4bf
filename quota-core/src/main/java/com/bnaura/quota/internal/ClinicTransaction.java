package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.UsageCounter;
import com.bnaura.quota.spi.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decisions on one clinic against a {@link ClinicSnapshot}: reads see the snapshot and the writes
 * staged so far, and the writes become one {@link WriteSet}.
 *
 * <p>A read of something the snapshot did not load throws {@link NotLoaded}, naming the wider
 * {@link LoadRequest} to load instead; the engine then loads that and decides again, so a decision
 * never reads a record it was not given.
 */
final class ClinicTransaction {

  /** Thrown by a read the snapshot does not cover; {@link #wider} is what to load instead. */
  static final class NotLoaded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient LoadRequest wider;

    NotLoaded(LoadRequest wider) {
      super(null, null, false, false);
      this.wider = wider;
    }
  }

  private final ClinicSnapshot snapshot;
  private final Set<Instant> periodsCovered = new HashSet<>();
  private final Set<CustomerRefHash> customersCovered = new HashSet<>();
  private final State state = new State();

  /** Everything staged. */
  private static final class State {
    AccountRecord account;
    boolean accountDirty;
    final Map<Instant, PeriodRecord> periods = new LinkedHashMap<>();
    final Map<ReservationId, ReservationRecord> reservations = new LinkedHashMap<>();
    final Map<IdempotencyKey, IdempotencyRecord> keys = new LinkedHashMap<>();
    final Map<CustomerRefHash, Optional<RepeatWindow>> windows = new LinkedHashMap<>();
    final List<LedgerEntry> ledger = new ArrayList<>();
    final List<BillingLine> billing = new ArrayList<>();
    final Map<GrantId, GrantRecord> grants = new LinkedHashMap<>();
    AutoTopUpRecord autoTopUp;
    final Map<IdempotencyKey, PaymentRecord> payments = new LinkedHashMap<>();
    final Map<UsageCounter.Key, UsageCounter> counters = new LinkedHashMap<>();
    final Map<BudgetRecord.Key, BudgetRecord> budgets = new LinkedHashMap<>();
    final List<Outbox.Draft> events = new ArrayList<>();

    boolean isEmpty() {
      return !accountDirty && periods.isEmpty() && reservations.isEmpty() && keys.isEmpty()
          && windows.isEmpty() && ledger.isEmpty() && billing.isEmpty() && grants.isEmpty()
          && autoTopUp == null && payments.isEmpty() && counters.isEmpty() && budgets.isEmpty()
          && events.isEmpty();
    }
  }

  /**
   * Grants read from the store after the snapshot, which does not hold them because they were not
   * open: the closed grants a reversal gives units back to. The version check of the apply proves
   * them current, as it does the snapshot.
   */
  private final Map<GrantId, GrantRecord> adopted = new LinkedHashMap<>();

  ClinicTransaction(ClinicSnapshot snapshot) {
    this.snapshot = snapshot;
    LoadRequest request = snapshot.request();
    periodsCovered.addAll(request.periodStarts());
    snapshot.account().ifPresent(a -> periodsCovered.add(a.currentPeriod().start()));
    customersCovered.addAll(request.customers());
    for (ReservationRecord r : snapshot.reservations().values()) {
      periodsCovered.add(r.period().start());
      r.customer().ifPresent(customersCovered::add);
    }
    state.account = snapshot.account().orElse(null);
  }

  ClinicId clinic() {
    return snapshot.clinic();
  }

  /** The clinic's account. */
  Optional<AccountRecord> account() {
    return Optional.ofNullable(state.account);
  }

  /** Stages the clinic's account. */
  void putAccount(AccountRecord account) {
    own(account.clinic());
    state.account = account;
    state.accountDirty = true;
  }

  /** The clinic's period row starting at {@code periodStart}. */
  Optional<PeriodRecord> period(Instant periodStart) {
    PeriodRecord staged = state.periods.get(periodStart);
    if (staged != null) {
      return Optional.of(staged);
    }
    if (!periodsCovered.contains(periodStart)) {
      throw new NotLoaded(snapshot.request().withPeriod(periodStart));
    }
    return Optional.ofNullable(snapshot.periods().get(periodStart));
  }

  /** Stages a period row. */
  void putPeriod(PeriodRecord period) {
    own(period.clinic());
    state.periods.put(period.period().start(), period);
  }

  /** The stored outcome for {@code key}, whatever its age. */
  Optional<IdempotencyRecord> idempotency(IdempotencyKey key) {
    IdempotencyRecord staged = state.keys.get(key);
    if (staged != null) {
      return Optional.of(staged);
    }
    if (!snapshot.request().keys().contains(key)) {
      throw new NotLoaded(snapshot.request().withKey(key));
    }
    return Optional.ofNullable(snapshot.keys().get(key));
  }

  /** Stages the stored outcome for its key. */
  void putIdempotency(IdempotencyRecord record) {
    own(record.clinic());
    state.keys.put(record.key(), record);
  }

  /** The clinic's reservation {@code id}. */
  Optional<ReservationRecord> reservation(ReservationId id) {
    ReservationRecord staged = state.reservations.get(id);
    if (staged != null) {
      return Optional.of(staged);
    }
    ReservationRecord loaded = snapshot.reservations().get(id);
    if (loaded == null && !snapshot.request().reservations().contains(id)) {
      throw new NotLoaded(snapshot.request().withReservation(id));
    }
    return Optional.ofNullable(loaded);
  }

  /** Stages a reservation. */
  void putReservation(ReservationRecord reservation) {
    own(reservation.clinic());
    state.reservations.put(reservation.id(), reservation);
  }

  /** The clinic's pending reservations whose expiry is at or before {@code now}, soonest first. */
  List<ReservationRecord> expiredReservations(Instant now) {
    Optional<Instant> loadedAt = snapshot.request().expiredAt();
    if (loadedAt.isEmpty() || now.isAfter(loadedAt.get())) {
      throw new NotLoaded(snapshot.request().withExpiredAt(now));
    }
    Map<ReservationId, ReservationRecord> found = new LinkedHashMap<>();
    for (ReservationRecord r : snapshot.expired()) {
      found.put(r.id(), r);
    }
    found.putAll(state.reservations);
    List<ReservationRecord> expired = new ArrayList<>();
    for (ReservationRecord r : found.values()) {
      if (r.isExpiredAt(now)) {
        expired.add(r);
      }
    }
    expired.sort(Comparator.comparing(ReservationRecord::expiresAt));
    return expired;
  }

  /** The repeat-scan window of {@code customer}, whatever its age. */
  Optional<RepeatWindow> repeatWindow(CustomerRefHash customer) {
    Optional<RepeatWindow> staged = state.windows.get(customer);
    if (staged != null) {
      return staged;
    }
    if (!customersCovered.contains(customer)) {
      throw new NotLoaded(snapshot.request().withCustomer(customer));
    }
    return Optional.ofNullable(snapshot.windows().get(customer));
  }

  /** Stages a repeat-scan window. */
  void putRepeatWindow(RepeatWindow window) {
    own(window.clinic());
    repeatWindow(window.customer());
    state.windows.put(window.customer(), Optional.of(window));
  }

  /** Stages the removal of the repeat-scan window of {@code customer}, if any. */
  void removeRepeatWindow(CustomerRefHash customer) {
    repeatWindow(customer);
    state.windows.put(customer, Optional.empty());
  }

  /**
   * The clinic's open add-on grants as staged: every grant the snapshot loaded (a load returns
   * all open ones) with the staged copies in their place, and the grants staged new.
   */
  Collection<GrantRecord> grants() {
    Map<GrantId, GrantRecord> all = new LinkedHashMap<>();
    for (GrantRecord g : snapshot.grants()) {
      all.put(g.id(), g);
    }
    all.putAll(state.grants);
    return all.values();
  }

  /** The clinic's grant {@code id}, if it is open or staged. */
  Optional<GrantRecord> grant(GrantId id) {
    GrantRecord staged = state.grants.get(id);
    if (staged != null) {
      return Optional.of(staged);
    }
    for (GrantRecord g : snapshot.grants()) {
      if (g.id().equals(id)) {
        return Optional.of(g);
      }
    }
    return Optional.ofNullable(adopted.get(id));
  }

  /**
   * Makes {@code grant}, read from the store after the snapshot, readable by {@link #grant} if the
   * snapshot holds no grant of its id, so a write of it replaces the stored row.
   */
  void adoptGrant(GrantRecord grant) {
    own(grant.clinic());
    if (grant(grant.id()).isEmpty()) {
      adopted.put(grant.id(), grant);
    }
  }

  /** The ledger entries staged so far, in order. */
  List<LedgerEntry> stagedLedger() {
    return java.util.Collections.unmodifiableList(state.ledger);
  }

  /** Stages a grant. */
  void putGrant(GrantRecord grant) {
    own(grant.clinic());
    state.grants.put(grant.id(), grant);
  }

  /** The clinic's auto top-up as staged, if it ever set one. */
  Optional<AutoTopUpRecord> autoTopUp() {
    return state.autoTopUp != null ? Optional.of(state.autoTopUp) : snapshot.autoTopUp();
  }

  /** Stages the clinic's auto top-up. */
  void putAutoTopUp(AutoTopUpRecord autoTopUp) {
    own(autoTopUp.clinic());
    state.autoTopUp = autoTopUp;
  }

  /**
   * The clinic's open payment as staged: one staged new or moved that is open, else the loaded one
   * unless a staged copy closed it.
   */
  Optional<PaymentRecord> openPayment() {
    for (PaymentRecord p : state.payments.values()) {
      if (p.isOpen()) {
        return Optional.of(p);
      }
    }
    return snapshot.payment().filter(p -> !state.payments.containsKey(p.key()));
  }

  /** Stages a payment. */
  void putPayment(PaymentRecord payment) {
    own(payment.clinic());
    state.payments.put(payment.key(), payment);
  }

  /**
   * The usage counters of {@code keys} as staged, an empty counter for each that does not exist.
   * Every key the snapshot did not load is named in one {@link NotLoaded}, so a decision that
   * needs several counters loads them in one go.
   */
  Map<UsageCounter.Key, UsageCounter> counters(Collection<UsageCounter.Key> keys) {
    Set<UsageCounter.Key> missing = new HashSet<>();
    for (UsageCounter.Key key : keys) {
      if (!state.counters.containsKey(key) && !snapshot.request().counters().contains(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new NotLoaded(snapshot.request().withCounters(missing));
    }
    Map<UsageCounter.Key, UsageCounter> found = new LinkedHashMap<>();
    for (UsageCounter.Key key : keys) {
      UsageCounter c = state.counters.get(key);
      if (c == null) {
        c = snapshot.counters().get(key);
      }
      found.put(key, c != null ? c : UsageCounter.empty(clinic(), key));
    }
    return found;
  }

  /** Stages a usage counter. */
  void putCounter(UsageCounter counter) {
    own(counter.clinic());
    counters(List.of(counter.key()));
    state.counters.put(counter.key(), counter);
  }

  /**
   * Makes sure every budget row of {@code keys} is loaded, naming all that are not in one {@link
   * NotLoaded}.
   */
  void requireBudgets(Collection<BudgetRecord.Key> keys) {
    Set<BudgetRecord.Key> missing = new HashSet<>();
    for (BudgetRecord.Key key : keys) {
      if (!state.budgets.containsKey(key) && !snapshot.request().budgets().contains(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new NotLoaded(snapshot.request().withBudgets(missing));
    }
  }

  /** The budget row of {@code key} as staged, or empty when it does not exist. */
  Optional<BudgetRecord> budget(BudgetRecord.Key key) {
    BudgetRecord staged = state.budgets.get(key);
    if (staged != null) {
      return Optional.of(staged);
    }
    if (!snapshot.request().budgets().contains(key)) {
      throw new NotLoaded(snapshot.request().withBudgets(Set.of(key)));
    }
    return Optional.ofNullable(snapshot.budgets().get(key));
  }

  /** Stages a budget row. */
  void putBudget(BudgetRecord budget) {
    own(budget.clinic());
    budget(budget.key());
    state.budgets.put(budget.key(), budget);
  }

  /** Stages a ledger entry. */
  void append(LedgerEntry entry) {
    own(entry.clinic());
    state.ledger.add(entry);
  }

  /** Stages a billing line. */
  void append(BillingLine line) {
    own(line.clinic());
    state.billing.add(line);
  }

  private void own(ClinicId other) {
    if (!clinic().equals(other)) {
      throw new IllegalArgumentException(
          "a decision on clinic " + clinic() + " cannot write a record of " + other);
    }
  }

  /** Stages an outbox event, written with the rest and placed after those staged before it. */
  void putEvent(Outbox.Draft event) {
    state.events.add(event);
  }

  /** What the staged writes change, or empty when they change nothing. */
  Optional<WriteSet> writeSet() {
    if (state.isEmpty()) {
      return Optional.empty();
    }
    if (state.account == null) {
      throw new IllegalStateException("clinic " + clinic() + " has no account to write rows for");
    }
    List<WriteSet.Row<PeriodRecord>> periods = new ArrayList<>();
    state.periods.values().forEach(p ->
        periods.add(new WriteSet.Row<>(p, !snapshot.periods().containsKey(p.period().start()))));
    List<WriteSet.Row<ReservationRecord>> reservations = new ArrayList<>();
    state.reservations.values().forEach(r -> reservations.add(new WriteSet.Row<>(r,
        !snapshot.reservations().containsKey(r.id()))));
    List<WriteSet.Row<IdempotencyRecord>> keys = new ArrayList<>();
    state.keys.values().forEach(k ->
        keys.add(new WriteSet.Row<>(k, !snapshot.keys().containsKey(k.key()))));
    List<WriteSet.Row<RepeatWindow>> windows = new ArrayList<>();
    List<CustomerRefHash> removed = new ArrayList<>();
    state.windows.forEach((customer, window) -> {
      boolean stored = snapshot.windows().containsKey(customer);
      if (window.isPresent()) {
        windows.add(new WriteSet.Row<>(window.get(), !stored));
      } else if (stored) {
        removed.add(customer);
      }
    });
    Set<GrantId> loaded = new HashSet<>();
    snapshot.grants().forEach(g -> loaded.add(g.id()));
    loaded.addAll(adopted.keySet());
    List<WriteSet.Row<GrantRecord>> grants = new ArrayList<>();
    state.grants.values().forEach(g ->
        grants.add(new WriteSet.Row<>(g, !loaded.contains(g.id()))));
    List<WriteSet.Row<AutoTopUpRecord>> autoTopUps = state.autoTopUp == null ? List.of()
        : List.of(new WriteSet.Row<>(state.autoTopUp, snapshot.autoTopUp().isEmpty()));
    List<WriteSet.Row<PaymentRecord>> payments = new ArrayList<>();
    state.payments.values().forEach(p -> payments.add(new WriteSet.Row<>(p,
        snapshot.payment().filter(loadedOne -> loadedOne.key().equals(p.key())).isEmpty())));
    List<WriteSet.Row<UsageCounter>> counters = new ArrayList<>();
    state.counters.values().forEach(c ->
        counters.add(new WriteSet.Row<>(c, !snapshot.counters().containsKey(c.key()))));
    List<WriteSet.Row<BudgetRecord>> budgets = new ArrayList<>();
    state.budgets.values().forEach(b ->
        budgets.add(new WriteSet.Row<>(b, !snapshot.budgets().containsKey(b.key()))));
    List<EventRecord> events = new ArrayList<>();
    for (Outbox.Draft draft : state.events) {
      events.add(Outbox.row(draft, state.account, snapshot.version() + 1, events.size()));
    }
    return Optional.of(new WriteSet(clinic(), snapshot.version(), snapshot.ledgerSize(),
        state.account, snapshot.account().isEmpty(), periods, reservations, keys, windows, removed,
        state.ledger, state.billing, grants, autoTopUps, payments, counters, budgets, events));
  }

  @Override
  public String toString() {
    return "ClinicTransaction{" + clinic() + " at version " + snapshot.version() + "}";
  }
}
