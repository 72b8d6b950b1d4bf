package com.bnaura.quota.gemini;

import java.time.Duration;

/**
 * Hears each call {@link QuotaEnforcedAnalyzer} makes to its {@link GenerativeModel}: when it
 * starts, and how long it took and how it ended. A host times the calls with it (the Spring Boot
 * auto-configuration records them as the OpenTelemetry GenAI metric {@code
 * gen_ai.client.operation.duration} when there is a Micrometer {@code MeterRegistry}) or traces
 * them.
 *
 * <pre>{@code
 * QuotaEnforcedAnalyzer analyzer = QuotaEnforcedAnalyzer.builder()
 *     .gemini(gemini)
 *     .quotas(quotas)
 *     .listener(new ModelCallListener() {
 *       public void callFailed(GenerateRequest request, Exception failure, Duration duration) {
 *         log.info("{} failed after {} ms", request.model(), duration.toMillis());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>One call is one {@link GenerativeModel#generateContent} call, the client's own retries
 * included. {@link #callStart} is followed by exactly one of {@link #callSucceeded} and {@link
 * #callFailed}, on the same thread. A call the circuit breaker refuses is never made and is not
 * heard; neither is an answer served from the analyzer's cache. An answer that is not the JSON the
 * analysis asked for is a call that succeeded: the model answered.
 *
 * <p>Every method has a no-op default. Implementations must be fast and must not block: they run on
 * the caller's thread, inside its reservation. An exception a listener throws is logged at WARN
 * and swallowed; it never fails the call.
 */
public interface ModelCallListener {

  /** A listener that does nothing. */
  ModelCallListener NONE = new ModelCallListener() {};

  /** The analyzer is about to call the model with {@code request}. */
  default void callStart(GenerateRequest request) {}

  /**
   * The model answered {@code request} with {@code response}.
   *
   * @param duration from the call's start to its answer, measured on the monotonic clock
   */
  default void callSucceeded(GenerateRequest request, GenerateResponse response,
      Duration duration) {}

  /**
   * The call of {@code request} failed for good with {@code failure}: a {@link GeminiException}
   * (its {@link GeminiException#reason()} says why), or a runtime exception of the model client.
   *
   * @param duration from the call's start to the failure, measured on the monotonic clock
   */
  default void callFailed(GenerateRequest request, Exception failure, Duration duration) {}
}
