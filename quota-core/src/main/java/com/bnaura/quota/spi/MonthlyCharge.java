package com.bnaura.quota.spi;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A one-step charge that a store may apply in a single atomic statement instead of the engine's
 * locked transaction ({@link QuotaStore#tryMonthlyCharge}): the common case of a charge that fits
 * entirely in the monthly allowance of the clinic's current period.
 *
 * <p>A store applies it only if, on the rows' current columns at the moment it writes them, all of
 * this holds, and otherwise changes nothing:
 *
 * <ul>
 *   <li>the clinic's account is on one of {@link #plans()} and its current period has not ended at
 *       {@link #at()} (no rollover is due);
 *   <li>the account sets no most-units-per-request of its own ({@link
 *       AccountRecord#maxUnitsPerRequest()} is empty): the engine only names plans whose own limit
 *       admits {@link #units()}, and a clinic's own limit is for the engine's transaction to
 *       apply;
 *   <li>that period's row is open, limited, and its monthly remaining ({@code granted - used -
 *       reserved - forfeited}) is at least {@link #units()};
 *   <li>after the charge no alert level is reached: with {@code remaining} the monthly remaining
 *       plus the add-on available and {@code base} the grant plus the add-on at period start plus
 *       the add-on bought in the period, {@code remaining > 0} and {@code remaining * 10 >= base};
 *   <li>no idempotency record exists for the clinic and {@link #key()}, whatever its age.
 * </ul>
 *
 * <p>When it applies, the store writes exactly what the engine's transaction would: the period's
 * monthly used grows by {@link #units()}, the account's {@code updatedAt} becomes {@link #at()},
 * the ledger gets {@link #entry(Instant)} of the period, and the idempotency record for {@link
 * #key()} holds {@link #outcome(BillingPeriod, Units)}, all in one atomic step that serializes with
 * {@link QuotaStore#inTransaction} on the same clinic.
 *
 * @param clinic the clinic
 * @param key the request's idempotency key
 * @param fingerprint the request's fingerprint, stored with the key
 * @param operation the operation charged
 * @param user the user, if any
 * @param units the units to charge, more than zero
 * @param currency the currency of the (zero) money of the entry and the outcome
 * @param at the engine's clock reading for this charge
 * @param plans the plans a clinic may be on for the charge to apply: limited plans of the catalog
 * @param outcomeHead the stored outcome's text up to the period's start
 * @param outcomeMiddle the stored outcome's text between the period's start and end
 * @param outcomeTail the stored outcome's text between the period's end and the units remaining
 */
public record MonthlyCharge(
    ClinicId clinic,
    IdempotencyKey key,
    String fingerprint,
    OperationId operation,
    Optional<UserId> user,
    Units units,
    Currency currency,
    Instant at,
    Set<PlanId> plans,
    String outcomeHead,
    String outcomeMiddle,
    String outcomeTail) {

  /** Validates and copies. */
  public MonthlyCharge {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(at, "at");
    plans = Set.copyOf(plans);
    Objects.requireNonNull(outcomeHead, "outcomeHead");
    Objects.requireNonNull(outcomeMiddle, "outcomeMiddle");
    Objects.requireNonNull(outcomeTail, "outcomeTail");
    if (!units.isPositive()) {
      throw new IllegalArgumentException("units must be more than zero, was " + units);
    }
  }

  /**
   * The outcome text to store with the key: {@link #outcomeHead()}, the period's start, {@link
   * #outcomeMiddle()}, its end, {@link #outcomeTail()} and the milli-units remaining after the
   * charge (monthly plus add-on), where an instant is written as its epoch second, a dot and its
   * nano of second ({@code 1772298000.0}) and milli-units as a decimal {@code long}.
   */
  public String outcome(BillingPeriod period, Units remaining) {
    return outcomeHead + instant(period.start()) + outcomeMiddle + instant(period.end())
        + outcomeTail + remaining.milli();
  }

  private static String instant(Instant instant) {
    return instant.getEpochSecond() + "." + instant.getNano();
  }

  /** The ledger entry of the charge in the period starting at {@code periodStart}. */
  public LedgerEntry entry(Instant periodStart) {
    Money zero = Money.zero(currency);
    Deduction split = new Deduction(units, Units.ZERO, Units.ZERO);
    return new LedgerEntry(clinic, LedgerKind.CHARGE, at, periodStart, units, split, zero,
        Units.ZERO, Optional.of(operation), user, Optional.empty(), Optional.of(key),
        Optional.empty(), Optional.empty(), 0, 0, 0);
  }

  /**
   * What a store reports when it applied the charge.
   *
   * @param period the clinic's current period, in which the units were charged
   * @param remaining the monthly remaining plus the add-on available after the charge
   */
  public record Applied(BillingPeriod period, Units remaining) {
    /** Validates. */
    public Applied {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(remaining, "remaining");
    }
  }
}
