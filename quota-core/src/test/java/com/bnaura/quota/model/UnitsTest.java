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
}
