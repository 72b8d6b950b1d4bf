package com.bnaura.quota.model;

import java.math.BigDecimal;
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

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}(\\.\\d{1,3})?");

  /** Validates the range. */
  public Units {
    if (milli < 0) {
      throw new InvalidArgumentException("units", "must not be negative, was " + format(milli));
    }
    if (milli > 1_000_000_000_000L) {
      throw new InvalidArgumentException("units", "must be at most 1000000000, was " + format(milli));
    }
  }

  /** Returns the given number of whole units. */
  public static Units of(long whole) {
    if (whole < 0 || whole > 1_000_000_000L) {
      throw new InvalidArgumentException("units", "must be between 0 and 1000000000, was " + whole);
    }
    return new Units(whole * 1000);
  }

  /** Returns the given number of milli-units. */
  public static Units ofMilli(long milli) {
    return milli == 0 ? ZERO : new Units(milli);
  }

  /**
   * Parses a plain decimal with at most three fraction digits, such as {@code "0.2"} or {@code "15"}.
   *
   * @throws InvalidArgumentException naming {@code units} for anything else (signs, exponents,
   *     {@code NaN}, more than three decimals, blank)
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
      throw new InvalidArgumentException(field, "is required");
    }
    String trimmed = text.strip();
    if (!DECIMAL.matcher(trimmed).matches()) {
      throw new InvalidArgumentException(field,
          "must be a non-negative decimal with at most three fraction digits, was '"
              + abbreviate(text) + "'");
    }
    BigDecimal value = new BigDecimal(trimmed).movePointRight(3);
    try {
      return new Units(value.longValueExact());
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(field, e.reason());
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
      throw new InvalidArgumentException("quantity", "must not be negative, was " + factor);
    }
    try {
      return new Units(Math.multiplyExact(milli, factor));
    } catch (ArithmeticException e) {
      throw new InvalidArgumentException("units", "overflows: " + this + " x " + factor);
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

  /** Prints the amount with exactly three decimals, e.g. {@code 0.200}. */
  @Override
  public String toString() {
    return format(milli);
  }

  private static String format(long milli) {
    return BigDecimal.valueOf(milli, 3).toPlainString();
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
