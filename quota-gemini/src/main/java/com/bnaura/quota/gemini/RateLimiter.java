package com.bnaura.quota.gemini;

import com.bnaura.quota.gemini.internal.InProcessRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The abuse guard in front of every AI call (seed 003's AI gateway): a per-user and a per-clinic
 * request rate, checked before any quota is reserved.
 *
 * <p>The default is in-process token buckets (Bucket4j): 30 requests a minute per user and 300 per
 * clinic, refilled smoothly, so a burst up to the capacity is allowed and then one request every
 * {@code period / permits}.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.inProcess()
 *     .perUser(30, Duration.ofMinutes(1))
 *     .perClinic(300, Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 *
 * <p>With several application instances, each keeps its own buckets; a host that needs one limit
 * across instances implements this interface over a shared store (for example Bucket4j's JDBC or
 * Redis proxy managers) and passes it to {@link QuotaEnforcedAnalyzer.Builder#rateLimiter}.
 * Implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface RateLimiter {

  /** A limiter that permits everything. */
  RateLimiter NONE = (clinicId, userId) -> Decision.PERMITTED;

  /**
   * Takes one permit for a request by {@code userId} of {@code clinicId}, or says how long to wait.
   * A refused request takes no permit from any bucket.
   *
   * @param clinicId the clinic, already validated
   * @param userId the user, or {@code null} when the request names none (only the clinic's rate
   *     applies then)
   */
  Decision tryAcquire(String clinicId, String userId);

  /** A builder for the in-process token-bucket limiter. */
  static Builder inProcess() {
    return new Builder();
  }

  /**
   * What the limiter decided.
   *
   * @param permitted whether the request may go ahead
   * @param retryAfter how long to wait before a permit is available ({@link Duration#ZERO} when
   *     permitted)
   * @param message why it was refused, for people; empty when permitted
   */
  record Decision(boolean permitted, Duration retryAfter, String message) {

    /** The request may go ahead. */
    public static final Decision PERMITTED = new Decision(true, Duration.ZERO, "");

    /** Validates. */
    public Decision {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(message, "message");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
      }
    }

    /** A refusal: wait {@code retryAfter}, for the reason {@code message}. */
    public static Decision refuse(Duration retryAfter, String message) {
      return new Decision(false, retryAfter, message);
    }
  }

  /**
   * Builds the in-process limiter. Each setting may be set once; a second call fails naming the
   * value already set.
   */
  final class Builder {
    private Long userPermits;
    private Duration userPeriod;
    private Long clinicPermits;
    private Duration clinicPeriod;
    private Clock clock;
    private Long maximumKeys;

    private Builder() {}

    /** Allows each user {@code permits} requests per {@code period} (default 30 a minute). */
    public Builder perUser(long permits, Duration period) {
      if (userPermits != null) {
        throw new IllegalStateException("perUser was already set to " + userPermits + " per "
            + userPeriod);
      }
      check(permits, period);
      this.userPermits = permits;
      this.userPeriod = period;
      return this;
    }

    /** Allows each clinic {@code permits} requests per {@code period} (default 300 a minute). */
    public Builder perClinic(long permits, Duration period) {
      if (clinicPermits != null) {
        throw new IllegalStateException("perClinic was already set to " + clinicPermits + " per "
            + clinicPeriod);
      }
      check(permits, period);
      this.clinicPermits = permits;
      this.clinicPeriod = period;
      return this;
    }

    /** Sets the clock the buckets refill by (default system UTC); tests move it by hand. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw new IllegalStateException("clock was already set to " + this.clock);
      }
      this.clock = clock;
      return this;
    }

    /**
     * Sets how many users and clinics are tracked at most (default 100,000). Idle buckets are
     * dropped after two periods anyway: by then they are full again.
     */
    public Builder maximumKeys(long maximumKeys) {
      if (this.maximumKeys != null) {
        throw new IllegalStateException("maximumKeys was already set to " + this.maximumKeys);
      }
      if (maximumKeys < 1) {
        throw new IllegalArgumentException("maximumKeys must be positive, was " + maximumKeys);
      }
      this.maximumKeys = maximumKeys;
      return this;
    }

    /** Builds the limiter. */
    public RateLimiter build() {
      return new InProcessRateLimiter(
          userPermits != null ? userPermits : 30,
          userPeriod != null ? userPeriod : Duration.ofMinutes(1),
          clinicPermits != null ? clinicPermits : 300,
          clinicPeriod != null ? clinicPeriod : Duration.ofMinutes(1),
          clock != null ? clock : Clock.systemUTC(),
          maximumKeys != null ? maximumKeys : 100_000);
    }

    private static void check(long permits, Duration period) {
      Objects.requireNonNull(period, "period");
      if (permits < 1) {
        throw new IllegalArgumentException("permits must be positive, was " + permits);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, was " + period);
      }
    }
  }
}
