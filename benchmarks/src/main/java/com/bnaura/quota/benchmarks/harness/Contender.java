package com.bnaura.quota.benchmarks.harness;

/**
 * One way to enforce a quota, driven by the harness: ours, the hand-written floor, Bucket4j, or
 * the old system's unlocked read-then-write. Every attempt asks for one unit ({@link #UNIT_MILLI}
 * milli-units) from one clinic. Implementations are thread-safe.
 */
public interface Contender {

  /** What every attempt asks for: one unit, in milli-units. */
  long UNIT_MILLI = ClinicSet.MILLI;

  /** The contender's name in the results. */
  String name();

  /** Whether this contender must grant exactly what it stores (checked in every case). */
  boolean mustBeExact();

  /** Creates what {@code set}'s clinics need (accounts, rows, buckets); once per set. */
  void prepare(ClinicSet set);

  /**
   * Asks for one unit from clinic {@code index} of {@code set}.
   *
   * @param key an idempotency key never used before, for contenders that take one
   * @return the milli-units granted: {@link #UNIT_MILLI}, or 0 when refused
   */
  long attempt(ClinicSet set, int index, String key);

  /** The milli-units the database holds as used, summed over {@code set}'s clinics. */
  long stored(ClinicSet set);

  /** Units the database holds as reserved but not committed, over {@code set}; 0 for most. */
  default long held(ClinicSet set) {
    return 0;
  }
}
