package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.RefusalCode;
import java.util.Locale;

/**
 * A request the API refuses before or instead of asking the quota service; the handler turns it
 * into a JSON error with the status, the stable code and the field at fault.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;
  private final transient ErrorText text;

  /**
   * A refusal; its message is the English sentence.
   *
   * @param status the HTTP status
   * @param code the stable code
   * @param field the request field at fault, or {@code null}
   * @param text what went wrong, for a person, in any of the app's languages
   */
  ApiException(int status, String code, String field, ErrorText text) {
    super(text.english(), null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.text = text;
  }

  /** A 400 {@code INVALID_ARGUMENT} naming the field, saying {@code key} with {@code args}. */
  static ApiException invalid(String field, String key, Object... args) {
    return new ApiException(RefusalCode.INVALID_ARGUMENT.httpStatus(),
        RefusalCode.INVALID_ARGUMENT.name(), field, ErrorText.of(key, args));
  }

  /** What went wrong, in {@code locale}. */
  String message(Locale locale) {
    return text.render(locale);
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
