package com.bnaura.quota.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What one use of an operation cost: the units charged and their split, the overage money, and the
 * units an exemption waived.
 *
 * <p>A clinical analysis of a customer quick-scanned two hours earlier is {@code units=0.800,
 * waived=0.200, exemption=REPEAT_WITHIN_24H}; a repeat quick scan is {@code units=0.000,
 * waived=0.200}. A quick scan answered from the host's cache of identical inputs is {@code
 * units=0.000, waived=0.200, exemption=CACHED_ANSWER}: nothing was charged, and the waived units
 * are what the operation is rated at.
 *
 * @param split the units charged, by bucket
 * @param overageCost the money the overage part costs, rounded half-up once
 * @param waived units not charged because of the exemption
 * @param exemption the exemption's reason ({@link #REPEAT_WITHIN_24H} or {@link #CACHED_ANSWER}),
 *     if one applied
 */
public record Charge(Deduction split, Money overageCost, Units waived, Optional<String> exemption) {

  /** The reason recorded for a free repeat scan. */
  public static final String REPEAT_WITHIN_24H = "REPEAT_WITHIN_24H";

  /**
   * The reason recorded for an answer the host served from its cache of identical inputs, without
   * an AI call (see {@link com.bnaura.quota.QuotaService#recordCachedAnswer}).
   */
  public static final String CACHED_ANSWER = "CACHED_ANSWER";

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
