package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import tools.jackson.databind.JsonNode;

/** Reads the token counts a commit records from a response's {@code usageMetadata}. */
public final class UsageExtractor {

  private UsageExtractor() {}

  /**
   * The counts of {@code usageMetadata} ({@code promptTokenCount}, {@code candidatesTokenCount},
   * {@code thoughtsTokenCount}, {@code totalTokenCount}); a missing count is 0, and a missing
   * total is the sum of the others.
   */
  public static TokenUsage from(JsonNode usageMetadata) {
    if (usageMetadata == null || !usageMetadata.isObject()) {
      return TokenUsage.NONE;
    }
    long prompt = count(usageMetadata, "promptTokenCount");
    long candidates = count(usageMetadata, "candidatesTokenCount");
    long thoughts = count(usageMetadata, "thoughtsTokenCount");
    long total = usageMetadata.has("totalTokenCount")
        ? count(usageMetadata, "totalTokenCount") : prompt + candidates + thoughts;
    return new TokenUsage(prompt, candidates, thoughts, total);
  }

  private static long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToLong() || value.asLong() < 0) {
      throw new MalformedAnswerException("usageMetadata." + field
          + " must be a non-negative integer");
    }
    return value.asLong();
  }
}
