package com.bnaura.quota.model;

import java.util.Objects;

/**
 * How one charge is split: monthly allowance first, then add-on balance, then overage.
 *
 * <p>A charge of 1.0 with 0.1 left in the month and plenty of add-on is {@code (0.100, 0.900,
 * 0.000)}.
 *
 * @param fromMonthly units taken from the monthly allowance
 * @param fromAddon units taken from the add-on balance
 * @param overage units beyond both, billed at the overage price
 */
public record Deduction(Units fromMonthly, Units fromAddon, Units overage) {

  /** Nothing taken. */
  public static final Deduction NONE = new Deduction(Units.ZERO, Units.ZERO, Units.ZERO);

  /** Validates. */
  public Deduction {
    Objects.requireNonNull(fromMonthly, "fromMonthly");
    Objects.requireNonNull(fromAddon, "fromAddon");
    Objects.requireNonNull(overage, "overage");
  }

  /** The whole charge: monthly plus add-on plus overage. */
  public Units total() {
    return fromMonthly.plus(fromAddon).plus(overage);
  }

  /**
   * The first {@code units} of this split in deduction order (monthly, then add-on, then overage);
   * what a partial commit keeps.
   */
  public Deduction firstOf(Units units) {
    Units m = fromMonthly.min(units);
    Units a = fromAddon.min(units.minus(m));
    Units o = overage.min(units.minus(m).minus(a));
    return new Deduction(m, a, o);
  }

  /** This split minus {@code part}, bucket by bucket. */
  public Deduction minus(Deduction part) {
    return new Deduction(fromMonthly.minus(part.fromMonthly), fromAddon.minus(part.fromAddon),
        overage.minus(part.overage));
  }

  /** Whether nothing is taken. */
  public boolean isZero() {
    return fromMonthly.isZero() && fromAddon.isZero() && overage.isZero();
  }
}
