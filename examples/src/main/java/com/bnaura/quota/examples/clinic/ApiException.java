package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.RefusalCode;

/**
 * A request the API refuses before or instead of asking the quota service; the handler turns it
 * into a JSON error with the status, the stable code and the field at fault.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  /**
   * A refusal.
   *
   * @param status the HTTP status
   * @param code the stable code
   * @param field the request field at fault, or {@code null}
   * @param message what went wrong, for a person
   */
  public ApiException(int status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** A 400 {@code INVALID_ARGUMENT} naming the field. */
  static ApiException invalid(String field, String message) {
    return new ApiException(RefusalCode.INVALID_ARGUMENT.httpStatus(),
        RefusalCode.INVALID_ARGUMENT.name(), field, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable code. */
  public String code() {
    return code;
  }

  /** The request field at fault, or {@code null}. */
  public String field() {
    return field;
  }
}
