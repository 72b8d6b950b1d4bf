package com.bnaura.quota.model;


/**
 * The id of a clinic, the tenant: every balance, key and record is scoped by it.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record ClinicId(String value) {

  /** Validates and normalises the value. */
  public ClinicId {
    value = Ids.check("clinicId", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code clinicId} if the value is not a valid id
   */
  public static ClinicId of(String value) {
    return new ClinicId(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
