package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.gemini.MediaResolution;
import com.bnaura.quota.gemini.ThinkingLevel;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The settings of the Gemini client and the quota-enforced analyzer under {@code
 * bnaura.quota.gemini}. Nothing of Gemini is configured until {@code api-key} is set.
 *
 * <pre>
 * bnaura.quota.gemini.api-key=${GOOGLE_AI_API_KEY:}
 * bnaura.quota.gemini.models.QUICK_SCAN=gemini-3.5-flash-lite
 * bnaura.quota.gemini.operations.QUICK_SCAN.thinking-level=minimal
 * bnaura.quota.gemini.operations.CLINICAL_ANALYSIS.max-output-tokens=24000
 * bnaura.quota.gemini.circuit-breaker.wait-duration-in-open-state=1m
 * bnaura.quota.gemini.rate-limit.per-user=20
 * </pre>
 *
 * <p>Without {@code api-key} the key is read from the environment variables {@code
 * GOOGLE_AI_API_KEY}, then {@code GEMINI_API_KEY}, then {@code GOOGLE_API_KEY}: the first one set
 * and not blank wins, and {@code api-key} wins over all three.
 *
 * <p>A setting left unset keeps the default of {@code GeminiClient.Builder} or {@code
 * QuotaEnforcedAnalyzer.Builder}, named below. Timeouts of zero mean none.
 *
 * @param apiKey Gemini API key. Sent only in the x-goog-api-key header and never logged. Blank
 *     means unset; then the environment variables GOOGLE_AI_API_KEY, GEMINI_API_KEY and
 *     GOOGLE_API_KEY are tried in that order, and Gemini stays off when none is set.
 * @param baseUrl Base URL of the Gemini API. Defaults to
 *     https://generativelanguage.googleapis.com/v1beta.
 * @param connectTimeout Connect timeout; 0 means none. Defaults to 10 seconds.
 * @param readTimeout Read timeout; 0 means none. Defaults to 120 seconds, as thinking models answer
 *     slowly.
 * @param writeTimeout Write timeout; 0 means none. Defaults to 30 seconds.
 * @param callTimeout Timeout of one HTTP attempt from start to end; 0 means none. Defaults to 180
 *     seconds.
 * @param maxAttempts How many HTTP requests one call may make, retries included, 1 to 10. Defaults
 *     to 4.
 * @param initialBackoff Backoff before the first retry, doubled for each further one. Defaults to
 *     500 milliseconds.
 * @param maxBackoff Largest backoff between retries. Defaults to 8 seconds.
 * @param maxRetryWait Longest wait between two attempts the client sits through; a longer
 *     Retry-After fails the call at once. Defaults to 20 seconds.
 * @param timeoutRetries How many timed-out attempts of one call are tried again, 0 to 9; 0 makes a
 *     timeout final. Defaults to 1.
 * @param models Gemini model of each operation, by operation id. Defaults: QUICK_SCAN and
 *     CHAT_ADVISOR gemini-3.8-flash, CLINICAL_ANALYSIS gemini-3.1-pro-preview.
 * @param operations Generation settings of each operation, by operation id: thinking-level
 *     (minimal, low, medium or high), or thinking-budget in tokens (-1 lets the model decide, 0
 *     turns thinking off) for models without levels; max-output-tokens (thoughts included); and
 *     media-resolution of the face photo (low, medium or high). An unset key keeps the default:
 *     QUICK_SCAN low, 4096 tokens, medium; CLINICAL_ANALYSIS high, 16384 tokens, high; CHAT_ADVISOR
 *     low, 2048 tokens.
 * @param circuitBreaker Circuit breaker around the Gemini calls: while open, a call fails at once
 *     and its reservation is released.
 * @param rateLimit Abuse guard, checked before any quota is touched.
 * @param cacheTtl How long an analysis is reused for an identical input of the same clinic; 0 turns
 *     the cache off. Defaults to 24 hours.
 * @param cacheMaximumSize How many analyses the cache holds at most; 0 turns it off. Defaults to
 *     10000.
 * @param reservationTtl How long the analyzer's reservations hold; keep it above attempts times
 *     timeouts plus waits. Defaults to the quota service's reservation TTL.
 */
