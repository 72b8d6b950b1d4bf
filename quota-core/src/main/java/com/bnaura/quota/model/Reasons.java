package com.bnaura.quota.model;

/**
 * Why a value was refused, as message codes of the {@value LocalizedText#BUNDLE} bundle: the
 * reasons of {@link InvalidArgumentException}s that the values of this package raise. Every code
 * the package sends is a constant here.
 */
final class Reasons {
  /** The value is missing. */
  static final String REQUIRED = "invalid.required";
  /** The value is blank. */
  static final String BLANK = "invalid.blank";
  /** {0} the value, below zero. */
  static final String NEGATIVE = "invalid.negative";
  /** {0} the most allowed, {1} the value. */
  static final String AT_MOST = "invalid.at_most";
  /** {0} the least and {1} the most allowed, {2} the value. */
  static final String BETWEEN = "invalid.between";
  /** {0} the value, at most zero. */
  static final String MORE_THAN_ZERO = "invalid.more_than_zero";
  /** {0} the value, below zero. */
  static final String ZERO_OR_MORE = "invalid.zero_or_more";
  /** {0} the most characters, {1} the count given. */
  static final String TOO_LONG = "invalid.too_long";
  /** {0} the most characters, {1} the text given. */
  static final String DECIMAL_TOO_LONG = "invalid.decimal_too_long";
  /** {0} the text given. */
  static final String NOT_A_DECIMAL = "invalid.not_a_decimal";
  /** {0} the value given. */
  static final String FRACTION_DIGITS = "invalid.fraction_digits";
  /** {0} the factor, {1} the units. */
  static final String UNITS_OVERFLOW = "invalid.units_overflow";
  /** {0} the most characters, {1} the text given. */
  static final String AMOUNT_TOO_LONG = "invalid.amount_too_long";
  /** {0} the decimals the currency has, {1} the text given. */
  static final String NOT_AN_AMOUNT = "invalid.not_an_amount";
  /** {0} the units, {1} the price per unit. */
  static final String PRICE_OVERFLOW = "invalid.price_overflow";
  /** {0} and {1} the amounts added. */
  static final String SUM_OVERFLOW = "invalid.sum_overflow";
  /** {0} the amount, {1} the factor. */
  static final String PRODUCT_OVERFLOW = "invalid.product_overflow";
  /** {0} the index of the lone surrogate. */
  static final String LONE_SURROGATE = "invalid.lone_surrogate";
  /** {0} the character's code point in hex, {1} its index. */
  static final String CONTROL_CHARACTER = "invalid.control_character";
  /** The value is no SHA-256 digest in hex. */
  static final String HEX_DIGEST = "invalid.hex_digest";
  /** Not letters, digits, {@code -} and {@code _} only. */
  static final String GRANT_ID_CHARACTERS = "invalid.grant_id_characters";

  private Reasons() {}

  static InvalidArgumentException invalid(String field, String code, Object... args) {
    return new InvalidArgumentException(field, LocalizedText.of(code, args));
  }
}
