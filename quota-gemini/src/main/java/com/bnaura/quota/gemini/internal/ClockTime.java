package com.bnaura.quota.gemini.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * Adapts the injected {@link Clock} to the time sources of Caffeine and Bucket4j, so that cache
 * expiry and bucket refill follow the same clock as the quota engine (and tests move all three).
 */
public final class ClockTime {

  private ClockTime() {}

  /** The clock's instant in nanoseconds since the epoch. */
  public static long epochNanos(Clock clock) {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  /** A Caffeine ticker reading {@code clock}. */
  public static Ticker ticker(Clock clock) {
    return () -> epochNanos(clock);
  }

  /** A Bucket4j time meter reading {@code clock}. */
  public static TimeMeter timeMeter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return epochNanos(clock);
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}
