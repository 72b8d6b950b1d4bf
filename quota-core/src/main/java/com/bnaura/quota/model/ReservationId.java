package com.bnaura.quota.model;


/**
 * The id of a reservation, unique within its clinic.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record ReservationId(String value) {

  /** Validates and normalises the value. */
  public ReservationId {
    value = Ids.check("reservationId", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code reservationId} if the value is not a valid id
   */
  public static ReservationId of(String value) {
    return new ReservationId(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
