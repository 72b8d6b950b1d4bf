package com.bnaura.quota.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How add-on units are sold: any whole count in {@code [minUnits, maxUnits]} at a per-unit price,
 * and named packs at their own prices.
 *
 * <p>The default follows seed 000: ฿48 per unit ({@code 100 scans for ฿4,800}), 1 to 100,000 units,
 * with packs {@code pack-100} (฿4,800) and {@code pack-500} (฿24,000, seed 003's "+500 scans").
 *
 * @param perUnit the price of one unit bought by count
 * @param minUnits the smallest count that may be bought
 * @param maxUnits the largest count that may be bought in one purchase
 * @param packs the named packs, smallest first
 */
public record TopUpPricing(Money perUnit, long minUnits, long maxUnits, List<TopUpPack> packs) {

  /** Validates and sorts the packs by units. */
  public TopUpPricing {
    Objects.requireNonNull(perUnit, "perUnit");
    if (minUnits < 1 || maxUnits < minUnits || maxUnits > 1_000_000_000L) {
      throw new IllegalArgumentException(
          "top-up range must satisfy 1 <= min <= max <= 1e9, was " + minUnits + ".." + maxUnits);
    }
    packs = packs.stream().sorted(Comparator.comparing(TopUpPack::units)).toList();
    for (TopUpPack pack : packs) {
      if (!pack.price().currency().equals(perUnit.currency())) {
        throw new IllegalArgumentException("pack " + pack.name() + " is priced in another currency");
      }
    }
  }

  /** The price of {@code wholeUnits} bought by count. */
  public Money priceOf(long wholeUnits) {
    return perUnit.times(wholeUnits);
  }

  /** The pack called {@code name}, if any. */
  public Optional<TopUpPack> pack(String name) {
    return packs.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The cheapest purchase that adds at least {@code shortfall}: each named pack that covers it, and
   * that many whole units (rounded up, at least {@code minUnits}) bought by count, are compared by
   * price; at the same price the one with fewer units wins, and at the same units a named pack. So
   * a clinic 0.2 units short is offered 1 unit at the per-unit price, not a 100-unit pack, and one
   * 100 units short is offered {@code pack-100} when it costs no more than 100 units by count.
   * Empty when no pack covers it and {@code maxUnits} is too few.
   */
  public Optional<TopUpPack> smallestCovering(Units shortfall) {
    Objects.requireNonNull(shortfall, "shortfall");
    TopUpPack best = null;
    long whole = Math.max(minUnits, (shortfall.milli() + 999) / 1000);
    if (whole <= maxUnits) {
      best = new TopUpPack(byCountName(whole), Units.of(whole), priceOf(whole));
    }
    for (TopUpPack pack : packs) {
      if (!shortfall.exceeds(pack.units()) && (best == null || better(pack, best))) {
        best = pack;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The name {@link #smallestCovering} gives a purchase of {@code wholeUnits} by count, such as
   * {@code "68 units"} or {@code "1 unit"}; no named pack of the catalog is a count purchase.
   */
  public static String byCountName(long wholeUnits) {
    return wholeUnits == 1 ? "1 unit" : wholeUnits + " units";
  }

  /** Whether named {@code pack} is a better offer than {@code other}: cheaper, else no more units. */
  private static boolean better(TopUpPack pack, TopUpPack other) {
    int price = pack.price().compareTo(other.price());
    return price < 0 || price == 0 && !pack.units().exceeds(other.units());
  }
}
