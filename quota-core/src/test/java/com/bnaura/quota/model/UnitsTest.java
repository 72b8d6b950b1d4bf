package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class UnitsTest {

  @Test
  void parse_printsThreeDecimals() {
    assertThat(Units.parse("0.2")).hasToString("0.200");
    assertThat(Units.parse("15")).isEqualTo(Units.of(15));
    assertThat(Units.parse(" 1.005 ").milli()).isEqualTo(1005);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-1", "+1", "1e3", "NaN", "Infinity", "0.0001", "1,5", "0x10",
      "99999999999", "1.", ".5", "١٢"})
  void parse_malformed_isInvalidArgumentNamingUnits(String text) {
    assertThatThrownBy(() -> Units.parse(text))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.field()).isEqualTo("units"));
  }

  @Test
  void parse_null_isRequired() {
    assertThatThrownBy(() -> Units.parse("rate", null))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("rate");
          assertThat(e.reason()).isEqualTo("is required");
        });
  }

  @Test
  void negativeOrOversized_isRefused() {
    assertThatThrownBy(() -> Units.ofMilli(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.ofMilli(Units.MAX.milli() + 1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.of(1_000_000_001L)).isInstanceOf(InvalidArgumentException.class);
    assertThat(Units.ofMilli(Units.MAX.milli())).isEqualTo(Units.MAX);
  }

  @Test
  void arithmetic_atTheEdges_failsInsteadOfWrapping() {
    assertThatThrownBy(() -> Units.MAX.plus(Units.ofMilli(1)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.ZERO.minus(Units.ofMilli(1)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.MAX.times(2)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.of(1).times(Long.MAX_VALUE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Units.of(1).times(-1))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.field()).isEqualTo("quantity"));
  }

  @Test
  void deduction_firstOf_takesMonthlyThenAddonThenOverage() {
    Deduction hold = new Deduction(Units.parse("0.1"), Units.parse("0.5"), Units.parse("0.4"));

    assertThat(hold.firstOf(Units.parse("0.3")))
        .isEqualTo(new Deduction(Units.parse("0.1"), Units.parse("0.2"), Units.ZERO));
    assertThat(hold.firstOf(Units.parse("0.8")))
        .isEqualTo(new Deduction(Units.parse("0.1"), Units.parse("0.5"), Units.parse("0.2")));
    assertThat(hold.minus(hold.firstOf(Units.parse("0.8"))).total()).isEqualTo(Units.parse("0.2"));
  }
  @ParameterizedTest
  @ValueSource(strings = {"1e1000000000", "1E-1000000000", "9e999999999", "0x1p3", "\u0000",
      "1\u00002", "\ud800", "1.2.3", "--1", "\u0e51\u0e52", "\uff11", "\u00a01\u00a0"})
  void parse_hostileText_isRefusedNamingTheFieldWithAShortEcho(String text) {
    assertThatThrownBy(() -> Units.parse("actualUnits", text))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("actualUnits");
          assertThat(e.reason()).hasSizeLessThan(160).doesNotContain("\u0000")
              .doesNotContainPattern("[\\p{Cc}\\p{Cs}]");
        });
  }

  @Test
  void parse_hugeText_isRefusedUnreadWithItsLengthAndAPrefix() {
    String digits = "1".repeat(100_000);
    String blanks = " ".repeat(10_000_000);
    String emoji = "\ud83e\uddb7".repeat(50_000);

    for (String text : new String[] {digits, blanks, "0." + digits, emoji}) {
      assertThatThrownBy(() -> Units.parse(text))
          .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e.field()).isEqualTo("units");
            assertThat(e.reason()).contains("at most 64 characters")
                .contains("(" + text.length() + " characters)").hasSizeLessThan(200);
          });
    }
    assertThatThrownBy(() -> Units.parse(emoji)).hasMessageContaining("\ud83e\uddb7".repeat(40)
        + "'... (100000 characters)");
  }

  @Test
  void parse_atTheLengthLimit_stillReadsPaddedDecimals() {
    String padded = " ".repeat(30) + "1.5" + " ".repeat(31);

    assertThat(padded).hasSize(Units.MAX_TEXT);
    assertThat(Units.parse(padded)).isEqualTo(Units.ofMilli(1500));
    assertThatThrownBy(() -> Units.parse(padded + " ")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void ofBigDecimal_takesExactDecimalsAndRefusesHugeExponentsAtOnce() {
    assertThat(Units.of("quantity", new java.math.BigDecimal("0.2"))).isEqualTo(Units.ofMilli(200));
    assertThat(Units.of("quantity", new java.math.BigDecimal("1.5000"))).isEqualTo(
        Units.ofMilli(1500));
    assertThat(Units.of("quantity", new java.math.BigDecimal("2E+1"))).isEqualTo(Units.of(20));
    assertThat(Units.of("quantity", new java.math.BigDecimal("0E+1000000000"))).isEqualTo(Units.ZERO);
    assertThat(Units.of("quantity", new java.math.BigDecimal("1000000000"))).isEqualTo(Units.MAX);

    for (String bad : new String[] {"1E+1000000000", "1E-1000000000", "-0.001", "0.0001",
        "1000000000.001", "10000000000", "1" + "0".repeat(1000), "1." + "0".repeat(1000) + "1"}) {
      assertThatThrownBy(() -> Units.of("quantity", new java.math.BigDecimal(bad)))
          .as(bad.length() > 40 ? bad.length() + " characters" : bad)
          .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e.field()).isEqualTo("quantity");
            assertThat(e.reason()).hasSizeLessThan(160);
          });
    }
    assertThatThrownBy(() -> Units.of("quantity", null)).hasMessage("quantity: is required");
  }

  @Test
  void times_overflow_namesTheQuantity() {
    assertThatThrownBy(() -> Units.of(1001).times(999_001))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("quantity");
          assertThat(e.reason()).isEqualTo(
              "999001 x 1001.000 units is more than the most units, 1000000000");
        });
    assertThat(Units.of(1000).times(1_000_000)).isEqualTo(Units.MAX);
  }
}
