package com.bnaura.quota;

import com.bnaura.quota.UsageStats.Tally;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A period statement's usage summary: the period's charges by operation and by staff member, each
 * with its count, units, overage money and repeat scans waived.
 *
 * <p>It folds the same charge entries of the ledger as {@link UsageStats} (one-step consumes,
 * commits, late commits, free repeat scans and cached answers), so {@code total} agrees with the
 * statement's usage: {@code total.count()} and {@code total.units()} are {@code
 * usage().charged()}, {@code total.overage()} is {@code usage().overageCost()}, and {@code
 * total.repeatsWaived()} is {@code usage().exemptRepeats()}. The rows of {@code byOperation} add up
 * to {@code total}; so do the rows of {@code byUser} with {@code withoutUser}. Staff appear by user
 * id, as the host passed it; the host maps ids to names.
 *
 * @param total every charge of the period
 * @param byOperation charges per operation, by operation id
 * @param byUser charges per staff member, by user id
 * @param withoutUser charges that named no user
 */
public record UsageSummary(
    Row total,
    Map<OperationId, Row> byOperation,
    Map<UserId, Row> byUser,
    Row withoutUser) {

  /** Validates and copies the maps, keeping their order. */
  public UsageSummary {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(withoutUser, "withoutUser");
    byOperation = Collections.unmodifiableMap(new LinkedHashMap<>(byOperation));
    byUser = Collections.unmodifiableMap(new LinkedHashMap<>(byUser));
  }

  /**
   * One row of the summary.
   *
   * @param count how many charges
   * @param units the units they charged (a free repeat scan and a cached answer charge zero)
   * @param overage the money they cost beyond the monthly allowance and the add-on
   * @param repeatsWaived the repeat scans of a customer within 24 hours among them (free, or
   *     charged only the difference): how many, and the units waived
   */
  public record Row(long count, Units units, Money overage, Tally repeatsWaived) {

    /** Validates. */
    public Row {
      Objects.requireNonNull(units, "units");
      Objects.requireNonNull(overage, "overage");
      Objects.requireNonNull(repeatsWaived, "repeatsWaived");
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative, was " + count);
      }
    }

    /** A row of nothing, in {@code zero}'s currency. */
    public static Row empty(Money zero) {
      return new Row(0, Units.ZERO, zero, Tally.ZERO);
    }

    /** This row plus {@code other}. */
    public Row plus(Row other) {
      Tally repeats = new Tally(
          Math.addExact(repeatsWaived.count(), other.repeatsWaived.count()),
          repeatsWaived.units().plus(other.repeatsWaived.units()));
      return new Row(Math.addExact(count, other.count), units.plus(other.units),
          overage.plus(other.overage), repeats);
    }
  }
}