@ConfigurationProperties(QuotaGeminiProperties.PREFIX)
public record QuotaGeminiProperties(
    String apiKey,
    String baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration callTimeout,
    Integer maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryWait,
    Integer timeoutRetries,
    Map<String, String> models,
    Map<String, Operation> operations,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue RateLimit rateLimit,
    Duration cacheTtl,
    Long cacheMaximumSize,
    Duration reservationTtl) {

  /** The prefix of every Gemini property. */
  public static final String PREFIX = QuotaProperties.PREFIX + ".gemini";

  /** Copies the models and the operations. */
  public QuotaGeminiProperties {
    models = models == null ? Map.of() : Map.copyOf(models);
    operations = operations == null ? Map.of() : Map.copyOf(operations);
  }

  /** Shows the settings with the API key redacted. */
  @Override
  public String toString() {
    return "QuotaGeminiProperties{apiKey=" + (apiKey == null ? null : "<redacted>") + ", baseUrl="
        + baseUrl + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", writeTimeout=" + writeTimeout + ", callTimeout=" + callTimeout + ", maxAttempts="
        + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", maxRetryWait=" + maxRetryWait + ", timeoutRetries=" + timeoutRetries + ", models="
        + models + ", operations=" + operations + ", circuitBreaker=" + circuitBreaker
        + ", rateLimit=" + rateLimit
        + ", cacheTtl=" + cacheTtl + ", cacheMaximumSize=" + cacheMaximumSize
        + ", reservationTtl=" + reservationTtl + "}";
  }

  /**
   * The generation settings of one operation under {@code
   * bnaura.quota.gemini.operations.<OPERATION>}; an unset field keeps the operation's default.
   *
   * @param thinkingLevel Thinking level: minimal, low, medium or high.
   * @param thinkingBudget Thinking budget in tokens, for models without thinking levels; -1 lets
   *     the model decide, 0 turns thinking off. Setting both it and thinking-level fails.
   * @param maxOutputTokens Most tokens an answer may take, thoughts included.
   * @param mediaResolution Resolution of the face photo: low, medium or high.
   */
  public record Operation(
      ThinkingLevel thinkingLevel,
      Integer thinkingBudget,
      Integer maxOutputTokens,
      MediaResolution mediaResolution) {}

  /**
   * The circuit breaker under {@code bnaura.quota.gemini.circuit-breaker} (Resilience4j, count
   * based). Outages count as failures: 5xx, timeouts, network failures, 429s and a spent daily
   * quota, each after the client's retries. A bean named {@code geminiCircuitBreaker} replaces it.
   *
   * @param enabled Whether the breaker is on; off, every call goes to Gemini.
   * @param failureRateThreshold Percentage of outages among the recent calls that opens it.
   * @param slidingWindowSize How many recent calls the failure rate is taken over.
   * @param minimumNumberOfCalls How many calls must have been made before it can open.
   * @param waitDurationInOpenState How long it stays open before letting trial calls through.
   * @param permittedNumberOfCallsInHalfOpenState How many trial calls decide whether it closes.
   */
  public record CircuitBreaker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("10") int slidingWindowSize,
      @DefaultValue("5") int minimumNumberOfCalls,
      @DefaultValue("30s") Duration waitDurationInOpenState,
      @DefaultValue("2") int permittedNumberOfCallsInHalfOpenState) {}

  /**
   * The abuse guard under {@code bnaura.quota.gemini.rate-limit}: token buckets per user and per
   * clinic, kept in this application instance.
   *
   * @param enabled Whether requests are rate-limited at all.
   * @param perUser Requests one user may make per per-user-period.
   * @param perUserPeriod Period of per-user.
   * @param perClinic Requests one clinic may make per per-clinic-period.
   * @param perClinicPeriod Period of per-clinic.
   * @param maximumKeys How many users and clinics are tracked at most.
   */
  public record RateLimit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30") long perUser,
      @DefaultValue("1m") Duration perUserPeriod,
      @DefaultValue("300") long perClinic,
      @DefaultValue("1m") Duration perClinicPeriod,
      @DefaultValue("100000") long maximumKeys) {

    /** Validates the limits, naming the property at fault. */
    public RateLimit {
      atLeastOne("per-user", perUser);
      atLeastOne("per-clinic", perClinic);
      atLeastOne("maximum-keys", maximumKeys);
      positive("per-user-period", perUserPeriod);
      positive("per-clinic-period", perClinicPeriod);
    }

    private static void atLeastOne(String name, long value) {
      if (value < 1) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + ".rate-limit." + name,
            value, "must be at least 1");
      }
    }

    private static void positive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + ".rate-limit." + name,
            value, "must be positive");
      }
    }
  }
}
