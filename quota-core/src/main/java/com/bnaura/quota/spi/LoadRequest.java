package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a decision on one clinic needs loaded: the clinic's account and current period always, and the
 * point records the request names. {@link QuotaStore#load} answers it with a {@link ClinicSnapshot}
 * in one round trip.
 *
 * <p>Besides what is named here, a store loads the period row of every reservation it returns, and
 * the repeat-scan window of every such reservation's customer, so that a commit or a release is
 * decided on one load.
 *
 * @param clinic the clinic
 * @param keys idempotency keys whose stored outcomes to load, whatever their age
 * @param reservations reservations to load
 * @param customers customers whose repeat-scan windows to load, whatever their age
 * @param periodStarts period rows to load besides the current one, by start
 * @param expiredAt when present, load every pending reservation of the clinic whose expiry is at or
 *     before this instant
 * @param counters usage counters to load, by their whole key
 * @param budgets branch and staff budget rows to load, by key
 */
public record LoadRequest(
    ClinicId clinic,
    Set<IdempotencyKey> keys,
    Set<ReservationId> reservations,
    Set<CustomerRefHash> customers,
    Set<Instant> periodStarts,
    Optional<Instant> expiredAt,
    Set<UsageCounter.Key> counters,
    Set<BudgetRecord.Key> budgets) {

  /** Validates and copies. */
  public LoadRequest {
    Objects.requireNonNull(clinic, "clinic");
    keys = Set.copyOf(keys);
    reservations = Set.copyOf(reservations);
    customers = Set.copyOf(customers);
    periodStarts = Set.copyOf(periodStarts);
    Objects.requireNonNull(expiredAt, "expiredAt");
    counters = Set.copyOf(counters);
    budgets = Set.copyOf(budgets);
  }

  /** A request that names no budget row. */
  public LoadRequest(ClinicId clinic, Set<IdempotencyKey> keys, Set<ReservationId> reservations,
      Set<CustomerRefHash> customers, Set<Instant> periodStarts, Optional<Instant> expiredAt,
      Set<UsageCounter.Key> counters) {
    this(clinic, keys, reservations, customers, periodStarts, expiredAt, counters, Set.of());
  }

  /** A request that names no usage counter. */
  public LoadRequest(ClinicId clinic, Set<IdempotencyKey> keys, Set<ReservationId> reservations,
      Set<CustomerRefHash> customers, Set<Instant> periodStarts, Optional<Instant> expiredAt) {
    this(clinic, keys, reservations, customers, periodStarts, expiredAt, Set.of(), Set.of());
  }

  /** The account and current period of {@code clinic}, and nothing else. */
  public static LoadRequest of(ClinicId clinic) {
    return new LoadRequest(clinic, Set.of(), Set.of(), Set.of(), Set.of(), Optional.empty(),
        Set.of(), Set.of());
  }

  /** This request, also loading the stored outcome of {@code key}. */
  public LoadRequest withKey(IdempotencyKey key) {
    return new LoadRequest(clinic, plus(keys, key), reservations, customers, periodStarts,
        expiredAt, counters, budgets);
  }

  /** This request, also loading reservation {@code id}. */
  public LoadRequest withReservation(ReservationId id) {
    return new LoadRequest(clinic, keys, plus(reservations, id), customers, periodStarts,
        expiredAt, counters, budgets);
  }

  /** This request, also loading the repeat-scan window of {@code customer}. */
  public LoadRequest withCustomer(CustomerRefHash customer) {
    return new LoadRequest(clinic, keys, reservations, plus(customers, customer), periodStarts,
        expiredAt, counters, budgets);
  }

  /** This request, also loading the period row starting at {@code start}. */
  public LoadRequest withPeriod(Instant start) {
    return new LoadRequest(clinic, keys, reservations, customers, plus(periodStarts, start),
        expiredAt, counters, budgets);
  }

  /**
   * This request, also loading the pending reservations expired at {@code at} (the later instant,
   * if it already names one).
   */
  public LoadRequest withExpiredAt(Instant at) {
    Instant latest = expiredAt.filter(e -> e.isAfter(at)).orElse(at);
    return new LoadRequest(clinic, keys, reservations, customers, periodStarts,
        Optional.of(latest), counters, budgets);
  }

  /** This request, also loading the usage counters {@code keys}. */
  public LoadRequest withCounters(Set<UsageCounter.Key> keys) {
    return new LoadRequest(clinic, this.keys, reservations, customers, periodStarts, expiredAt,
        all(counters, keys), budgets);
  }

  /** This request, also loading the budget rows {@code keys}. */
  public LoadRequest withBudgets(Set<BudgetRecord.Key> keys) {
    return new LoadRequest(clinic, this.keys, reservations, customers, periodStarts, expiredAt,
        counters, all(budgets, keys));
  }

  /** Everything this request or {@code other}, a request on the same clinic, names. */
  public LoadRequest union(LoadRequest other) {
    if (!clinic.equals(other.clinic)) {
      throw new IllegalArgumentException("requests on " + clinic + " and " + other.clinic);
    }
    LoadRequest merged = new LoadRequest(clinic, all(keys, other.keys),
        all(reservations, other.reservations), all(customers, other.customers),
        all(periodStarts, other.periodStarts), expiredAt, all(counters, other.counters),
        all(budgets, other.budgets));
    return other.expiredAt.map(merged::withExpiredAt).orElse(merged);
  }

  private static <T> Set<T> plus(Set<T> set, T item) {
    Objects.requireNonNull(item);
    if (set.contains(item)) {
      return set;
    }
    Set<T> copy = new HashSet<>(set);
    copy.add(item);
    return copy;
  }

  private static <T> Set<T> all(Set<T> a, Set<T> b) {
    if (b.isEmpty() || a.containsAll(b)) {
      return a;
    }
    Set<T> copy = new HashSet<>(a);
    copy.addAll(b);
    return copy;
  }
}
