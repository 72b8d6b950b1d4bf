package com.bnaura.quota.model;


/**
 * The caller's request id that makes a write safe to retry; scoped per clinic.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record IdempotencyKey(String value) {

  /** Validates and normalises the value. */
  public IdempotencyKey {
    value = Ids.check("idempotencyKey", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code idempotencyKey} if the value is not a valid id
   */
  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
