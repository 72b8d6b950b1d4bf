package com.bnaura.quota.gemini;

import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import java.util.Objects;

/**
 * The outcome of a quota-enforced AI call: {@link Success} with the answer, the model and the
 * {@link QuotaInfo}, or {@link Declined} with the {@link Refused} value of the quota engine or the
 * abuse guard (no request reached Gemini then, nothing was charged).
 *
 * <pre>{@code
 * GeminiResult<SkinAnalysis> result = analyzer.analyze(request);
 * if (result instanceof GeminiResult.Declined<SkinAnalysis> no) {
 *   return ResponseEntity.status(no.refused().code().httpStatus()).body(no.refused());
 * }
 * GeminiResult.Success<SkinAnalysis> ok = result.orElseThrow();
 * }</pre>
 *
 * @param <T> the type of the answer
 */
public sealed interface GeminiResult<T> permits GeminiResult.Success, GeminiResult.Declined {

  /**
   * Returns the success, or throws the refusal.
   *
   * @throws GeminiQuotaException carrying the {@link Refused} value if declined
   */
  Success<T> orElseThrow() throws GeminiQuotaException;

  /**
   * The AI call was made (or answered from the cache) and charged.
   *
   * @param value the answer
   * @param modelUsed the model that answered
   * @param quotaInfo what the call did to the quota
   * @param usage the tokens Gemini reported ({@link TokenUsage#NONE} when served from the cache)
   * @param fromCache whether an identical input answered within the cache window was returned
   *     without calling Gemini
   * @param <T> the type of the answer
   */
  record Success<T>(T value, String modelUsed, QuotaInfo quotaInfo, TokenUsage usage,
      boolean fromCache) implements GeminiResult<T> {

    /** Validates. */
    public Success {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(modelUsed, "modelUsed");
      Objects.requireNonNull(quotaInfo, "quotaInfo");
      Objects.requireNonNull(usage, "usage");
    }

    /** Returns this. */
    @Override
    public Success<T> orElseThrow() {
      return this;
    }
  }

  /**
   * The call was refused before any request was sent: {@code QUOTA_EXCEEDED} with its top-up
   * suggestion, {@code RATE_LIMITED} with the wait, {@code INVALID_ARGUMENT} naming the field, and
   * the other codes of the quota engine.
   *
   * @param refused the refusal
   * @param <T> the type the answer would have had
   */
  record Declined<T>(Refused refused) implements GeminiResult<T> {

    /** Validates. */
    public Declined {
      Objects.requireNonNull(refused, "refused");
    }

    /**
     * Throws the refusal.
     *
     * @throws GeminiQuotaException always
     */
    @Override
    public Success<T> orElseThrow() throws GeminiQuotaException {
      throw GeminiQuotaException.of(refused);
    }
  }
}
