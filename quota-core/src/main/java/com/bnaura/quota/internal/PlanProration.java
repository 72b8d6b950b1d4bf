package com.bnaura.quota.internal;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PeriodRecord;

/**
 * The money of a plan change that takes effect at once, in the current period (SPEC §5).
 *
 * <p>With {@code left} of the period's {@code total} local days still to come (today counts as
 * left) and {@code D} the difference of the two monthly prices:
 *
 * <ul>
 *   <li>a move to a dearer plan is charged {@code D × left / total};
 *   <li>a move to a cheaper plan is credited the smaller of {@code D × left / total} (the days it
 *       no longer pays for) and {@code D × unused / dropped} (the allowance it gives up and has not
 *       used), and never less than zero. {@code dropped} is the period's grant minus the new plan's
 *       allowance; {@code unused} is the part of {@code dropped} not taken yet, that is {@code
 *       dropped} minus the monthly units used and reserved beyond the new allowance (never below
 *       zero). So an immediate downgrade never pays back units already used: a clinic that used
 *       as much as the old grant gets nothing back, one that used no more than the new allowance
 *       gets the day-prorated difference. When the new plan's allowance is not smaller (the
 *       cheaper plan grants as much or more), nothing is given up and the credit is the
 *       day-prorated difference. When the period's grant is unlimited, the allowance given up has
 *       no size: the credit is the day-prorated difference if the monthly units used and reserved
 *       are within the new allowance, and zero otherwise.
 * </ul>
 *
 * <p>Every amount is rounded half-up to the minor unit once ({@link Money#prorate}).
 */
final class PlanProration {
  private PlanProration() {}

  /** What an immediate change bills: a charge or a credit, at most one of them more than zero. */
  record Amounts(Money charge, Money credit) {}

  /**
   * The amounts of moving from {@code from} to {@code next} now, in the period whose row is {@code
   * row}, with {@code left} of {@code total} days to come.
   */
  static Amounts of(Plan from, Plan next, PeriodRecord row, long left, long total) {
    Money zero = Money.zero(from.monthlyPrice().currency());
    if (total <= 0) {
      return new Amounts(zero, zero);
    }
    if (next.monthlyPrice().exceeds(from.monthlyPrice())) {
      return new Amounts(next.monthlyPrice().minus(from.monthlyPrice()).prorate(left, total),
          zero);
    }
    if (!from.monthlyPrice().exceeds(next.monthlyPrice())) {
      return new Amounts(zero, zero);
    }
    Money difference = from.monthlyPrice().minus(next.monthlyPrice());
    Money byDays = difference.prorate(left, total);
    if (next.allowance().unlimited()) {
      return new Amounts(zero, byDays);
    }
    Units newAllowance = next.allowance().units();
    Units taken = row.monthlyUsed().plus(row.monthlyReserved());
    Units beyond = taken.exceeds(newAllowance) ? taken.minus(newAllowance) : Units.ZERO;
    if (row.unlimited()) {
      return new Amounts(zero, beyond.isPositive() ? zero : byDays);
    }
    Units granted = row.granted();
    if (!granted.exceeds(newAllowance)) {
      return new Amounts(zero, byDays);
    }
    Units dropped = granted.minus(newAllowance);
    Units unused = beyond.exceeds(dropped) ? Units.ZERO : dropped.minus(beyond);
    Money byUnits = difference.prorate(unused.milli(), dropped.milli());
    return new Amounts(zero, byUnits.exceeds(byDays) ? byDays : byUnits);
  }
}
