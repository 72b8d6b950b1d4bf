package com.bnaura.quota.model;

import java.util.Objects;

/**
 * A named top-up pack: a number of add-on units sold at one price (seed 000: 100 scans for ฿4,800).
 *
 * @param name the pack's name, e.g. {@code pack-100}
 * @param units the add-on units the pack adds
 * @param price the price of the whole pack
 */
public record TopUpPack(String name, Units units, Money price) {

  /** Validates. */
  public TopUpPack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(price, "price");
    if (!units.isPositive()) {
      throw new IllegalArgumentException("pack " + name + " must add units");
    }
  }
}
