package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeductionTest {
  private static final GrantId FIRST = GrantId.of("g-first");
  private static final GrantId SECOND = GrantId.of("g-second");

  private static GrantPart part(GrantId grant, String units) {
    return new GrantPart(grant, Units.parse(units));
  }

  @Test
  void firstOf_keepsTheGrantsBurnedFirst() {
    Deduction hold = new Deduction(Units.parse("0.5"), Units.of(3), Units.ZERO,
        List.of(part(FIRST, "2"), part(SECOND, "1")));

    Deduction kept = hold.firstOf(Units.parse("2.7"));

    assertThat(kept).isEqualTo(new Deduction(Units.parse("0.5"), Units.parse("2.2"), Units.ZERO,
        List.of(part(FIRST, "2"), part(SECOND, "0.2"))));
    assertThat(hold.minus(kept)).isEqualTo(new Deduction(Units.ZERO, Units.parse("0.8"),
        Units.ZERO, List.of(part(SECOND, "0.8"))));
  }

  @Test
  void grantParts_mustSumToTheAddOnPart() {
    assertThatThrownBy(() -> new Deduction(Units.ZERO, Units.of(2), Units.ZERO,
        List.of(part(FIRST, "1")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromAddon");
  }

  @Test
  void grantParts_haveATextFormThatReadsBack() {
    List<GrantPart> parts = List.of(part(FIRST, "0.9"), part(SECOND, "100"));

    String text = GrantPart.format(parts);

    assertThat(text).isEqualTo("g-first=900;g-second=100000");
    assertThat(GrantPart.parse(text)).isEqualTo(parts);
    assertThat(GrantPart.parse(null)).isEmpty();
  }

  @Test
  void grantId_forTheSameTopUp_isTheSame_andHasOnlyPlainCharacters() {
    IdempotencyKey key = IdempotencyKey.of("order-7781 ไทย");
    Instant at = Instant.parse("2026-01-10T03:00:00Z");

    assertThat(GrantId.forTopUp(key, at)).isEqualTo(GrantId.forTopUp(key, at))
        .isNotEqualTo(GrantId.forTopUp(key, at.plusMillis(1)));
    assertThat(GrantId.forTopUp(key, at).value()).matches("g-[0-9a-f]{24}");
    assertThatThrownBy(() -> GrantId.of("a=b")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("grantId");
  }
}
