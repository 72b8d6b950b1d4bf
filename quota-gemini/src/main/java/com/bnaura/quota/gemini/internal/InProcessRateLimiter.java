package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.gemini.RateLimiter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * The in-process {@link RateLimiter}: one Bucket4j token bucket per user and one per clinic,
 * greedy refill, kept in a bounded Caffeine cache that drops buckets idle for two periods.
 */
public final class InProcessRateLimiter implements RateLimiter {
  private final long userPermits;
  private final Duration userPeriod;
  private final long clinicPermits;
  private final Duration clinicPeriod;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  /** A limiter with the given rates. */
  public InProcessRateLimiter(long userPermits, Duration userPeriod, long clinicPermits,
      Duration clinicPeriod, Clock clock, long maximumKeys) {
    this.userPermits = userPermits;
    this.userPeriod = userPeriod;
    this.clinicPermits = clinicPermits;
    this.clinicPeriod = clinicPeriod;
    this.time = ClockTime.timeMeter(clock);
    Duration longest = userPeriod.compareTo(clinicPeriod) >= 0 ? userPeriod : clinicPeriod;
    this.buckets = Caffeine.newBuilder()
        .ticker(ClockTime.ticker(clock))
        .expireAfterAccess(longest.multipliedBy(2))
        .maximumSize(maximumKeys)
        .build();
  }

  @Override
  public Decision tryAcquire(String clinicId, String userId) {
    Bucket user = null;
    if (userId != null) {
      user = buckets.get("u\u0000" + clinicId + "\u0000" + userId,
          k -> bucket(userPermits, userPeriod));
      ConsumptionProbe probe = user.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        Duration wait = wait(probe);
        return Decision.refuse(wait, "user " + userId + " of clinic " + clinicId
            + " made more than " + userPermits + " AI requests in " + describe(userPeriod)
            + "; retry in " + wait.toMillis() + " ms");
      }
    }
    Bucket clinic = buckets.get("c\u0000" + clinicId, k -> bucket(clinicPermits, clinicPeriod));
    ConsumptionProbe probe = clinic.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      if (user != null) {
        user.addTokens(1);
      }
      Duration wait = wait(probe);
      return Decision.refuse(wait, "clinic " + clinicId + " made more than " + clinicPermits
          + " AI requests in " + describe(clinicPeriod) + "; retry in " + wait.toMillis() + " ms");
    }
    return Decision.PERMITTED;
  }

  @Override
  public String toString() {
    return "InProcessRateLimiter{perUser=" + userPermits + "/" + userPeriod + ", perClinic="
        + clinicPermits + "/" + clinicPeriod + "}";
  }

  private Bucket bucket(long permits, Duration period) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, period))
        .withCustomTimePrecision(time)
        .build();
  }

  private static Duration wait(ConsumptionProbe probe) {
    long nanos = Math.max(probe.getNanosToWaitForRefill(), 1);
    return Duration.ofMillis((nanos + 999_999) / 1_000_000);
  }

  private static String describe(Duration period) {
    long seconds = period.getSeconds();
    if (period.getNano() == 0 && seconds % 60 == 0) {
      long minutes = seconds / 60;
      return minutes == 1 ? "a minute" : minutes + " minutes";
    }
    return period.toMillis() + " ms";
  }
}
