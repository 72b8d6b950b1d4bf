/**
 * Gemini with the clinic's quota enforced around every call.
 *
 * <p>{@link com.bnaura.quota.gemini.GeminiClient} is a thin client for the {@code generateContent}
 * REST endpoint on OkHttp and Jackson: the API key only in the {@code x-goog-api-key} header and
 * never logged, the host's {@code OkHttpClient} derived with {@code newBuilder()}, retries with
 * backoff and jitter that honour {@code Retry-After} and {@code RetryInfo}.
 *
 * <p>{@link com.bnaura.quota.gemini.QuotaEnforcedAnalyzer} runs seed 000's skin analysis and chat
 * advisor: abuse guard ({@link com.bnaura.quota.gemini.RateLimiter}), the cache of identical
 * inputs (a hit is recorded as a zero-cost {@code CACHED_ANSWER} line), reserve, call, then commit
 * with the model and token counts or release on any failure; a {@link
 * com.bnaura.quota.gemini.ModelCallListener} hears each model call's start, duration and end.
 * Its answers are {@link com.bnaura.quota.gemini.GeminiResult} values carrying seed 000's {@link
 * com.bnaura.quota.gemini.QuotaInfo}. Each operation has its {@link
 * com.bnaura.quota.gemini.OperationSettings} (thinking level, output limit, media resolution), the
 * analysis is written in the request's language (Thai or English), and a Resilience4j circuit
 * breaker answers at once during an outage, releasing the reservation.
 *
 * <p>{@link com.bnaura.quota.gemini.GenerativeModel} is the one-method port between the analyzer
 * and the model client: {@code GeminiClient} implements it, and a host can plug in the Google Gen
 * AI SDK or Spring AI instead.
 */
package com.bnaura.quota.gemini;
