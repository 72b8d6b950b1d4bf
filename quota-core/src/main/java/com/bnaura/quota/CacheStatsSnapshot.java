package com.bnaura.quota;

import java.util.Objects;

/**
 * The statistics of the service's read caches since it was built or {@link
 * QuotaService#resetCaches()} was last called: the status cache (plan and config reads,
 * 60 seconds by default), the usage stats cache (30 seconds) and the recommendations cache (5
 * minutes); and, in {@link #total()}, the same counters since the service was built, which a reset
 * does not touch.
 *
 * <pre>{@code
 * CacheStatsSnapshot stats = quotas.cacheStats();
 * metrics.gauge("quota.cache.hit-rate", stats.combined().hitRate());
 * long hitsEver = stats.total().combined().hits();     // never goes down
 * }</pre>
 *
 * <p>A monitoring system that takes hits and misses as counters reads them from {@link #total()}:
 * a counter that drops looks like a restart to it, and a reset is not one.
 *
 * @param status the status cache: the plan and period reads of {@code status} and {@code
 *     hasFeature}, and of usage stats, forecasts and recommendations
 * @param usageStats the usage stats cache
 * @param recommendations the recommendations cache
 * @param total the counters of the three caches since the service was built
 */
public record CacheStatsSnapshot(Counts status, Counts usageStats, Counts recommendations,
    Totals total) {

  /**
   * Validates: each counter of {@code total} is at least the one since the last reset.
   *
   * @throws IllegalArgumentException naming the cache whose total is below its count since reset
   */
  public CacheStatsSnapshot {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(usageStats, "usageStats");
    Objects.requireNonNull(recommendations, "recommendations");
    Objects.requireNonNull(total, "total");
    requireAtLeast("status", total.status(), status);
    requireAtLeast("usageStats", total.usageStats(), usageStats);
    requireAtLeast("recommendations", total.recommendations(), recommendations);
  }

  /**
   * Statistics of caches that were never reset: their totals are the counts themselves.
   *
   * @param status the status cache
   * @param usageStats the usage stats cache
   * @param recommendations the recommendations cache
   */
  public CacheStatsSnapshot(Counts status, Counts usageStats, Counts recommendations) {
    this(status, usageStats, recommendations, new Totals(status, usageStats, recommendations));
  }

  private static void requireAtLeast(String cache, Counts total, Counts sinceReset) {
    if (total.hits() < sinceReset.hits() || total.misses() < sinceReset.misses()
        || total.evictions() < sinceReset.evictions()) {
      throw new IllegalArgumentException("total." + cache + " " + total
          + " must not count less than " + cache + " since the reset " + sinceReset);
    }
  }

  /** The three caches added together. */
  public Counts combined() {
    return status.plus(usageStats).plus(recommendations);
  }

  /**
   * The counters of one cache (or of several added together).
   *
   * @param hits reads answered from the cache
   * @param misses reads that went to the store
   * @param evictions entries dropped because they expired or the cache was full
   * @param size entries in the cache now
   */
  public record Counts(long hits, long misses, long evictions, long size) {

    /** Nothing counted. */
    public static final Counts EMPTY = new Counts(0, 0, 0, 0);

    /** Validates. */
    public Counts {
      if (hits < 0 || misses < 0 || evictions < 0 || size < 0) {
        throw new IllegalArgumentException("cache counters must not be negative");
      }
    }

    /** Hits plus misses. */
    public long requests() {
      return hits + misses;
    }

    /** Hits divided by requests, from 0 to 1; 1 when nothing was requested yet. */
    public double hitRate() {
      long requests = requests();
      return requests == 0 ? 1.0 : (double) hits / requests;
    }

    /** These counters plus {@code other}'s. */
    public Counts plus(Counts other) {
      return new Counts(hits + other.hits, misses + other.misses, evictions + other.evictions,
          size + other.size);
    }
  }

  /**
   * The counters of the three caches since the service was built. Hits, misses and evictions only
   * grow; {@code size} is the entries in the cache now, as in the counts since reset.
   *
   * @param status the status cache
   * @param usageStats the usage stats cache
   * @param recommendations the recommendations cache
   */
  public record Totals(Counts status, Counts usageStats, Counts recommendations) {

    /** Validates. */
    public Totals {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(usageStats, "usageStats");
      Objects.requireNonNull(recommendations, "recommendations");
    }

    /** The three caches added together. */
    public Counts combined() {
      return status.plus(usageStats).plus(recommendations);
    }
  }
}
