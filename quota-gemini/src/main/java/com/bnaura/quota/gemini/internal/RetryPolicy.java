package com.bnaura.quota.gemini.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a failed Gemini call is tried again, and after how long.
 *
 * <p>Retryable: HTTP 408, 429, 500, 502, 503 and 504, network failures, and timeouts up to {@code
 * timeoutRetries} times in one call (a timed-out request may still be running at Google and the
 * user is waiting, so timeouts get fewer retries than other failures). The wait is what the server
 * asked for ({@code Retry-After}, or the {@code google.rpc.RetryInfo}
 * delay of the error body), else an exponential backoff with jitter: retry {@code n} waits between
 * half and all of {@code min(initialBackoff * 2^(n-1), maxBackoff)}. A wait longer than {@code
 * maxRetryWait} is not waited for: the call fails and reports the wait instead.
 *
 * @param maxAttempts how many HTTP requests one call may make, at least 1
 * @param initialBackoff the first backoff
 * @param maxBackoff the largest backoff
 * @param maxRetryWait the longest wait the client sits through between two attempts
 * @param timeoutRetries how many timed-out attempts of one call are tried again, at least 0; all
 *     attempts still count against {@code maxAttempts}
 * @param random a source of uniform doubles in {@code [0, 1)} for the jitter
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    Duration maxRetryWait, int timeoutRetries, DoubleSupplier random) {

  private static final Pattern PROTO_DURATION = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?s");
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,10}");

  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    if (timeoutRetries < 0) {
      throw new IllegalArgumentException("timeoutRetries must not be negative, was "
          + timeoutRetries);
    }
    if (maxRetryWait.isNegative()) {
      throw new IllegalArgumentException("maxRetryWait must not be negative, was " + maxRetryWait);
    }
  }

  /** Uniform doubles in {@code [0, 1)} from {@link ThreadLocalRandom}, for the jitter. */
  public static DoubleSupplier threadLocalRandom() {
    return () -> ThreadLocalRandom.current().nextDouble();
  }

  /** Whether a call that answered {@code status} may be tried again. */
  public static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503
        || status == 504;
  }

  /**
   * Whether a call whose attempt number {@code attempt} timed out, after {@code timeoutsBefore}
   * earlier timeouts, is tried again.
   */
  public boolean retriesTimeout(int attempt, int timeoutsBefore) {
    return attempt < maxAttempts && timeoutsBefore < timeoutRetries;
  }

  /** The backoff before retry number {@code retry} (1 for the first retry), jitter included. */
  public Duration backoff(int retry) {
    long initial = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    long base = initial;
    for (int i = 1; i < retry && base < cap; i++) {
      base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
    }
    base = Math.min(base, cap);
    long half = base / 2;
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos(half + (long) ((base - half) * r));
  }

  /**
   * Parses a {@code Retry-After} header: delta-seconds, or an HTTP date taken relative to {@code
   * now}; empty if absent or unreadable.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (DELTA_SECONDS.matcher(v).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a protobuf JSON duration such as {@code "43s"} or {@code "0.250s"} (the {@code
   * retryDelay} of {@code google.rpc.RetryInfo}); empty if unreadable.
   */
  public static Optional<Duration> parseProtoDuration(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = PROTO_DURATION.matcher(value.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long seconds = Long.parseLong(m.group(1));
    long nanos = 0;
    if (m.group(2) != null) {
      String fraction = (m.group(2) + "000000000").substring(0, 9);
      nanos = Long.parseLong(fraction);
    }
    return Optional.of(Duration.ofSeconds(seconds, nanos));
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
