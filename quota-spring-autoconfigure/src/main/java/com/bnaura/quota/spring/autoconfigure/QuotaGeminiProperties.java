package com.bnaura.quota.spring.autoconfigure;

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
 * bnaura.quota.gemini.rate-limit.per-user=20
 * </pre>
 *
 * <p>A setting left unset keeps the default of {@code GeminiClient.Builder} or {@code
 * QuotaEnforcedAnalyzer.Builder}, named below. Timeouts of zero mean none.
 *
 * @param apiKey Gemini API key. Sent only in the x-goog-api-key header and never logged. Blank
 *     means unset, so "${GOOGLE_AI_API_KEY:}" turns Gemini on only where the variable exists.
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
 * @param models Gemini model of each operation, by operation id. Defaults: QUICK_SCAN and
 *     CHAT_ADVISOR gemini-3.8-flash, CLINICAL_ANALYSIS gemini-3.1-pro-preview.
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
    Map<String, String> models,
    @DefaultValue RateLimit rateLimit,
    Duration cacheTtl,
    Long cacheMaximumSize,
    Duration reservationTtl) {

  /** The prefix of every Gemini property. */
  public static final String PREFIX = QuotaProperties.PREFIX + ".gemini";

  /** Copies the models. */
  public QuotaGeminiProperties {
    models = models == null ? Map.of() : Map.copyOf(models);
  }

  /** Shows the settings with the API key redacted. */
  @Override
  public String toString() {
    return "QuotaGeminiProperties{apiKey=" + (apiKey == null ? null : "<redacted>") + ", baseUrl="
        + baseUrl + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", writeTimeout=" + writeTimeout + ", callTimeout=" + callTimeout + ", maxAttempts="
        + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", maxRetryWait=" + maxRetryWait + ", models=" + models + ", rateLimit=" + rateLimit
        + ", cacheTtl=" + cacheTtl + ", cacheMaximumSize=" + cacheMaximumSize
        + ", reservationTtl=" + reservationTtl + "}";
  }

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
