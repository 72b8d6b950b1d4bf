package com.bnaura.quota.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in {@code long} minor units of one ISO currency (satang for THB).
 *
 * <p>Money is never a {@code double} and never negative. A units-times-price product is rounded
 * half-up to the minor unit exactly once, at the line item, by {@link #ofUnits(Units, Money)}:
 * {@code 0.2} unit at ฿60.00 is ฿12.00, {@code 0.001} unit at ฿0.75 is ฿0.00.
 *
 * <pre>{@code
 * Money price = Money.of("60", Money.THB);       // THB 60.00
 * Money cost = Money.ofUnits(Units.parse("0.2"), price); // THB 12.00
 * }</pre>
 *
 * @param minor the amount in the currency's minor unit, never negative
 * @param currency the ISO 4217 currency
 */
public record Money(long minor, Currency currency) implements Comparable<Money> {

  /** The Thai baht, the default currency. */
  public static final Currency THB = Currency.getInstance("THB");

  /**
   * The largest per-unit price, in minor units, at which {@link #ofUnits} can price every amount of
   * units up to {@link Units#MAX} without overflow: {@code 9,223,372} (฿92,233.72 per unit).
   */
  public static final long MAX_PER_UNIT_MINOR = Long.MAX_VALUE / Units.MAX.milli();

  private static final Pattern[] DECIMALS = {decimalPattern(0), decimalPattern(1),
      decimalPattern(2), decimalPattern(3), decimalPattern(4)};

  /** Validates sign and currency. */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (minor < 0) {
      throw Reasons.invalid("amount", Reasons.NEGATIVE, minor);
    }
  }

  /** Zero in {@code currency}. */
  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  /** Returns {@code minor} minor units of {@code currency}. */
  public static Money ofMinor(long minor, Currency currency) {
    return new Money(minor, currency);
  }

  /**
   * Parses a plain decimal amount in major units, such as {@code "4800"} or {@code "60.50"}. The
   * cost is bounded whatever the input: text longer than {@value Units#MAX_TEXT} characters is
   * refused before it is read, and the message echoes at most a short printable prefix of it.
   *
   * @throws InvalidArgumentException naming {@code amount} for signs, exponents, too many decimals
   */
  public static Money of(String amount, Currency currency) {
    return parse("amount", amount, currency);
  }

  /**
   * Parses like {@link #of(String, Currency)} but names {@code field} in the error.
   *
   * @throws InvalidArgumentException naming {@code field}
   */
  public static Money parse(String field, String amount, Currency currency) {
    Objects.requireNonNull(currency, "currency");
    if (amount == null) {
      throw Reasons.invalid(field, Reasons.REQUIRED);
    }
    int digits = Math.max(currency.getDefaultFractionDigits(), 0);
    if (amount.length() > Units.MAX_TEXT) {
      throw Reasons.invalid(field, Reasons.AMOUNT_TOO_LONG, (long) Units.MAX_TEXT,
          Units.echo(amount));
    }
    if (amount.isBlank()) {
      throw Reasons.invalid(field, Reasons.REQUIRED);
    }
    String trimmed = amount.strip();
    if (!decimal(digits).matcher(trimmed).matches()) {
      throw Reasons.invalid(field, Reasons.NOT_AN_AMOUNT, (long) digits, Units.echo(amount));
    }
    return new Money(new BigDecimal(trimmed).movePointRight(digits).longValueExact(), currency);
  }

  /** Up to 13 whole digits and {@code digits} decimals (none when the currency has none). */
  private static Pattern decimal(int digits) {
    return digits < DECIMALS.length ? DECIMALS[digits] : decimalPattern(digits);
  }

  private static Pattern decimalPattern(int digits) {
    return Pattern.compile(digits == 0 ? "[0-9]{1,13}" : "[0-9]{1,13}(\\.[0-9]{1," + digits + "})?");
  }

  /**
   * Prices {@code units} at {@code perUnit}, rounding half-up to the minor unit once. Every amount
   * of units fits when {@code perUnit} is at most {@link #MAX_PER_UNIT_MINOR} minor units, which a
   * {@link QuotaCatalog} requires of every per-unit price it holds.
   *
   * @throws InvalidArgumentException naming {@code amount} if the product does not fit in a {@code
   *     long}
   */
  public static Money ofUnits(Units units, Money perUnit) {
    long product;
    try {
      product = Math.multiplyExact(units.milli(), perUnit.minor);
    } catch (ArithmeticException e) {
      throw Reasons.invalid("amount", Reasons.PRICE_OVERFLOW, units, perUnit.toString());
    }
    long whole = product / 1000;
    long rest = product % 1000;
    return new Money(rest >= 500 ? whole + 1 : whole, perUnit.currency);
  }

  /** Returns this plus {@code other}, which must be in the same currency. */
  public Money plus(Money other) {
    sameCurrency(other);
    try {
      return new Money(Math.addExact(minor, other.minor), currency);
    } catch (ArithmeticException e) {
      throw Reasons.invalid("amount", Reasons.SUM_OVERFLOW, toString(), other.toString());
    }
  }

  /** Returns this minus {@code other}; fails if the result would be negative. */
  public Money minus(Money other) {
    sameCurrency(other);
    return new Money(minor - other.minor, currency);
  }

  /**
   * Returns this times a non-negative whole {@code factor}.
   *
   * @throws InvalidArgumentException naming {@code amount} if the factor is negative or the product
   *     does not fit in a {@code long}
   */
  public Money times(long factor) {
    try {
      return new Money(Math.multiplyExact(minor, factor), currency);
    } catch (ArithmeticException e) {
      throw Reasons.invalid("amount", Reasons.PRODUCT_OVERFLOW, toString(), factor);
    }
  }

  /**
   * Returns this times {@code numerator / denominator}, rounded half-up to the minor unit once.
   * Used for day-prorated plan prices.
   */
  public Money prorate(long numerator, long denominator) {
    BigDecimal exact = BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(numerator))
        .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP);
    return new Money(exact.longValueExact(), currency);
  }

  /** Whether this is zero. */
  public boolean isZero() {
    return minor == 0;
  }

  /** Whether this is more than {@code other}. */
  public boolean exceeds(Money other) {
    sameCurrency(other);
    return minor > other.minor;
  }

  /** This amount in major units with the currency's scale, e.g. {@code 60.00}. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(minor, Math.max(currency.getDefaultFractionDigits(), 0));
  }

  /**
   * A display form for people: {@code ฿4,800.00} for THB, {@code USD 12.50} otherwise; the same as
   * {@code toDisplayString(Locale.ROOT)}, and as English and Thai show it.
   */
  public String toDisplayString() {
    return toDisplayString(Locale.ROOT);
  }

  /**
   * A display form for people in {@code locale}: the currency's scale, grouped thousands and the
   * locale's separators, after {@code ฿} for THB or the currency code otherwise. English and Thai
   * read {@code ฿4,800.00}; French reads {@code ฿4 800,00}.
   */
  public String toDisplayString(Locale locale) {
    Objects.requireNonNull(locale, "locale");
    int scale = Math.max(currency.getDefaultFractionDigits(), 0);
    DecimalFormat format = new DecimalFormat(scale == 0 ? "#,##0" : "#,##0." + "0".repeat(scale),
        DecimalFormatSymbols.getInstance(locale));
    String number = format.format(toBigDecimal());
    return currency.equals(THB) ? "฿" + number : currency.getCurrencyCode() + " " + number;
  }

  @Override
  public int compareTo(Money other) {
    sameCurrency(other);
    return Long.compare(minor, other.minor);
  }

  /** Prints the currency code and the amount, e.g. {@code THB 60.00}. */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + toBigDecimal().toPlainString();
  }

  private void sameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency.getCurrencyCode() + " vs " + other.currency.getCurrencyCode());
    }
  }
}
