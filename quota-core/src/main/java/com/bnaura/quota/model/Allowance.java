package com.bnaura.quota.model;

import java.util.Objects;

/**
 * A plan's monthly allowance: a number of units, or unlimited.
 *
 * @param unlimited whether the plan never runs out
 * @param units the monthly units; {@link Units#ZERO} when unlimited
 */
public record Allowance(boolean unlimited, Units units) {

  /** An allowance that never runs out. */
  public static final Allowance UNLIMITED = new Allowance(true, Units.ZERO);

  /** Validates the pair. */
  public Allowance {
    Objects.requireNonNull(units, "units");
    if (unlimited && !units.isZero()) {
      throw new IllegalArgumentException("an unlimited allowance carries no units");
    }
  }

  /** A finite allowance of {@code units} per period. */
  public static Allowance of(Units units) {
    return new Allowance(false, units);
  }

  /** A finite allowance of {@code whole} units per period. */
  public static Allowance ofUnits(long whole) {
    return of(Units.of(whole));
  }

  /** Whether this allowance is larger than {@code other} (unlimited is the largest). */
  public boolean exceeds(Allowance other) {
    if (unlimited) {
      return !other.unlimited;
    }
    return !other.unlimited && units.exceeds(other.units);
  }

  @Override
  public String toString() {
    return unlimited ? "unlimited" : units.toString();
  }
}
