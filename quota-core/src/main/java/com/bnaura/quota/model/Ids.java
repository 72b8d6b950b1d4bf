package com.bnaura.quota.model;

import java.text.Normalizer;
import java.util.Locale;

/** Validates identifiers: NFC, 1-255 code points, no control characters, no lone surrogates. */
public final class Ids {
  /** The longest id accepted, in code points after NFC normalisation. */
  public static final int MAX_LENGTH = 255;

  private Ids() {}

  /**
   * Returns the NFC form of {@code value} or throws naming {@code field}.
   *
   * @throws InvalidArgumentException if null, blank, too long, or holding control characters,
   *     NUL or lone surrogates
   */
  public static String check(String field, String value) {
    if (value == null) {
      throw Reasons.invalid(field, Reasons.REQUIRED);
    }
    if (isPlainAscii(value)) {
      return value; // printable ASCII is its own NFC form and holds no control character
    }
    if (value.length() > 4 * MAX_LENGTH) {
      throw Reasons.invalid(field, Reasons.TOO_LONG, (long) MAX_LENGTH, (long) value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        throw Reasons.invalid(field, Reasons.LONE_SURROGATE, (long) i);
      }
      if (Character.isLowSurrogate(c)) {
        throw Reasons.invalid(field, Reasons.LONE_SURROGATE, (long) i);
      }
      if (Character.isISOControl(c)) {
        throw Reasons.invalid(field, Reasons.CONTROL_CHARACTER,
            String.format(Locale.ROOT, "%04X", (int) c), (long) i);
      }
    }
    String normalized = Normalizer.normalize(value, Normalizer.Form.NFC);
    if (isBlank(normalized)) {
      throw Reasons.invalid(field, Reasons.BLANK);
    }
    int codePoints = normalized.codePointCount(0, normalized.length());
    if (codePoints > MAX_LENGTH) {
      throw Reasons.invalid(field, Reasons.TOO_LONG, (long) MAX_LENGTH, (long) codePoints);
    }
    return normalized;
  }

  /** Whether {@code value} is 1 to 255 printable ASCII characters, not all spaces. */
  private static boolean isPlainAscii(String value) {
    int length = value.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    boolean blank = true;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
      blank &= c == ' ';
    }
    return !blank;
  }

  /** Whether every code point is white space, a space character or an invisible format character. */
  private static boolean isBlank(String value) {
    return value.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
        || Character.getType(cp) == Character.FORMAT || cp == 0x2800);
  }
}
