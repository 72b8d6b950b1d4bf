package com.bnaura.quota.benchmarks.harness;

/**
 * One way to enforce a quota, driven by the harness: ours, the hand-written floor, Bucket4j, or
 * the old system's unlocked read-then-write. Every attempt asks for one operation from one clinic:
 * one unit ({@link #UNIT_MILLI} milli-units), or a quick scan's 0.2 units for the scan contenders.
 * Implementations are thread-safe.
 */
public interface Contender {

  /** What every attempt of the one-unit contenders asks for: one unit, in milli-units. */
  long UNIT_MILLI = ClinicSet.MILLI;

  /** The contender's name in the results. */
  String name();

  /** Whether this contender must grant exactly what it stores (checked in every case). */
  boolean mustBeExact();

  /** Creates what {@code set}'s clinics need (accounts, rows, buckets); once per set. */
  void prepare(ClinicSet set);

  /**
   * Asks for one operation on clinic {@code index} of {@code set}.
   *
   * @param key an idempotency key never used before, for contenders that take one
   * @return what was granted, refused, or granted free of charge
   */
  Attempt attempt(ClinicSet set, int index, String key);

  /** The milli-units the database holds as used, summed over {@code set}'s clinics. */
  long stored(ClinicSet set);

  /** Units the database holds as reserved but not committed, over {@code set}; 0 for most. */
  default long held(ClinicSet set) {
    return 0;
  }

  /**
   * What one attempt got: milli-units granted and charged, a refusal, or a grant that charged
   * nothing (a free repeat scan).
   *
   * @param grantedMilli the milli-units charged, 0 when refused or free
   * @param refused whether the quota refused the call
   */
  record Attempt(long grantedMilli, boolean refused) {

    /** A refusal: nothing granted. */
    public static final Attempt REFUSED = new Attempt(0, true);

    /** A grant that charged nothing: the engine exempted it (a repeat scan). */
    public static final Attempt FREE = new Attempt(0, false);

    /** Validates. */
    public Attempt {
      if (grantedMilli < 0 || (refused && grantedMilli != 0)) {
        throw new IllegalArgumentException("grantedMilli must be >= 0, and 0 when refused, was "
            + grantedMilli + (refused ? " (refused)" : ""));
      }
    }

    /** A grant of {@code milli} milli-units. */
    public static Attempt granted(long milli) {
      return milli == 0 ? FREE : new Attempt(milli, false);
    }

    /** Whether the call was granted without charging anything. */
    public boolean free() {
      return !refused && grantedMilli == 0;
    }
  }
}
