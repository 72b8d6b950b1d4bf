package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

final class MoneyTest {

  private static Money thb(String amount) {
    return Money.of(amount, Money.THB);
  }

  @Test
  void ofUnits_roundsHalfUpOnceAtTheLineItem() {
    assertThat(Money.ofUnits(Units.parse("0.2"), thb("60"))).isEqualTo(thb("12.00"));
    assertThat(Money.ofUnits(Units.parse("0.001"), thb("0.75"))).isEqualTo(thb("0.00"));
    assertThat(Money.ofUnits(Units.parse("0.002"), thb("2.50"))).isEqualTo(thb("0.01"));
    assertThat(Money.ofUnits(Units.parse("0.001"), thb("4.99"))).isEqualTo(thb("0.00"));
    assertThat(Money.ofUnits(Units.parse("0.1"), thb("0.05"))).isEqualTo(thb("0.01"));
  }

  @Test
  void display_usesBahtSignAndGrouping() {
    assertThat(thb("4800").toDisplayString()).isEqualTo("฿4,800.00");
    assertThat(thb("60").toString()).isEqualTo("THB 60.00");
    assertThat(Money.of("12.5", Currency.getInstance("USD")).toDisplayString()).isEqualTo("USD 12.50");
  }

  @Test
  void parse_rejectsSignsExponentsAndExtraDecimals() {
    for (String bad : new String[] {"-1", "1e3", "1.234", "abc", "", "NaN"}) {
      assertThatThrownBy(() -> Money.parse("overageCap", bad, Money.THB))
          .as(bad)
          .isInstanceOfSatisfying(InvalidArgumentException.class,
              e -> assertThat(e.field()).isEqualTo("overageCap"));
    }
    assertThatThrownBy(() -> Money.of("1.5", Currency.getInstance("JPY")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void mixingCurrencies_fails() {
    Money usd = Money.of("1", Currency.getInstance("USD"));

    assertThatThrownBy(() -> thb("1").plus(usd)).hasMessageContaining("currency mismatch");
  }

  @Test
  void overflow_failsInsteadOfWrapping() {
    Money huge = Money.ofMinor(Long.MAX_VALUE, Money.THB);

    assertThatThrownBy(() -> huge.plus(thb("0.01"))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.ofUnits(Units.MAX, huge)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> thb("1").minus(thb("2"))).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void prorate_roundsHalfUp() {
    assertThat(thb("6000").prorate(15, 31)).isEqualTo(thb("2903.23"));
    assertThat(thb("0.01").prorate(1, 2)).isEqualTo(thb("0.01"));
  }
}
