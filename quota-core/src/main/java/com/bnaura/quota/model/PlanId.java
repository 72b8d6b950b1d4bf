package com.bnaura.quota.model;


/**
 * The id of a plan in the catalog, such as {@code starter}.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record PlanId(String value) {

  /** The bundled starter plan. */
  public static final PlanId STARTER = new PlanId("starter");

  /** The bundled professional plan. */
  public static final PlanId PROFESSIONAL = new PlanId("professional");

  /** The bundled enterprise plan (unlimited). */
  public static final PlanId ENTERPRISE = new PlanId("enterprise");

  /** Validates and normalises the value. */
  public PlanId {
    value = Ids.check("planId", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code planId} if the value is not a valid id
   */
  public static PlanId of(String value) {
    return new PlanId(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
