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

    assertThatThrownBy(() -> huge.plus(thb("0.01"))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Money.ofUnits(Units.MAX, huge))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> huge.times(2)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Money.ofUnits(Units.ofMilli(2), huge))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.field()).isEqualTo("amount"));
    assertThatThrownBy(() -> thb("1").minus(thb("2"))).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void prorate_roundsHalfUp() {
    assertThat(thb("6000").prorate(15, 31)).isEqualTo(thb("2903.23"));
    assertThat(thb("0.01").prorate(1, 2)).isEqualTo(thb("0.01"));
  }
  @Test
  void ofUnits_atTheLargestPerUnitPrice_pricesEveryAmount() {
    Money largest = Money.ofMinor(Money.MAX_PER_UNIT_MINOR, Money.THB);

    assertThat(largest).isEqualTo(thb("92233.72"));
    assertThat(Money.ofUnits(Units.MAX, largest).minor()).isEqualTo(9_223_372_000_000_000L);
    assertThatThrownBy(() -> Money.ofUnits(Units.MAX, Money.ofMinor(Money.MAX_PER_UNIT_MINOR + 1,
        Money.THB))).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void parse_hostileText_isRefusedFastWithAShortPrintableEcho() {
    String[] hostile = {"1e1000000000", "9".repeat(100_000), " ".repeat(1_000_000),
        "1." + "0".repeat(100_000), "\u0000", "12\u0007", "\udc00", "99999999999999", "0.001",
        "\u0e51", "-0", "+1", "1,5", "Infinity"};

    for (String text : hostile) {
      assertThatThrownBy(() -> Money.parse("overageCap", text, Money.THB))
          .as(text.length() > 40 ? text.length() + " characters" : text)
          .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e.field()).isEqualTo("overageCap");
            assertThat(e.reason()).hasSizeLessThan(160)
                .doesNotContainPattern("[\\p{Cc}\\p{Cs}]");
          });
    }
    assertThat(Money.parse("overageCap", " 5000.5 ", Money.THB)).isEqualTo(thb("5000.50"));
    assertThat(Money.of("9999999999999.99", Money.THB).minor()).isEqualTo(999_999_999_999_999L);
  }
}
