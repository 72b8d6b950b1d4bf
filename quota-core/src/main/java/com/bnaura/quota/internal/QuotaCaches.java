package com.bnaura.quota.internal;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PeriodRecord;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read caches of one service instance: clinic snapshots for status and plan reads,
 * usage stats, and recommendations, each with its own TTL measured on the service's clock.
 *
 * <p>A write through this instance calls {@link #written} after the store committed: the clinic's
 * snapshot is invalidated (Caffeine makes an invalidation wait for a load in flight, so a stale
 * load cannot outlive it) and the clinic gets a new generation, which every stats and
 * recommendations key carries, so older entries are never read again and age out. Nothing here
 * grants units: grants are decided in the store's transaction.
 *
 * <p>The snapshots have no size bound, only their TTL: they hold the clinics read within the last
 * status TTL, one entry per clinic. Without a size bound Caffeine records no reads, so a cached
 * status read is a hash lookup and never drains the read buffer on the reading thread (with a
 * bound, that drain put the dashboard read's p99 at 2-4 µs instead of under 1 µs in {@code
 * StatusReadBenchmark}). The stats and recommendations caches are keyed by generation, so they
 * keep a size bound.
 */
final class QuotaCaches {
  /** The size bound of the stats and recommendations caches. */
  static final long MAXIMUM_SIZE = 10_000;

  /**
   * The committed account of a clinic, the stored row of its current period, its open add-on
   * grants, and the status read from them, built once when loaded so that a cached status read is
   * one lookup.
   *
   * @param status the status as of loading, or null if the period had ended by then
   * @param statusUntilMillis the epoch millisecond at which {@code status} stops describing the
   *     clinic (its period's end: a rollover is due; or a grant's expiry)
   */
  record Snapshot(AccountRecord account, PeriodRecord row, List<GrantRecord> grants,
      Optional<AutoTopUpRecord> autoTopUp,
      Optional<PaymentRecord> payment,
      QuotaStatus status, long statusUntilMillis) {
    Snapshot(AccountRecord account, PeriodRecord row, List<GrantRecord> grants,
        Optional<AutoTopUpRecord> autoTopUp,
        Optional<PaymentRecord> payment) {
      this(account, row, grants, autoTopUp, payment, null, Long.MIN_VALUE);
    }
  }

  private record StatsKey(ClinicId clinic, long generation, Instant periodStart) {}

  private record AdviceKey(ClinicId clinic, long generation, int openingDays) {}

  private final Cache<ClinicId, Snapshot> snapshots;
  private final Cache<StatsKey, UsageStats> stats;
  private final Cache<AdviceKey, Recommendations> advice;
  private final Cache<ClinicId, Long> generations;
  private final AtomicLong nextGeneration = new AtomicLong();
  private volatile Baseline baseline;

  private record Baseline(CacheStats snapshots, CacheStats stats, CacheStats advice) {}

  QuotaCaches(Clock clock, Duration statusTtl, Duration statsTtl, Duration adviceTtl) {
    Ticker ticker = () -> nanos(clock);
    snapshots = Caffeine.newBuilder()
        .ticker(ticker)
        .executor(Runnable::run)
        .expireAfterWrite(statusTtl)
        .recordStats()
        .build();
    stats = build(ticker, statsTtl);
    advice = build(ticker, adviceTtl);
    generations = Caffeine.newBuilder().maximumSize(4 * MAXIMUM_SIZE).executor(Runnable::run)
        .build();
    baseline = new Baseline(CacheStats.empty(), CacheStats.empty(), CacheStats.empty());
  }

  private static <K, V> Cache<K, V> build(Ticker ticker, Duration ttl) {
    return Caffeine.newBuilder()
        .ticker(ticker)
        .executor(Runnable::run)
        .expireAfterWrite(ttl)
        .maximumSize(MAXIMUM_SIZE)
        .recordStats()
        .build();
  }

  /**
   * Nanoseconds since the epoch at millisecond resolution, saturating far from it; only
   * differences matter. {@code Clock.millis()} reads the system clock without allocating.
   */
  private static long nanos(Clock clock) {
    long millis = clock.millis();
    if (millis > Long.MAX_VALUE / 1_000_000L) {
      return Long.MAX_VALUE;
    }
    if (millis < Long.MIN_VALUE / 1_000_000L) {
      return Long.MIN_VALUE;
    }
    return millis * 1_000_000L;
  }

  Snapshot snapshot(ClinicId clinic, Function<ClinicId, Snapshot> load) {
    return snapshots.get(clinic, load);
  }

  UsageStats stats(ClinicId clinic, Instant periodStart, Supplier<UsageStats> load) {
    return stats.get(new StatsKey(clinic, generation(clinic), periodStart), k -> load.get());
  }

  Recommendations recommendations(ClinicId clinic, int openingDays,
      Supplier<Recommendations> load) {
    return advice.get(new AdviceKey(clinic, generation(clinic), openingDays), k -> load.get());
  }

  private long generation(ClinicId clinic) {
    return generations.get(clinic, k -> nextGeneration.incrementAndGet());
  }

  /** Forgets what is cached about {@code clinic}; called after every write on it. */
  void written(ClinicId clinic) {
    generations.put(clinic, nextGeneration.incrementAndGet());
    snapshots.invalidate(clinic);
  }

  /**
   * The counters since the last reset and since this instance was built. Caffeine's own
   * statistics only grow (an invalidation is not an eviction), so they are the totals, and the
   * counts since reset are the totals minus the baseline taken at the reset.
   */
  CacheStatsSnapshot statistics() {
    Baseline base = baseline;
    CacheStatsSnapshot.Counts snapshotsTotal = counts(snapshots, CacheStats.empty());
    CacheStatsSnapshot.Counts statsTotal = counts(stats, CacheStats.empty());
    CacheStatsSnapshot.Counts adviceTotal = counts(advice, CacheStats.empty());
    return new CacheStatsSnapshot(since(snapshotsTotal, base.snapshots()),
        since(statsTotal, base.stats()), since(adviceTotal, base.advice()),
        new CacheStatsSnapshot.Totals(snapshotsTotal, statsTotal, adviceTotal));
  }

  private static CacheStatsSnapshot.Counts counts(Cache<?, ?> cache, CacheStats base) {
    cache.cleanUp();
    CacheStats now = cache.stats().minus(base);
    return new CacheStatsSnapshot.Counts(now.hitCount(), now.missCount(), now.evictionCount(),
        cache.estimatedSize());
  }

  private static CacheStatsSnapshot.Counts since(CacheStatsSnapshot.Counts total,
      CacheStats base) {
    // the baseline was read before these totals, so no difference is negative
    return new CacheStatsSnapshot.Counts(total.hits() - base.hitCount(),
        total.misses() - base.missCount(), total.evictions() - base.evictionCount(),
        total.size());
  }

  /** Empties every cache and restarts the statistics since reset from zero; the totals stay. */
  void reset() {
    snapshots.invalidateAll();
    stats.invalidateAll();
    advice.invalidateAll();
    generations.invalidateAll();
    baseline = new Baseline(snapshots.stats(), stats.stats(), advice.stats());
  }
}
