package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The top-up a clinic is offered for a shortfall: the cheapest purchase that covers it, so a trial
 * clinic a fraction of a unit short is not sold a 100-unit pack.
 */
class TopUpPricingTest {

  private static final TopUpPricing DEFAULT = QuotaCatalog.defaults().topUps();

  private static Money thb(String amount) {
    return Money.of(amount, Money.THB);
  }

  @Test
  void aFractionShort_isOfferedOneUnitByCount() {
    TopUpPack offer = DEFAULT.smallestCovering(Units.parse("0.2")).orElseThrow();

    assertThat(offer.units()).isEqualTo(Units.of(1));
    assertThat(offer.price()).isEqualTo(thb("48"));
    assertThat(DEFAULT.pack(offer.name())).as("not a named pack").isEmpty();
    assertThat(offer.name()).isEqualTo("1 unit");
  }

  @Test
  void aShortfallAPackCoversAtTheSamePrice_isOfferedThePack() {
    assertThat(DEFAULT.smallestCovering(Units.of(100))).contains(DEFAULT.pack("pack-100")
        .orElseThrow());
  }

  @Test
  void aCheaperPack_winsOverTheSameUnitsByCount() {
    TopUpPricing pricing = new TopUpPricing(thb("48"), 1, 100_000,
        List.of(new TopUpPack("pack-100", Units.of(100), thb("4000"))));

    // 90 units by count cost ฿4,320, more than the 100-unit pack's ฿4,000
    assertThat(pricing.smallestCovering(Units.of(90))).contains(pricing.pack("pack-100")
        .orElseThrow());
    // 80 units by count cost ฿3,840, less than the pack
    assertThat(pricing.smallestCovering(Units.of(80)).orElseThrow().units())
        .isEqualTo(Units.of(80));
  }

  @Test
  void beyondTheLargestCount_aCoveringPackIsStillOffered_elseNothing() {
    TopUpPricing pricing = new TopUpPricing(thb("48"), 1, 50,
        List.of(new TopUpPack("pack-100", Units.of(100), thb("4800"))));

    assertThat(pricing.smallestCovering(Units.of(60))).contains(pricing.pack("pack-100")
        .orElseThrow());
    assertThat(pricing.smallestCovering(Units.of(101))).isEmpty();
  }
}
