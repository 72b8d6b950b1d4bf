package com.bnaura.quota;

/**
 * The stable code of a refusal, with the HTTP status an adapter answers it with.
 */
public enum RefusalCode {
  /**
   * No units left and overage not allowed (or not accepted, or capped), or the request exceeds a
   * per-request limit (its units or its overage money).
   */
  QUOTA_EXCEEDED(403),
  /** The clinic's plan does not include the feature. */
  FEATURE_NOT_IN_PLAN(403),
  /** The abuse guard refused the request; retry after the wait it names. */
  RATE_LIMITED(429),
  /** No clinic is registered under the id. */
  UNKNOWN_CLINIC(404),
  /** No plan of that id in the catalog. */
  UNKNOWN_PLAN(404),
  /** No operation of that id or alias in the catalog. */
  UNKNOWN_OPERATION(404),
  /** No reservation of that id at the clinic. */
  UNKNOWN_RESERVATION(404),
  /** A request field is malformed; the refusal names the field and why. */
  INVALID_ARGUMENT(400),
  /** The idempotency key was used before with different parameters. */
  IDEMPOTENCY_KEY_REUSED(409),
  /** The reservation was already committed, released or expired. */
  RESERVATION_NOT_OPEN(409),
  /** No charge under that key at the clinic (a reversal names the charge's idempotency key). */
  UNKNOWN_CHARGE(404),
  /** No add-on grant of that id at the clinic. */
  UNKNOWN_GRANT(404),
  /**
   * The charge or grant cannot take this reversal now: nothing of it is left to reverse, the
   * units asked exceed what is left, the charge is still a pending reservation, or units of the
   * grant are held by pending reservations; the message says which and with what figures.
   */
  NOT_REVERSIBLE(409),
  /** The payment gateway declined a top-up. */
  PAYMENT_DECLINED(402),
  /**
   * The clinic is registered with other settings than the registration asks for; the refusal names
   * the first differing field. Settings change through {@code changePlan} and {@code
   * updateSettings}, never by registering again.
   */
  REGISTRATION_CONFLICT(409);

  private final int httpStatus;

  RefusalCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status an adapter answers this refusal with. */
  public int httpStatus() {
    return httpStatus;
  }
}
