package com.bnaura.quota.gemini;

/**
 * A generative model that answers one {@code generateContent} request: the port between {@link
 * QuotaEnforcedAnalyzer} and the client that calls the model.
 *
 * <p>{@link GeminiClient} (OkHttp, the REST API) is the default implementation. A host that already
 * uses the official Google Gen AI SDK or Spring AI implements this one method over it and passes it
 * to {@link QuotaEnforcedAnalyzer.Builder#gemini(GenerativeModel)}; the analyzer's guard, cache,
 * reservation, circuit breaker, commit and release stay the same.
 *
 * <pre>{@code
 * GenerativeModel viaSdk = request -> {
 *   try {
 *     var answer = genai.models.generateContent(request.model(), toContents(request),
 *         toConfig(request));
 *     return new GenerateResponse(answer.text(), answer.modelVersion().orElse(request.model()),
 *         "STOP", tokens(answer.usageMetadata()), answer.responseId(), 1);
 *   } catch (RuntimeException e) {
 *     throw GeminiException.of(GeminiException.Reason.SERVER_ERROR, request.model(),
 *         "the Gen AI SDK failed: " + e.getClass().getSimpleName(), e);
 *   }
 * };
 * }</pre>
 *
 * <p>An implementation must be thread-safe, must honour the request's settings (thinking,
 * output limit, media resolution, response schema) as far as its client can, must report the
 * model that answered and the token counts (they land in the ledger), and must signal every failure
 * as a {@link GeminiException} whose reason says whether it was an outage (see {@link
 * GeminiException#isOutage()}): the circuit breaker counts those. Retries are its own business.
 */
@FunctionalInterface
public interface GenerativeModel {

  /**
   * Answers {@code request}.
   *
   * @throws GeminiException if the call failed for good
   */
  GenerateResponse generateContent(GenerateRequest request) throws GeminiException;
}
