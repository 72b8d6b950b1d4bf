package com.bnaura.quota.model;

/**
 * Thrown when a caller-supplied value is malformed: a blank id, negative units, an unknown time zone.
 *
 * <p>It names the {@linkplain #field() field} at fault and the {@linkplain #reason() reason}, so an
 * HTTP adapter can answer {@code 400 INVALID_ARGUMENT} with both. The quota service turns it into a
 * {@code Refused} result with code {@code INVALID_ARGUMENT}; it is thrown directly only by the value
 * factories of this package (for example {@link Units#parse(String)}). It never follows a state
 * change.
 */
public final class InvalidArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;
  /** The reason's code and arguments; a deserialized exception keeps its English reason only. */
  private final transient LocalizedText reasonText;

  /**
   * Creates an exception for the given field and reason.
   *
   * @param field the name of the field at fault, as the caller knows it (e.g. {@code clinicId})
   * @param reason why the value was rejected, in plain English
   */
  public InvalidArgumentException(String field, String reason) {
    this(field, LocalizedText.literal(reason));
  }

  /**
   * Creates an exception for the given field and a reason that renders in every locale.
   *
   * @param field the name of the field at fault, as the caller knows it (e.g. {@code clinicId})
   * @param reason why the value was rejected, as a message code and its arguments
   */
  public InvalidArgumentException(String field, LocalizedText reason) {
    this(field, reason, reason.english());
  }

  private InvalidArgumentException(String field, LocalizedText reasonText, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
    this.reasonText = reasonText;
  }

  /** The name of the field at fault, for example {@code clinicId} or {@code units}. */
  public String field() {
    return field;
  }

  /** Why the value was rejected, in English. */
  public String reason() {
    return reason;
  }

  /** Why the value was rejected, as a message code and its arguments. */
  public LocalizedText reasonText() {
    return reasonText != null ? reasonText : LocalizedText.literal(reason);
  }
}
