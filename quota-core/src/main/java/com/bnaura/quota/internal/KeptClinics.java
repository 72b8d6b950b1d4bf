package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.spi.UsageCounter;
import com.bnaura.quota.spi.WriteSet;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this instance knows of each clinic at the version its own last write left it: the account,
 * the current period, the pending reservations it knows (with their periods and their customers'
 * windows), the repeat-scan windows of its most recent customers, and the keys its last write
 * stored.
 *
 * <p>Every write to a clinic moves its version, so a row known at the clinic's current version is
 * the stored row, and a row known before a write that did not touch it is still the stored row
 * after it. A decision may therefore run on the kept state instead of a load ({@link #standIn});
 * the store's version check at apply is the authority, and a clinic another instance moved
 * conflicts there and is loaded afresh.
 *
 * <p>What a request names beyond the kept state is either loaded on its own and laid over it
 * ({@link #overlay}: a load at the kept version proves the rest of the kept state current), or
 * taken to be new. A key or a customer is taken to be new — no stored outcome, no repeat-scan
 * window — and that is proven only by the decision inserting it (a duplicate insert conflicts at
 * apply): a decision that does not insert every such key and window is made again once they are
 * loaded ({@link StandIn#unproven}). A reservation, a period, a usage counter or a budget row the
 * kept state does not hold is always loaded.
 */
final class KeptClinics {
  /** Pending reservations kept per clinic beyond those of its last write. */
  static final int KEPT_RESERVATIONS = 256;
  /** Usage counters (and budget rows) kept per clinic beyond those its last write wrote. */
  static final int KEPT_COUNTERS = 256;
  /**
   * Customers whose repeat-scan window (or its absence) is kept per clinic beyond the windows of
   * the pending reservations kept and those its last write wrote: the most recent earlier ones.
   */
  static final int KEPT_WINDOWS = 16;

  private final Cache<ClinicId, ClinicSnapshot> kept;

  KeptClinics(int clinics) {
    this.kept = Caffeine.newBuilder().maximumSize(clinics).build();
  }

  /**
   * A snapshot made of known state, and what it takes to be new without knowing.
   *
   * @param facts the known state: every row it covers is the stored row at its version
   * @param snapshot the facts, also covering the assumed keys and customers (as absent)
   * @param assumedKeys keys the snapshot answers as having no stored outcome, unknown to the facts
   * @param assumedCustomers customers the snapshot answers as having no window, unknown to the facts
   */
  record StandIn(ClinicSnapshot facts, ClinicSnapshot snapshot, Set<IdempotencyKey> assumedKeys,
      Set<CustomerRefHash> assumedCustomers) {

    /**
     * What of the assumptions {@code writes} does not prove by inserting it, as a request to load;
     * null when it proves them all.
     */
    LoadRequest unproven(Optional<WriteSet> writes) {
      if (assumedKeys.isEmpty() && assumedCustomers.isEmpty()) {
        return null;
      }
      Set<IdempotencyKey> keys = new HashSet<>(assumedKeys);
      Set<CustomerRefHash> customers = new HashSet<>(assumedCustomers);
      if (writes.isPresent()) {
        for (WriteSet.Row<IdempotencyRecord> row : writes.get().keys()) {
          if (row.inserted()) {
            keys.remove(row.row().key());
          }
        }
        for (WriteSet.Row<RepeatWindow> row : writes.get().windows()) {
          if (row.inserted()) {
            customers.remove(row.row().customer());
          }
        }
      }
      if (keys.isEmpty() && customers.isEmpty()) {
        return null;
      }
      return new LoadRequest(snapshot.clinic(), keys, Set.of(), customers, Set.of(),
          Optional.empty());
    }
  }

  /**
   * The kept state of {@code request}'s clinic, or null when nothing is kept or the request names
   * expired reservations (a search the kept state cannot answer).
   */
  ClinicSnapshot facts(LoadRequest request) {
    if (request.expiredAt().isPresent()) {
      return null;
    }
    return kept.getIfPresent(request.clinic());
  }

  /**
   * What {@code request} names that {@code facts} neither holds nor may assume — reservations and
   * periods — as a request to load; null when the facts hold them all.
   */
  static LoadRequest unheld(ClinicSnapshot facts, LoadRequest request) {
    Set<ReservationId> reservations = new HashSet<>();
    for (ReservationId id : request.reservations()) {
      if (!facts.request().reservations().contains(id) && !facts.reservations().containsKey(id)) {
        reservations.add(id);
      }
    }
    Set<Instant> periods = new HashSet<>();
    for (Instant start : request.periodStarts()) {
      if (!facts.request().periodStarts().contains(start) && !facts.periods().containsKey(start)) {
        periods.add(start);
      }
    }
    Set<UsageCounter.Key> counters = new HashSet<>();
    for (UsageCounter.Key key : request.counters()) {
      if (!facts.request().counters().contains(key) && !facts.counters().containsKey(key)) {
        counters.add(key);
      }
    }
    Set<BudgetRecord.Key> budgets = new HashSet<>();
    for (BudgetRecord.Key key : request.budgets()) {
      if (!facts.request().budgets().contains(key) && !facts.budgets().containsKey(key)) {
        budgets.add(key);
      }
    }
    if (reservations.isEmpty() && periods.isEmpty() && counters.isEmpty() && budgets.isEmpty()) {
      return null;
    }
    return new LoadRequest(request.clinic(), Set.of(), reservations, Set.of(), periods,
        Optional.empty(), counters, budgets);
  }

  /**
   * {@code facts} answering {@code request}, taking the keys and customers it does not know to be
   * new. The facts must hold every reservation and period the request names ({@link #unheld}).
   */
  static StandIn standIn(ClinicSnapshot facts, LoadRequest request) {
    LoadRequest known = facts.request();
    Set<IdempotencyKey> assumedKeys = new HashSet<>();
    for (IdempotencyKey key : request.keys()) {
      if (!known.keys().contains(key)) {
        assumedKeys.add(key);
      }
    }
    Set<CustomerRefHash> reservationCustomers = customersOf(facts);
    Set<CustomerRefHash> assumedCustomers = new HashSet<>();
    for (CustomerRefHash customer : request.customers()) {
      if (!known.customers().contains(customer) && !reservationCustomers.contains(customer)) {
        assumedCustomers.add(customer);
      }
    }
    if (assumedKeys.isEmpty() && assumedCustomers.isEmpty()) {
      return new StandIn(facts, facts, Set.of(), Set.of());
    }
    LoadRequest covered = new LoadRequest(request.clinic(), union(known.keys(), assumedKeys),
        known.reservations(), union(known.customers(), assumedCustomers), known.periodStarts(),
        Optional.empty(), known.counters(), known.budgets());
    ClinicSnapshot snapshot = new ClinicSnapshot(covered, facts.account(), facts.version(),
        facts.ledgerSize(), facts.periods(), facts.keys(), facts.reservations(), facts.windows(),
        List.of(), facts.grants(), facts.autoTopUp(), facts.payment(), facts.counters(),
        facts.budgets());
    return new StandIn(facts, snapshot, assumedKeys, assumedCustomers);
  }

  /**
   * {@code facts} with what {@code loaded} found laid over them, or null when the clinic moved
   * since the facts' version (or has no account): then only a load of everything is current.
   */
  static ClinicSnapshot overlay(ClinicSnapshot facts, ClinicSnapshot loaded) {
    if (loaded.account().isEmpty() || loaded.version() != facts.version()) {
      return null;
    }
    LoadRequest known = facts.request();
    LoadRequest asked = loaded.request();
    Set<Instant> starts = union(known.periodStarts(), asked.periodStarts());
    starts.addAll(loaded.periods().keySet());
    LoadRequest covered = new LoadRequest(facts.clinic(), union(known.keys(), asked.keys()),
        union(known.reservations(), asked.reservations()),
        union(known.customers(), asked.customers()), starts, Optional.empty(),
        union(known.counters(), asked.counters()), union(known.budgets(), asked.budgets()));
    return new ClinicSnapshot(covered, loaded.account(), loaded.version(), loaded.ledgerSize(),
        merged(facts.periods(), loaded.periods()), merged(facts.keys(), loaded.keys()),
        merged(facts.reservations(), loaded.reservations()),
        merged(facts.windows(), loaded.windows()), List.of(), loaded.grants(), loaded.autoTopUp(),
        loaded.payment(), merged(facts.counters(), loaded.counters()),
        merged(facts.budgets(), loaded.budgets()));
  }

  /** Keeps the account and current period {@code snapshot} loaded, when nothing was written. */
  void loaded(ClinicSnapshot snapshot) {
    Optional<AccountRecord> account = snapshot.account();
    if (account.isEmpty()) {
      return;
    }
    PeriodRecord current = snapshot.periods().get(account.get().currentPeriod().start());
    if (current == null) {
      return;
    }
    kept.put(snapshot.clinic(), new ClinicSnapshot(LoadRequest.of(snapshot.clinic()), account,
        snapshot.version(), snapshot.ledgerSize(), Map.of(current.period().start(), current),
        Map.of(), Map.of(), Map.of(), List.of(), snapshot.grants(), snapshot.autoTopUp(),
        snapshot.payment(), Map.of(), Map.of()));
  }

  /**
   * Keeps the state {@code writes}, decided on {@code read}, left, at its next version: its
   * account and current period, the reservations it wrote and the pending ones {@code read} held
   * (at most {@value #KEPT_RESERVATIONS}), each with its period and its customer's window, and the
   * keys it stored.
   */
  void applied(ClinicSnapshot read, WriteSet writes) {
    ClinicId clinic = writes.clinic();
    Map<Instant, PeriodRecord> periods = new HashMap<>(read.periods());
    for (WriteSet.Row<PeriodRecord> row : writes.periods()) {
      periods.put(row.row().period().start(), row.row());
    }
    Map<CustomerRefHash, Optional<RepeatWindow>> windows = new HashMap<>();
    read.windows().forEach((customer, window) -> windows.put(customer, Optional.of(window)));
    for (WriteSet.Row<RepeatWindow> row : writes.windows()) {
      windows.put(row.row().customer(), Optional.of(row.row()));
    }
    for (CustomerRefHash removed : writes.windowsRemoved()) {
      windows.put(removed, Optional.empty());
    }
    Set<CustomerRefHash> knownCustomers = customersOf(read);
    knownCustomers.addAll(read.request().customers());
    knownCustomers.addAll(windows.keySet());

    Instant currentStart = writes.account().currentPeriod().start();
    PeriodRecord current = periods.get(currentStart);
    if (current == null) {
      kept.invalidate(clinic);
      return;
    }
    Map<ReservationId, ReservationRecord> reservations = new HashMap<>();
    int pending = 0;
    for (ReservationRecord r : read.reservations().values()) {
      if (r.state() == ReservationState.PENDING) {
        pending++;
      }
    }
    if (pending <= KEPT_RESERVATIONS) {
      for (ReservationRecord r : read.reservations().values()) {
        if (r.state() == ReservationState.PENDING) {
          reservations.put(r.id(), r);
        }
      }
    }
    for (WriteSet.Row<ReservationRecord> row : writes.reservations()) {
      reservations.put(row.row().id(), row.row());
    }
    Map<Instant, PeriodRecord> keptPeriods = new HashMap<>();
    Map<ReservationId, ReservationRecord> keptReservations = new HashMap<>();
    Map<CustomerRefHash, RepeatWindow> keptWindows = new HashMap<>();
    Set<CustomerRefHash> keptCustomers = new HashSet<>();
    keptPeriods.put(currentStart, current);
    for (ReservationRecord r : reservations.values()) {
      PeriodRecord pinned = periods.get(r.period().start());
      boolean customerKnown = r.customer().map(knownCustomers::contains).orElse(true);
      if (pinned == null || !customerKnown) {
        continue;
      }
      keptReservations.put(r.id(), r);
      keptPeriods.put(pinned.period().start(), pinned);
      r.customer().ifPresent(c -> {
        keptCustomers.add(c);
        windows.getOrDefault(c, Optional.empty()).ifPresent(w -> keptWindows.put(c, w));
      });
    }
    for (WriteSet.Row<RepeatWindow> row : writes.windows()) {
      keptCustomers.add(row.row().customer());
      keptWindows.put(row.row().customer(), row.row());
    }
    keptCustomers.addAll(writes.windowsRemoved());
    keepRecentWindows(knownCustomers, windows, keptCustomers, keptWindows);
    Map<IdempotencyKey, IdempotencyRecord> keptKeys = new HashMap<>();
    for (WriteSet.Row<IdempotencyRecord> row : writes.keys()) {
      keptKeys.put(row.row().key(), row.row());
    }
    Set<UsageCounter.Key> counterKeys = new HashSet<>();
    Map<UsageCounter.Key, UsageCounter> keptCounters = new HashMap<>();
    if (read.request().counters().size() <= KEPT_COUNTERS) {
      counterKeys.addAll(read.request().counters());
      keptCounters.putAll(read.counters());
    }
    for (WriteSet.Row<UsageCounter> row : writes.counters()) {
      counterKeys.add(row.row().key());
      keptCounters.put(row.row().key(), row.row());
    }
    Set<BudgetRecord.Key> budgetKeys = new HashSet<>();
    Map<BudgetRecord.Key, BudgetRecord> keptBudgets = new HashMap<>();
    if (read.request().budgets().size() <= KEPT_COUNTERS) {
      budgetKeys.addAll(read.request().budgets());
      keptBudgets.putAll(read.budgets());
    }
    for (WriteSet.Row<BudgetRecord> row : writes.budgets()) {
      budgetKeys.add(row.row().key());
      keptBudgets.put(row.row().key(), row.row());
    }
    LoadRequest covered = new LoadRequest(clinic, keptKeys.keySet(), keptReservations.keySet(),
        keptCustomers, keptPeriods.keySet(), Optional.empty(), counterKeys, budgetKeys);
    kept.put(clinic, new ClinicSnapshot(covered, Optional.of(writes.account()),
        writes.nextVersion(), writes.ledgerSize() + writes.ledger().size(), keptPeriods, keptKeys,
        keptReservations, keptWindows, List.of(), openGrants(read, writes),
        autoTopUpAfter(read, writes), openPaymentAfter(read, writes), keptCounters, keptBudgets));
  }

  /**
   * Adds to the kept customers up to {@value #KEPT_WINDOWS} others {@code known} knew: those with
   * the most recently opened windows first, then those known to have none. A customer scanned
   * again soon after is then decided on what is kept, not taken to be new (which its window's
   * insert would disprove at apply, costing a conflict and a load).
   */
  private static void keepRecentWindows(Set<CustomerRefHash> known,
      Map<CustomerRefHash, Optional<RepeatWindow>> windows, Set<CustomerRefHash> keptCustomers,
      Map<CustomerRefHash, RepeatWindow> keptWindows) {
    List<CustomerRefHash> others = new ArrayList<>();
    for (CustomerRefHash customer : known) {
      if (!keptCustomers.contains(customer)) {
        others.add(customer);
      }
    }
    if (others.size() > KEPT_WINDOWS) {
      others.sort(Comparator.comparing((CustomerRefHash c) -> windows.getOrDefault(c,
          Optional.empty()).map(RepeatWindow::openedAt).orElse(Instant.MIN)).reversed());
      others = others.subList(0, KEPT_WINDOWS);
    }
    for (CustomerRefHash customer : others) {
      keptCustomers.add(customer);
      windows.getOrDefault(customer, Optional.empty()).ifPresent(w -> keptWindows.put(customer, w));
    }
  }

  /** The auto top-up after {@code writes}: as written, else as {@code read} had it. */
  private static Optional<AutoTopUpRecord> autoTopUpAfter(ClinicSnapshot read, WriteSet writes) {
    return writes.autoTopUps().isEmpty() ? read.autoTopUp()
        : Optional.of(writes.autoTopUps().get(0).row());
  }

  /** The open payment after {@code writes}: one written open, else {@code read}'s if not closed. */
  private static Optional<PaymentRecord> openPaymentAfter(ClinicSnapshot read, WriteSet writes) {
    for (WriteSet.Row<PaymentRecord> p : writes.payments()) {
      if (p.row().isOpen()) {
        return Optional.of(p.row());
      }
    }
    return read.payment().filter(open -> writes.payments().stream()
        .noneMatch(p -> p.row().key().equals(open.key())));
  }

  /** The open grants after {@code writes}: those {@code read} had, as written, and new ones. */
  private static List<GrantRecord> openGrants(ClinicSnapshot read, WriteSet writes) {
    Map<GrantId, GrantRecord> grants = new LinkedHashMap<>();
    read.grants().forEach(g -> grants.put(g.id(), g));
    writes.grants().forEach(g -> grants.put(g.row().id(), g.row()));
    grants.values().removeIf(g -> !g.isOpen());
    return List.copyOf(grants.values());
  }

  /** Forgets what is kept of {@code clinic}: a conflict, an unknown outcome or a moved version. */
  void forget(ClinicId clinic) {
    kept.invalidate(clinic);
  }

  /** The customers of the reservations {@code snapshot} holds, whose windows it holds too. */
  private static Set<CustomerRefHash> customersOf(ClinicSnapshot snapshot) {
    Set<CustomerRefHash> customers = new HashSet<>();
    for (ReservationRecord r : snapshot.reservations().values()) {
      r.customer().ifPresent(customers::add);
    }
    return customers;
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static <K, V> Map<K, V> merged(Map<K, V> under, Map<K, V> over) {
    if (over.isEmpty()) {
      return under;
    }
    Map<K, V> all = new HashMap<>(under);
    all.putAll(over);
    return all;
  }
}
