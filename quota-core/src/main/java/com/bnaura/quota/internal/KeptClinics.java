package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteSet;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this instance knows of each clinic at the version its own last write left it: the account,
 * the current period, and the rows that write touched (the reservations it took or resolved, with
 * their periods and their customers' windows, and the keys it stored).
 *
 * <p>Every write to a clinic moves its version, so a row known at the clinic's current version is
 * the stored row. A decision may therefore run on the kept state instead of a load ({@link
 * #standIn}); the store's version check at apply is the authority, and a clinic another instance
 * moved conflicts there and is loaded afresh. A key or a customer the kept state does not know is
 * taken to be new — no stored outcome, no repeat-scan window — and that is proven only by the
 * decision inserting it (a duplicate insert conflicts at apply): a decision that does not insert
 * every such key and window is made again on a load ({@link StandIn#provenBy}).
 */
final class KeptClinics {
  private final Cache<ClinicId, ClinicSnapshot> kept;

  KeptClinics(int clinics) {
    this.kept = Caffeine.newBuilder().maximumSize(clinics).build();
  }

  /** A snapshot made of kept state, and what it takes to be new without knowing. */
  record StandIn(ClinicSnapshot snapshot, Set<IdempotencyKey> assumedKeys,
      Set<CustomerRefHash> assumedCustomers) {

    /** Whether {@code writes} inserts every key and window taken to be new. */
    boolean provenBy(Optional<WriteSet> writes) {
      if (assumedKeys.isEmpty() && assumedCustomers.isEmpty()) {
        return true;
      }
      if (writes.isEmpty()) {
        return false;
      }
      Set<IdempotencyKey> keys = new HashSet<>();
      for (WriteSet.Row<IdempotencyRecord> row : writes.get().keys()) {
        if (row.inserted()) {
          keys.add(row.row().key());
        }
      }
      Set<CustomerRefHash> customers = new HashSet<>();
      for (WriteSet.Row<RepeatWindow> row : writes.get().windows()) {
        if (row.inserted()) {
          customers.add(row.row().customer());
        }
      }
      return keys.containsAll(assumedKeys) && customers.containsAll(assumedCustomers);
    }
  }

  /**
   * The kept state of {@code request}'s clinic as a snapshot answering it, or null when nothing is
   * kept or the request names a reservation, a period or expired reservations the kept state does
   * not hold.
   */
  StandIn standIn(LoadRequest request) {
    if (request.expiredAt().isPresent()) {
      return null;
    }
    ClinicSnapshot state = kept.getIfPresent(request.clinic());
    if (state == null) {
      return null;
    }
    if (!state.reservations().keySet().containsAll(request.reservations())
        || !state.periods().keySet().containsAll(request.periodStarts())) {
      return null;
    }
    Set<IdempotencyKey> assumedKeys = new HashSet<>(request.keys());
    assumedKeys.removeAll(state.request().keys());
    Set<CustomerRefHash> assumedCustomers = new HashSet<>(request.customers());
    assumedCustomers.removeAll(state.request().customers());
    LoadRequest covered = new LoadRequest(request.clinic(),
        union(state.request().keys(), request.keys()), state.reservations().keySet(),
        union(state.request().customers(), request.customers()), state.periods().keySet(),
        Optional.empty());
    ClinicSnapshot snapshot = new ClinicSnapshot(covered, state.account(), state.version(),
        state.ledgerSize(), state.periods(), state.keys(), state.reservations(), state.windows(),
        List.of(), state.grants());
    return new StandIn(snapshot, assumedKeys, assumedCustomers);
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
        Map.of(), Map.of(), Map.of(), List.of(), snapshot.grants()));
  }

  /**
   * Keeps the state {@code writes}, decided on {@code read}, left: its account, current period and
   * the rows it touched, at its next version.
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
    Set<CustomerRefHash> knownCustomers = knownCustomers(read);
    knownCustomers.addAll(windows.keySet());

    Instant currentStart = writes.account().currentPeriod().start();
    Map<Instant, PeriodRecord> keptPeriods = new HashMap<>();
    Map<ReservationId, ReservationRecord> keptReservations = new HashMap<>();
    Map<CustomerRefHash, RepeatWindow> keptWindows = new HashMap<>();
    Set<CustomerRefHash> keptCustomers = new HashSet<>();
    PeriodRecord current = periods.get(currentStart);
    if (current == null) {
      kept.invalidate(clinic);
      return;
    }
    keptPeriods.put(currentStart, current);
    for (WriteSet.Row<ReservationRecord> row : writes.reservations()) {
      ReservationRecord r = row.row();
      PeriodRecord pinned = periods.get(r.period().start());
      boolean customerKnown = r.customer().map(knownCustomers::contains).orElse(true);
      if (pinned == null || !customerKnown) {
        continue;
      }
      keptReservations.put(r.id(), r);
      keptPeriods.put(pinned.period().start(), pinned);
      r.customer().ifPresent(c -> {
        keptCustomers.add(c);
        Optional<RepeatWindow> w = windows.getOrDefault(c, Optional.empty());
        w.ifPresent(window -> keptWindows.put(c, window));
      });
    }
    for (WriteSet.Row<RepeatWindow> row : writes.windows()) {
      keptCustomers.add(row.row().customer());
      keptWindows.put(row.row().customer(), row.row());
    }
    keptCustomers.addAll(writes.windowsRemoved());
    Map<IdempotencyKey, IdempotencyRecord> keptKeys = new HashMap<>();
    for (WriteSet.Row<IdempotencyRecord> row : writes.keys()) {
      keptKeys.put(row.row().key(), row.row());
    }
    LoadRequest covered = new LoadRequest(clinic, keptKeys.keySet(), keptReservations.keySet(),
        keptCustomers, keptPeriods.keySet(), Optional.empty());
    kept.put(clinic, new ClinicSnapshot(covered, Optional.of(writes.account()),
        writes.nextVersion(), writes.ledgerSize() + writes.ledger().size(), keptPeriods, keptKeys,
        keptReservations, keptWindows, List.of(), openGrants(read, writes)));
  }

  /** The open grants after {@code writes}: those {@code read} had, as written, and new ones. */
  private static List<GrantRecord> openGrants(ClinicSnapshot read, WriteSet writes) {
    Map<GrantId, GrantRecord> grants = new LinkedHashMap<>();
    read.grants().forEach(g -> grants.put(g.id(), g));
    writes.grants().forEach(g -> grants.put(g.row().id(), g.row()));
    grants.values().removeIf(g -> !g.isOpen());
    return List.copyOf(grants.values());
  }

  /** Forgets what is kept of {@code clinic}: a conflict or an unknown outcome. */
  void forget(ClinicId clinic) {
    kept.invalidate(clinic);
  }

  /** The customers whose window {@code read} knows: named, or of a reservation it holds. */
  private static Set<CustomerRefHash> knownCustomers(ClinicSnapshot read) {
    Set<CustomerRefHash> known = new HashSet<>(read.request().customers());
    for (ReservationRecord r : read.reservations().values()) {
      r.customer().ifPresent(known::add);
    }
    return known;
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
