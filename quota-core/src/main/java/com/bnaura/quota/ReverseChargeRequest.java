package com.bnaura.quota;

import com.bnaura.quota.model.Units;

/**
 * A request to refund or dispute one charge, whole or in part.
 *
 * <p>The charge is named by its own idempotency key (a consume's key, or the key of the reservation
 * a commit charged; the key of its {@link Receipt}). A partial reversal gives back the last units
 * of the charge in deduction order: overage first, then the add-on grants in reverse burn order,
 * then the monthly allowance. Reversals of one charge together never exceed it.
 *
 * <pre>{@code
 * quotas.reverseCharge(ReverseChargeRequest.refund("siam", "scan-7781", "refund-7781"));
 * quotas.reverseCharge(new ReverseChargeRequest("siam", "scan-7782", "dispute-7782",
 *     ReversalKind.DISPUTE, Units.of("0.5"), "analysis failed to load"));
 * }</pre>
 *
 * @param clinicId the clinic
 * @param chargeKey the idempotency key of the charge to reverse
 * @param idempotencyKey this reversal's own key; a retry with it reverses nothing more
 * @param kind {@link ReversalKind#REFUND} or {@link ReversalKind#DISPUTE}
 * @param units how many of the charge's units to give back, or {@code null} for all that no
 *     earlier reversal gave back
 * @param note a line a person can read on the statement, or {@code null}
 */
public record ReverseChargeRequest(String clinicId, String chargeKey, String idempotencyKey,
    ReversalKind kind, Units units, String note) {

  /** A refund of everything the charge has left to reverse. */
  public static ReverseChargeRequest refund(String clinicId, String chargeKey,
      String idempotencyKey) {
    return new ReverseChargeRequest(clinicId, chargeKey, idempotencyKey, ReversalKind.REFUND,
        null, null);
  }

  /** A dispute of everything the charge has left to reverse. */
  public static ReverseChargeRequest dispute(String clinicId, String chargeKey,
      String idempotencyKey) {
    return new ReverseChargeRequest(clinicId, chargeKey, idempotencyKey, ReversalKind.DISPUTE,
        null, null);
  }
}
