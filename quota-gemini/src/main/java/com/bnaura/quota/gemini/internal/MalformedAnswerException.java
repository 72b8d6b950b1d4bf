package com.bnaura.quota.gemini.internal;

/**
 * Gemini answered 200 but the body, or the JSON the model wrote, is not what was asked for. The
 * message says what is wrong and where (a JSON path or a line and column); it never quotes the
 * answer, and it carries no parser exception, whose message would.
 */
public final class MalformedAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public MalformedAnswerException(String message) {
    super(message, null, false, false);
  }
}
