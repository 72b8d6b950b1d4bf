package com.bnaura.quota.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

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

  /** Validates sign and currency. */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (minor < 0) {
      throw new InvalidArgumentException("amount", "must not be negative, was " + minor);
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
   * Parses a plain decimal amount in major units, such as {@code "4800"} or {@code "60.50"}.
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
    if (amount == null || amount.isBlank()) {
      throw new InvalidArgumentException(field, "is required");
    }
    String trimmed = amount.strip();
    int digits = Math.max(currency.getDefaultFractionDigits(), 0);
    if (!trimmed.matches("\\d{1,13}(\\.\\d{1," + Math.max(digits, 1) + "})?")
        || (digits == 0 && trimmed.contains("."))) {
      throw new InvalidArgumentException(field,
          "must be a non-negative amount with at most " + digits + " decimals, was '"
              + Units.abbreviate(amount) + "'");
    }
    return new Money(new BigDecimal(trimmed).movePointRight(digits).longValueExact(), currency);
  }

  /**
   * Prices {@code units} at {@code perUnit}, rounding half-up to the minor unit once.
   *
   * @throws ArithmeticException if the product does not fit in a {@code long}
   */
  public static Money ofUnits(Units units, Money perUnit) {
    long product = Math.multiplyExact(units.milli(), perUnit.minor);
    long whole = product / 1000;
    long rest = product % 1000;
    return new Money(rest >= 500 ? whole + 1 : whole, perUnit.currency);
  }

  /** Returns this plus {@code other}, which must be in the same currency. */
  public Money plus(Money other) {
    sameCurrency(other);
    return new Money(Math.addExact(minor, other.minor), currency);
  }

  /** Returns this minus {@code other}; fails if the result would be negative. */
  public Money minus(Money other) {
    sameCurrency(other);
    return new Money(minor - other.minor, currency);
  }

  /** Returns this times a non-negative whole {@code factor}. */
  public Money times(long factor) {
    return new Money(Math.multiplyExact(minor, factor), currency);
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

  /** A display form for people: {@code ฿4,800.00} for THB, {@code USD 12.50} otherwise. */
  public String toDisplayString() {
    String number = String.format(Locale.ROOT, "%,." + Math.max(currency.getDefaultFractionDigits(), 0) + "f",
        toBigDecimal());
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
