package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's auto top-up: the settings its owner consented to, whether it is on, and what it
 * bought in the period {@code periodStart} starts (the counters start again with the next
 * period's first crossing).
 *
 * @param clinic the clinic
 * @param thresholdUnits buy when the remaining is at or below these units; or empty with a percent
 * @param thresholdPercent buy when the remaining is at or below this whole percent (1 to 99) of the
 *     period's base; or empty with units
 * @param pack the catalog pack to buy, or empty to buy {@code units}
 * @param units the units to buy when not by pack (zero with a pack)
 * @param monthlyCeiling the most auto top-ups may cost in one period
 * @param grantOnAuthorisation whether the units are granted on authorisation rather than capture
 * @param enabled whether a crossing buys
 * @param disabledReason why it is off, when off: the owner's choice or a payment's failure
 * @param periodStart the period the counters count
 * @param purchases the payments requested in that period: the crossing number of the last
 * @param spent the money those payments cost, failed ones excepted
 * @param ceilingNoticed whether the ceiling stopped a purchase in that period (said once)
 * @param updatedAt when it last changed
 */
public record AutoTopUpRecord(
    ClinicId clinic,
    Optional<Units> thresholdUnits,
    Optional<Integer> thresholdPercent,
    Optional<String> pack,
    Units units,
    Money monthlyCeiling,
    boolean grantOnAuthorisation,
    boolean enabled,
    Optional<String> disabledReason,
    Instant periodStart,
    int purchases,
    Money spent,
    boolean ceilingNoticed,
    Instant updatedAt) {

  /** Validates. */
  public AutoTopUpRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(thresholdUnits, "thresholdUnits");
    Objects.requireNonNull(thresholdPercent, "thresholdPercent");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(monthlyCeiling, "monthlyCeiling");
    Objects.requireNonNull(disabledReason, "disabledReason");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(spent, "spent");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (thresholdUnits.isPresent() == thresholdPercent.isPresent()) {
      throw new IllegalArgumentException("an auto top-up has a threshold in units or in percent");
    }
    if (purchases < 0) {
      throw new IllegalArgumentException("purchases must not be negative, was " + purchases);
    }
  }

  /** The counters as of the period starting {@code start}: zero when they count another one. */
  public AutoTopUpRecord inPeriod(Instant start) {
    if (periodStart.equals(start)) {
      return this;
    }
    return new AutoTopUpRecord(clinic, thresholdUnits, thresholdPercent, pack, units,
        monthlyCeiling, grantOnAuthorisation, enabled, disabledReason, start, 0,
        Money.zero(spent.currency()), false, updatedAt);
  }

  /** A copy with the counters replaced. */
  public AutoTopUpRecord counting(int purchases, Money spent, boolean ceilingNoticed,
      Instant now) {
    return new AutoTopUpRecord(clinic, thresholdUnits, thresholdPercent, pack, units,
        monthlyCeiling, grantOnAuthorisation, enabled, disabledReason, periodStart, purchases,
        spent, ceilingNoticed, now);
  }

  /** A copy switched off for {@code reason}. */
  public AutoTopUpRecord disabled(String reason, Instant now) {
    return new AutoTopUpRecord(clinic, thresholdUnits, thresholdPercent, pack, units,
        monthlyCeiling, grantOnAuthorisation, false, Optional.of(reason), periodStart, purchases,
        spent, ceilingNoticed, now);
  }
}
