package com.bnaura.quota.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What one use of an operation cost: the units charged and their split, the overage money, and the
 * units waived by the free repeat scan.
 *
 * <p>A clinical analysis of a customer quick-scanned two hours earlier is {@code units=0.800,
 * waived=0.200, exemption=REPEAT_WITHIN_24H}; a repeat quick scan is {@code units=0.000,
 * waived=0.200}.
 *
 * @param split the units charged, by bucket
 * @param overageCost the money the overage part costs, rounded half-up once
 * @param waived units not charged because of the repeat-scan exemption
 * @param exemption the exemption's reason ({@code REPEAT_WITHIN_24H}), if any units were waived
 */
public record Charge(Deduction split, Money overageCost, Units waived, Optional<String> exemption) {

  /** The reason recorded for a free repeat scan. */
  public static final String REPEAT_WITHIN_24H = "REPEAT_WITHIN_24H";

  /** Validates. */
  public Charge {
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(overageCost, "overageCost");
    Objects.requireNonNull(waived, "waived");
    Objects.requireNonNull(exemption, "exemption");
  }

  /** The units charged: monthly plus add-on plus overage. */
  public Units units() {
    return split.total();
  }

  /** Whether nothing was charged. */
  public boolean isFree() {
    return split.isZero();
  }
}
