package com.bnaura.quota.gemini;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one {@code generateContent} call: the text of the first candidate, the model that
 * answered, and the token counts of {@code usageMetadata}.
 *
 * @param text the text of the first candidate (thought parts left out)
 * @param modelVersion the model that answered ({@code modelVersion}), or the requested model when
 *     the answer does not say
 * @param finishReason why generation stopped, such as {@code STOP}; {@code UNSPECIFIED} if absent
 * @param usage the token counts
 * @param responseId Gemini's id of the response, if it sent one
 * @param attempts how many HTTP requests the call took (retries included)
 */
public record GenerateResponse(
    String text,
    String modelVersion,
    String finishReason,
    TokenUsage usage,
    Optional<String> responseId,
    int attempts) {

  /** Validates. */
  public GenerateResponse {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(responseId, "responseId");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }

  /** Names the model, the finish reason, the tokens and the attempts, never the text. */
  @Override
  public String toString() {
    return "GenerateResponse{model=" + modelVersion + ", finishReason=" + finishReason + ", "
        + usage + ", attempts=" + attempts + ", text=" + text.length() + " chars}";
  }

  /**
   * The token counts of a response ({@code usageMetadata}); what a commit records.
   *
   * @param promptTokens {@code promptTokenCount}
   * @param candidatesTokens {@code candidatesTokenCount}
   * @param thoughtsTokens {@code thoughtsTokenCount} (thinking models)
   * @param totalTokens {@code totalTokenCount}
   */
  public record TokenUsage(long promptTokens, long candidatesTokens, long thoughtsTokens,
      long totalTokens) {

    /** No tokens at all. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    /** Validates. */
    public TokenUsage {
      if (promptTokens < 0 || candidatesTokens < 0 || thoughtsTokens < 0 || totalTokens < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
    }
  }
}
