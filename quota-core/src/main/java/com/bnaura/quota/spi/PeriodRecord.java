package com.bnaura.quota.spi;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The stored usage of one clinic in one billing period (seed 003's {@code usage_metrics} row).
 *
 * <p>For a finite grant, monthly conservation holds at every commit: {@code granted
 * = monthlyUsed + monthlyReserved + monthlyRemaining + forfeited}, where remaining is what is left
 * and {@code forfeited} is zero while the period is open.
 *
 * @param clinic the clinic
 * @param period the period
 * @param plan the plan in force when the period opened (or after an immediate change)
 * @param unlimited whether the grant is unlimited
 * @param granted the monthly allowance granted for the period (zero when unlimited)
 * @param monthlyUsed monthly units charged
 * @param monthlyReserved monthly units held by open reservations
 * @param addonUsed add-on units charged in this period
 * @param overageUnits overage units charged
 * @param overageReserved overage units held by open reservations
 * @param overageCost the period's overage balance: money owed for charged overage
 * @param overageReservedCost the money held for reserved overage (counts against the cap)
 * @param forfeited monthly units that expired with the period (or after it, on release)
 * @param addonAtStart the unspent add-on balance (available plus reserved) when the period opened
 * @param addonBought add-on units bought during the period
 * @param closed whether a later period has opened
 * @param alertsFired the alert levels already sent for this period: each is sent once per period,
 *     written in the same transaction as the usage that reached it, and cleared again by the write
 *     that lifts the clinic back above its threshold (the level's recovery); stores keep it as
 *     {@link #alertMarks()}
 */
public record PeriodRecord(
    ClinicId clinic,
    BillingPeriod period,
    PlanId plan,
    boolean unlimited,
    Units granted,
    Units monthlyUsed,
    Units monthlyReserved,
    Units addonUsed,
    Units overageUnits,
    Units overageReserved,
    Money overageCost,
    Money overageReservedCost,
    Units forfeited,
    Units addonAtStart,
    Units addonBought,
    boolean closed,
    Set<AlertLevel> alertsFired) {

  /** Validates. */
  public PeriodRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(monthlyUsed, "monthlyUsed");
    Objects.requireNonNull(monthlyReserved, "monthlyReserved");
    Objects.requireNonNull(addonUsed, "addonUsed");
    Objects.requireNonNull(overageUnits, "overageUnits");
    Objects.requireNonNull(overageReserved, "overageReserved");
    Objects.requireNonNull(overageCost, "overageCost");
    Objects.requireNonNull(overageReservedCost, "overageReservedCost");
    Objects.requireNonNull(forfeited, "forfeited");
    Objects.requireNonNull(addonAtStart, "addonAtStart");
    Objects.requireNonNull(addonBought, "addonBought");
    Objects.requireNonNull(alertsFired, "alertsFired");
    alertsFired = alertsFired.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(alertsFired));
    if (!unlimited && !closed
        && monthlyUsed.plus(monthlyReserved).plus(forfeited).exceeds(granted)) {
      throw new IllegalStateException("period " + period + " of " + clinic + " over-granted: used "
          + monthlyUsed + " + reserved " + monthlyReserved + " > granted " + granted);
    }
  }

  /** Monthly units still free to use: zero once closed, {@link Units#MAX} when unlimited. */
  public Units monthlyRemaining() {
    if (unlimited) {
      return Units.MAX;
    }
    if (closed) {
      return Units.ZERO;
    }
    return granted.minus(monthlyUsed).minus(monthlyReserved).minus(forfeited);
  }

  /**
   * The fired alert levels as a bit mask for a store's integer column: {@code WARNING} 1, {@code
   * CRITICAL} 2, {@code EXHAUSTED} 4, {@code OVERAGE_STARTED} 8. The bits never change meaning.
   */
  public int alertMarks() {
    int marks = 0;
    for (AlertLevel level : alertsFired) {
      marks |= bit(level);
    }
    return marks;
  }

  /**
   * The alert levels of a mask written by {@link #alertMarks()}.
   *
   * @throws IllegalArgumentException if the mask has a bit no level uses
   */
  public static Set<AlertLevel> alertsOf(int marks) {
    EnumSet<AlertLevel> levels = EnumSet.noneOf(AlertLevel.class);
    int known = 0;
    for (AlertLevel level : AlertLevel.values()) {
      known |= bit(level);
      if ((marks & bit(level)) != 0) {
        levels.add(level);
      }
    }
    if ((marks & ~known) != 0) {
      throw new IllegalArgumentException("unknown alert marks " + marks);
    }
    return levels;
  }

  private static int bit(AlertLevel level) {
    return switch (level) {
      case WARNING -> 1;
      case CRITICAL -> 2;
      case EXHAUSTED -> 4;
      case OVERAGE_STARTED -> 8;
    };
  }

  // Each with-method builds a validated row: a caller moving units between buckets takes them out
  // of one before it puts them in another, so no step holds more than the grant.

  /** This row with monthly units charged set to {@code value}. */
  public PeriodRecord withMonthlyUsed(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, value, monthlyReserved,
        addonUsed, overageUnits, overageReserved, overageCost, overageReservedCost, forfeited,
        addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with monthly units held by open reservations set to {@code value}. */
  public PeriodRecord withMonthlyReserved(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed, value,
        addonUsed, overageUnits, overageReserved, overageCost, overageReservedCost, forfeited,
        addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with add-on units charged in the period set to {@code value}. */
  public PeriodRecord withAddonUsed(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, value, overageUnits, overageReserved, overageCost, overageReservedCost,
        forfeited, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with overage units charged set to {@code value}. */
  public PeriodRecord withOverageUnits(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, value, overageReserved, overageCost, overageReservedCost,
        forfeited, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with overage units held set to {@code value}. */
  public PeriodRecord withOverageReserved(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, value, overageCost, overageReservedCost,
        forfeited, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with overage money owed set to {@code value}. */
  public PeriodRecord withOverageCost(Money value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, value, overageReservedCost,
        forfeited, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with overage money held set to {@code value}. */
  public PeriodRecord withOverageReservedCost(Money value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost, value, forfeited,
        addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with monthly units forfeited set to {@code value}. */
  public PeriodRecord withForfeited(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost,
        overageReservedCost, value, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row with add-on units bought in the period set to {@code value}. */
  public PeriodRecord withAddonBought(Units value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost,
        overageReservedCost, forfeited, addonAtStart, value, closed, alertsFired);
  }

  /** This row with the alert levels sent set to {@code value}. */
  public PeriodRecord withAlertsFired(Set<AlertLevel> value) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost,
        overageReservedCost, forfeited, addonAtStart, addonBought, closed, value);
  }

  /**
   * This row on {@code plan} with its grant: {@code granted} units, or an unlimited grant (an
   * immediate plan change).
   */
  public PeriodRecord withGrant(PlanId plan, boolean unlimited, Units granted) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost,
        overageReservedCost, forfeited, addonAtStart, addonBought, closed, alertsFired);
  }

  /** This row closed (a later period opened), with {@code forfeited} monthly units forfeited. */
  public PeriodRecord closedWith(Units forfeited) {
    return new PeriodRecord(clinic, period, plan, unlimited, granted, monthlyUsed,
        monthlyReserved, addonUsed, overageUnits, overageReserved, overageCost,
        overageReservedCost, forfeited, addonAtStart, addonBought, true, alertsFired);
  }
}
