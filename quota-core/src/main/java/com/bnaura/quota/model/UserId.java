package com.bnaura.quota.model;


/**
 * The id of a user of a clinic (sales staff, owner) or of a platform admin.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record UserId(String value) {

  /** Validates and normalises the value. */
  public UserId {
    value = Ids.check("userId", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code userId} if the value is not a valid id
   */
  public static UserId of(String value) {
    return new UserId(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
