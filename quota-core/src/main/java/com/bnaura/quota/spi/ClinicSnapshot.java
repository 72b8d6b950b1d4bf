package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The committed state of one clinic that a decision reads, as {@link QuotaStore#load} found it at
 * one instant: what its {@link LoadRequest} named, and the clinic's version then.
 *
 * <p>A record the request named and the maps lack did not exist. The engine decides against the
 * snapshot and hands the store a {@link WriteSet} read at {@link #version()}; the store applies it
 * only if the clinic is still at that version.
 *
 * @param request what was asked for
 * @param account the clinic's account; empty if the clinic is not registered
 * @param version the clinic's version: 0 before its account exists, one more after every applied
 *     write-set
 * @param ledgerSize how many ledger entries the clinic has; a write-set's entries follow them
 * @param periods the period rows found, by start: the account's current period, each period the
 *     request named, and the period of every reservation returned
 * @param keys the stored outcomes found among the named keys
 * @param reservations the reservations found among the named ones, and the expired ones
 * @param windows the repeat-scan windows found among the named customers and the customers of the
 *     reservations returned
 * @param expired when the request named {@code expiredAt}, the clinic's pending reservations
 *     expired at that instant, soonest expiry first; otherwise empty
 * @param grants the clinic's open add-on grants ({@link GrantRecord#isOpen()}), whatever the
 *     request named, in any order
 * @param autoTopUp the clinic's auto top-up, if it ever set one, whatever the request named
 * @param payment the clinic's open payment ({@link PaymentRecord#isOpen()}), if any, whatever the
 *     request named
 * @param counters the usage counters found among the named ones
 * @param budgets the budget rows found among the named ones
 */
public record ClinicSnapshot(
    LoadRequest request,
    Optional<AccountRecord> account,
    long version,
    long ledgerSize,
    Map<Instant, PeriodRecord> periods,
    Map<IdempotencyKey, IdempotencyRecord> keys,
    Map<ReservationId, ReservationRecord> reservations,
    Map<CustomerRefHash, RepeatWindow> windows,
    List<ReservationRecord> expired,
    List<GrantRecord> grants,
    Optional<AutoTopUpRecord> autoTopUp,
    Optional<PaymentRecord> payment,
    Map<UsageCounter.Key, UsageCounter> counters,
    Map<BudgetRecord.Key, BudgetRecord> budgets) {

  /** Validates and copies. */
  public ClinicSnapshot {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(account, "account");
    if (version < 0 || ledgerSize < 0) {
      throw new IllegalArgumentException("version and ledgerSize must not be negative");
    }
    if (account.isEmpty() && version != 0) {
      throw new IllegalArgumentException("a clinic without an account is at version 0");
    }
    periods = Map.copyOf(periods);
    keys = Map.copyOf(keys);
    reservations = Map.copyOf(reservations);
    windows = Map.copyOf(windows);
    expired = List.copyOf(expired);
    grants = List.copyOf(grants);
    Objects.requireNonNull(autoTopUp, "autoTopUp");
    Objects.requireNonNull(payment, "payment");
    counters = Map.copyOf(counters);
    budgets = Map.copyOf(budgets);
  }

  /**
   * A snapshot of a clinic without auto top-up or an open payment, that found no usage counter
   * or budget row.
   */
  public ClinicSnapshot(LoadRequest request, Optional<AccountRecord> account, long version,
      long ledgerSize, Map<Instant, PeriodRecord> periods,
      Map<IdempotencyKey, IdempotencyRecord> keys,
      Map<ReservationId, ReservationRecord> reservations,
      Map<CustomerRefHash, RepeatWindow> windows, List<ReservationRecord> expired,
      List<GrantRecord> grants) {
    this(request, account, version, ledgerSize, periods, keys, reservations, windows, expired,
        grants, Optional.empty(), Optional.empty(), Map.of(), Map.of());
  }

  /** A snapshot of a clinic that has no add-on grants open. */
  public ClinicSnapshot(LoadRequest request, Optional<AccountRecord> account, long version,
      long ledgerSize, Map<Instant, PeriodRecord> periods,
      Map<IdempotencyKey, IdempotencyRecord> keys,
      Map<ReservationId, ReservationRecord> reservations,
      Map<CustomerRefHash, RepeatWindow> windows, List<ReservationRecord> expired) {
    this(request, account, version, ledgerSize, periods, keys, reservations, windows, expired,
        List.of());
  }

  /** The clinic. */
  public ClinicId clinic() {
    return request.clinic();
  }

  /** The snapshot of a clinic that has no account: nothing else can exist. */
  public static ClinicSnapshot empty(LoadRequest request) {
    return new ClinicSnapshot(request, Optional.empty(), 0, 0, Map.of(), Map.of(), Map.of(),
        Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of());
  }
}
