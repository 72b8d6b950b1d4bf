package com.bnaura.quota.model;


/**
 * The id of a metered operation in the catalog, such as {@code QUICK_SCAN}.
 *
 * <p>Validated as every id is: 1 to 255 characters after NFC normalisation, no control characters or
 * NUL, no lone surrogates; case-sensitive; Thai and emoji allowed. The stored value is the NFC form,
 * so the NFC and NFD spellings of one visible id are the same id.
 *
 * @param value the id, NFC-normalised
 */
public record OperationId(String value) {

  /** A fast-model scan (seed 003: 0.2 unit by default). */
  public static final OperationId QUICK_SCAN = new OperationId("QUICK_SCAN");

  /** A pro-model clinical analysis (1.0 unit by default). */
  public static final OperationId CLINICAL_ANALYSIS = new OperationId("CLINICAL_ANALYSIS");

  /** The chat advisor (free by default). */
  public static final OperationId CHAT_ADVISOR = new OperationId("CHAT_ADVISOR");

  /** Validates and normalises the value. */
  public OperationId {
    value = Ids.check("operation", value);
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code operation} if the value is not a valid id
   */
  public static OperationId of(String value) {
    return new OperationId(value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
