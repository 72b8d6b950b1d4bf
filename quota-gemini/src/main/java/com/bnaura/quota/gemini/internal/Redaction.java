package com.bnaura.quota.gemini.internal;

/** Keeps the API key out of every message, log line and {@code toString}. */
public final class Redaction {

  /** What a secret is shown as. */
  public static final String REDACTED = "<redacted>";

  private Redaction() {}

  /**
   * Returns {@code text} with every occurrence of {@code secret} replaced by {@link #REDACTED}, for
   * text that came from outside (an error body) and might echo it.
   */
  public static String scrub(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, REDACTED);
  }

  /** Cuts {@code text} to at most {@code max} characters, marking the cut. */
  public static String abbreviate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "...";
  }
}
