package com.bnaura.quota.model;

/**
 * What happens to a charge that the monthly allowance and the add-on balance cannot cover.
 */
public enum OveragePolicy {
  /** Refuse with {@code QUOTA_EXCEEDED} (seed 001). */
  BLOCK,
  /**
   * Refuse with {@code QUOTA_EXCEEDED} carrying {@code willIncurCharge=true} and the estimated cost,
   * unless the request says it accepts the overage charge (seed 000's 403 body).
   */
  CONSENT,
  /** Pay as you go: allow, and add units times the overage price to the period's overage balance. */
  AUTO
}
