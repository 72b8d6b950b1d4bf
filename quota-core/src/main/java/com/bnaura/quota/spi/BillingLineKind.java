package com.bnaura.quota.spi;

/** What a billing line bills. */
public enum BillingLineKind {
  /** A top-up purchase. */
  TOP_UP,
  /** The day-prorated price difference of an immediate upgrade. */
  PLAN_PRORATION,
  /** The day-prorated credit of an immediate downgrade. */
  PLAN_PRORATION_CREDIT,
  /** Money paid back through the payment gateway: the unused part of a voided pack. */
  REFUND,
  /** Money credited to the clinic's account by a reversal of a charge. */
  CREDIT
}
