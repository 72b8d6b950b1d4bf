package com.bnaura.quota;

/**
 * How close a clinic is to the end of its quota. Each level is sent to the listeners at
 * most once per clinic and period. A write that lifts the clinic back above a level (a top-up, a
 * plan change that grants more, held units coming back) recovers it: the listeners hear a {@link
 * QuotaRecovered} naming it, and the level is armed again, so a later fall below it in the same
 * period is sent once more. A new period arms every level. Unlimited plans never reach any level.
 *
 * <p>The thresholds apply to the percent remaining: {@code (monthly remaining + add-on balance) /
 * (monthly allowance + add-on balance at period start + add-on bought in the period)}, where units
 * held by open reservations count as used.
 */
public enum AlertLevel {
  /** Less than 10% remains (seed 001). */
  WARNING,
  /** Less than 5% remains (seed 003). */
  CRITICAL,
  /** Nothing remains of the monthly allowance and the add-on balance. */
  EXHAUSTED,
  /** The first charge of the period that went beyond allowance and add-on, billed as overage. */
  OVERAGE_STARTED
}
