package com.bnaura.quota;

/**
 * A request to move a clinic to another plan.
 *
 * @param clinicId the clinic
 * @param plan the new plan's id
 * @param timing when the change applies
 * @param idempotencyKey the caller's request id
 */
public record PlanChangeRequest(String clinicId, String plan, Timing timing, String idempotencyKey) {

  /** A change with the default timing: upgrades now, downgrades at the next period. */
  public static PlanChangeRequest of(String clinicId, String plan, String idempotencyKey) {
    return new PlanChangeRequest(clinicId, plan, Timing.DEFAULT, idempotencyKey);
  }

  /** When a plan change applies. */
  public enum Timing {
    /** Upgrades at once, downgrades when the next period opens. */
    DEFAULT,
    /** At once, upgrade or downgrade. */
    IMMEDIATELY,
    /** When the next period opens, upgrade or downgrade. */
    NEXT_PERIOD
  }
}
