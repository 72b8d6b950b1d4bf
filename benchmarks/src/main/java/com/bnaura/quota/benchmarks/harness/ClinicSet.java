package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.benchmarks.state.BenchCatalog;

/**
 * The clinics a case charges: {@code size} clinics named {@code prefix-00000...}, each with a
 * quota of {@code quotaUnits} whole units, known to every contender under the same names.
 *
 * @param prefix the clinic ids' prefix, unique per set
 * @param size how many clinics
 * @param quotaUnits each clinic's quota in whole units: {@link BenchCatalog#LARGE_UNITS} or {@link
 *     BenchCatalog#SMALL_UNITS}
 */
public record ClinicSet(String prefix, int size, long quotaUnits) {

  /** Milli-units per unit. */
  public static final long MILLI = 1_000;

  /** Validates. */
  public ClinicSet {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    if (quotaUnits != BenchCatalog.LARGE_UNITS && quotaUnits != BenchCatalog.SMALL_UNITS) {
      throw new IllegalArgumentException("quotaUnits must be the LARGE or SMALL plan's, was "
          + quotaUnits);
    }
  }

  /** The id of clinic {@code index}. */
  public String id(int index) {
    return BenchCatalog.clinicId(prefix, index);
  }

  /** Each clinic's quota in milli-units. */
  public long quotaMilli() {
    return Math.multiplyExact(quotaUnits, MILLI);
  }

  /** The engine plan with this quota. */
  public String plan() {
    return quotaUnits == BenchCatalog.LARGE_UNITS ? BenchCatalog.LARGE : BenchCatalog.SMALL;
  }

  /** The SQL {@code LIKE} pattern matching the ids of this set and no other. */
  public String likePattern() {
    return prefix + "-%";
  }
}
