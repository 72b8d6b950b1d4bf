package com.bnaura.quota.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A named top-up pack: a number of add-on units sold at one price (seed 000: 100 scans for ฿4,800).
 *
 * @param name the pack's name, e.g. {@code pack-100}
 * @param units the add-on units the pack adds
 * @param price the price of the whole pack
 * @param validity how long the grant a purchase of the pack opens lasts, from the purchase; empty
 *     (the default) means it never expires. A purchase may set its own expiry instead.
 */
public record TopUpPack(String name, Units units, Money price, Optional<Duration> validity) {

  /** Validates. */
  public TopUpPack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(validity, "validity");
    if (!units.isPositive()) {
      throw new IllegalArgumentException("pack " + name + " must add units");
    }
    if (validity.isPresent() && (validity.get().isNegative() || validity.get().isZero())) {
      throw new IllegalArgumentException("pack " + name + " must be valid for a positive time");
    }
  }

  /** A pack whose grants never expire. */
  public TopUpPack(String name, Units units, Money price) {
    this(name, units, price, Optional.empty());
  }
}
