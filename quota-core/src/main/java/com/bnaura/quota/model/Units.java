package com.bnaura.quota.model;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of quota, fixed-point with three decimals and stored as {@code long} milli-units.
 *
 * <p>One unit is {@code 1000} milli-units: a quick scan at {@code 0.2} is {@code Units.ofMilli(200)}.
 * Units are never negative and never larger than {@link #MAX}; arithmetic that would leave that range
 * fails with {@link InvalidArgumentException} (field {@code units}) instead of wrapping around.
 *
 * <pre>{@code
 * Units rate = Units.parse("0.2");      // 0.200
 * Units two = rate.times(10);           // 2.000
 * Units left = Units.of(100).minus(two) // 98.000
 * }</pre>
 *
 * @param milli the amount in thousandths of a unit, {@code 0..MAX.milli()}
 */
public record Units(long milli) implements Comparable<Units> {

  /** No units at all. */
  public static final Units ZERO = new Units(0);

  /** The largest amount the engine accepts: one billion units. */
  public static final Units MAX = new Units(1_000_000_000_000L);

  /** The longest text {@link #parse(String)} reads; longer text is refused unread. */
  public static final int MAX_TEXT = 64;

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,3})?");
  private static final int ECHO = 40;

  /** Validates the range. */
  public Units {
    if (milli < 0) {
      throw Reasons.invalid("units", Reasons.NEGATIVE, format(milli));
    }
    if (milli > 1_000_000_000_000L) {
      throw Reasons.invalid("units", Reasons.AT_MOST, "1000000000", format(milli));
    }
  }

  /** Returns the given number of whole units. */
  public static Units of(long whole) {
    if (whole < 0 || whole > 1_000_000_000L) {
      throw Reasons.invalid("units", Reasons.BETWEEN, 0L, 1_000_000_000L, whole);
    }
    return new Units(whole * 1000);
  }

  /** Returns the given number of milli-units. */
  public static Units ofMilli(long milli) {
    return milli == 0 ? ZERO : new Units(milli);
  }

  /**
   * Parses a plain decimal with at most three fraction digits, such as {@code "0.2"} or {@code "15"}.
   * The cost is bounded whatever the input: text longer than {@value #MAX_TEXT} characters is
   * refused before it is read, and the message echoes at most a short printable prefix of it.
   *
   * @throws InvalidArgumentException naming {@code units} for anything else (signs, exponents,
   *     {@code NaN}, more than three decimals, blank, too long)
   */
  public static Units parse(String text) {
    return parse("units", text);
  }

  /**
   * Parses like {@link #parse(String)} but names {@code field} in the error.
   *
   * @throws InvalidArgumentException naming {@code field}
   */
  public static Units parse(String field, String text) {
    if (text == null) {
      throw Reasons.invalid(field, Reasons.REQUIRED);
    }
    if (text.length() > MAX_TEXT) {
      throw Reasons.invalid(field, Reasons.DECIMAL_TOO_LONG, (long) MAX_TEXT, echo(text));
    }
    String trimmed = text.strip();
    if (!DECIMAL.matcher(trimmed).matches()) {
      throw Reasons.invalid(field, Reasons.NOT_A_DECIMAL, echo(text));
    }
    BigDecimal value = new BigDecimal(trimmed).movePointRight(3);
    try {
      return new Units(value.longValueExact());
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(field, e.reasonText());
    }
  }

  /**
   * The units a decimal number states exactly, such as a JSON number a host read as {@link
   * BigDecimal}: {@code 0.2}, {@code 15}, {@code 1.500} or {@code 2E+1}. Its cost is bounded by the
   * digits the number holds, never by its exponent: {@code 1E+1000000000} and {@code
   * 1E-1000000000} are refused at once.
   *
   * @throws InvalidArgumentException naming {@code field} if the number is missing, negative, above
   *     {@link #MAX} or holds a non-zero digit past the third decimal
   */
  public static Units of(String field, BigDecimal value) {
    if (value == null) {
      throw Reasons.invalid(field, Reasons.REQUIRED);
    }
    if (value.signum() == 0) {
      return ZERO;
    }
    if (value.signum() < 0) {
      throw Reasons.invalid(field, Reasons.NEGATIVE, echo(value));
    }
    // precision - scale is the count of digits before the point: at most 10 below 10^10
    if ((long) value.precision() - value.scale() > 10) {
      throw Reasons.invalid(field, Reasons.AT_MOST, "1000000000", echo(value));
    }
    // a non-zero fourth decimal needs a scale above 3 that trailing zeros cannot explain away
    if (value.scale() > 3 && ((long) value.scale() - 3 > value.precision()
        || value.stripTrailingZeros().scale() > 3)) {
      throw Reasons.invalid(field, Reasons.FRACTION_DIGITS, echo(value));
    }
    try {
      return new Units(value.movePointRight(3).longValueExact());
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(field, e.reasonText());
    }
  }

  /** Returns this plus {@code other}. */
  public Units plus(Units other) {
    return new Units(Math.addExact(milli, other.milli));
  }

  /** Returns this minus {@code other}; fails if the result would be negative. */
  public Units minus(Units other) {
    return new Units(milli - other.milli);
  }

  /** Returns this times a non-negative whole {@code factor}. */
  public Units times(long factor) {
    if (factor < 0) {
      throw Reasons.invalid("quantity", Reasons.NEGATIVE, factor);
    }
    try {
      return new Units(Math.multiplyExact(milli, factor));
    } catch (ArithmeticException | InvalidArgumentException e) {
      throw Reasons.invalid("quantity", Reasons.UNITS_OVERFLOW, factor, this);
    }
  }

  /** Returns the smaller of this and {@code other}. */
  public Units min(Units other) {
    return milli <= other.milli ? this : other;
  }

  /** Returns the larger of this and {@code other}. */
  public Units max(Units other) {
    return milli >= other.milli ? this : other;
  }

  /** Whether this is zero. */
  public boolean isZero() {
    return milli == 0;
  }

  /** Whether this is more than zero. */
  public boolean isPositive() {
    return milli > 0;
  }

  /** Whether this is more than {@code other}. */
  public boolean exceeds(Units other) {
    return milli > other.milli;
  }

  /** This amount as an exact {@link BigDecimal} with scale 3. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(milli, 3);
  }

  @Override
  public int compareTo(Units other) {
    return Long.compare(milli, other.milli);
  }

  /**
   * A display form for people in {@code locale}: exactly three decimals with the locale's decimal
   * separator and no grouping, so English and Thai read {@code 1000.200} like {@link #toString()}
   * and French reads {@code 1000,200}.
   */
  public String toDisplayString(Locale locale) {
    Objects.requireNonNull(locale, "locale");
    return new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(locale)).format(toBigDecimal());
  }

  /** Prints the amount with exactly three decimals, e.g. {@code 0.200}. */
  @Override
  public String toString() {
    return format(milli);
  }

  private static String format(long milli) {
    return BigDecimal.valueOf(milli, 3).toPlainString();
  }

  /**
   * A short, printable, quoted prefix of caller text for an error message: at most 40 characters,
   * control characters and lone surrogates escaped as {@code \\uXXXX}, a surrogate pair never cut,
   * and the full length named when cut. Its cost is bounded by the prefix, not the text.
   */
  static String echo(String text) {
    StringBuilder b = new StringBuilder("'");
    int i = 0;
    int shown = 0;
    while (i < text.length() && shown < ECHO) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        b.append(c).append(text.charAt(i + 1));
        i += 2;
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04X", (int) c));
        i++;
      } else {
        b.append(c);
        i++;
      }
      shown++;
    }
    b.append('\'');
    if (i < text.length()) {
      b.append("... (").append(text.length()).append(" characters)");
    }
    return b.toString();
  }

  /** A number's echo, bounded like text: its plain form only when short. */
  private static String echo(BigDecimal value) {
    // the plain form of 1E+1000000000 would be a billion digits: print the exponent form then
    return value.precision() <= ECHO && Math.abs((long) value.scale()) <= ECHO
        ? echo(value.toPlainString()) : echo(value.toString());
  }
}
