package com.bnaura.quota.gemini;

import com.bnaura.quota.model.OperationId;
import java.util.Objects;

/**
 * The generation settings of one operation: how much the model thinks, how many tokens it may
 * write, and at what resolution it looks at the face photo. An unset field leaves the model's own
 * default in force and is not sent.
 *
 * <pre>{@code
 * OperationSettings quick = OperationSettings.NONE
 *     .withThinkingLevel(ThinkingLevel.LOW)
 *     .withMaxOutputTokens(4096)
 *     .withMediaResolution(MediaResolution.MEDIUM);
 * }</pre>
 *
 * <p>Thought tokens count against {@code maxOutputTokens}: a limit too low for the thinking level
 * ends the answer early ({@code finishReason MAX_TOKENS}), and a cut-off analysis is refused as
 * {@code MALFORMED_RESPONSE} and released. The defaults of {@link #defaults(OperationId)} leave
 * room for that.
 *
 * @param thinkingLevel the thinking level ({@code thinkingConfig.thinkingLevel}), or {@code null}
 * @param thinkingBudget the thinking budget in tokens ({@code thinkingConfig.thinkingBudget}: -1
 *     lets the model decide, 0 turns thinking off where the model allows it), or {@code null}; for
 *     models without thinking levels
 * @param maxOutputTokens the most tokens the answer may take, thoughts included, or {@code null}
 * @param mediaResolution the resolution of images ({@code mediaResolution}), or {@code null}; sent
 *     only with an image
 */
public record OperationSettings(
    ThinkingLevel thinkingLevel,
    Integer thinkingBudget,
    Integer maxOutputTokens,
    MediaResolution mediaResolution) {

  /** No setting: every field is left to the model. */
  public static final OperationSettings NONE = new OperationSettings(null, null, null, null);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if both a thinking level and a budget are set, the budget is
   *     below -1, or {@code maxOutputTokens} is below 1; the message names the field
   */
  public OperationSettings {
    if (thinkingLevel != null && thinkingBudget != null) {
      throw new IllegalArgumentException("thinkingLevel " + thinkingLevel + " and thinkingBudget "
          + thinkingBudget + " cannot both be set: Gemini takes one or the other");
    }
    if (thinkingBudget != null && thinkingBudget < -1) {
      throw new IllegalArgumentException("thinkingBudget must be -1 (dynamic), 0 (off) or "
          + "positive, was " + thinkingBudget);
    }
    if (maxOutputTokens != null && maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be at least 1, was "
          + maxOutputTokens);
    }
  }

  /**
   * The settings an operation has unless configured otherwise: a quick scan thinks little ({@code
   * LOW}, 4,096 output tokens, images at {@code MEDIUM}); a clinical analysis thinks deeply ({@code
   * HIGH}, 16,384 tokens, images at {@code HIGH}); the chat advisor thinks little ({@code LOW},
   * 2,048 tokens). Any other operation starts from {@link #NONE}.
   */
  public static OperationSettings defaults(OperationId operation) {
    Objects.requireNonNull(operation, "operation");
    if (OperationId.QUICK_SCAN.equals(operation)) {
      return new OperationSettings(ThinkingLevel.LOW, null, 4_096, MediaResolution.MEDIUM);
    }
    if (OperationId.CLINICAL_ANALYSIS.equals(operation)) {
      return new OperationSettings(ThinkingLevel.HIGH, null, 16_384, MediaResolution.HIGH);
    }
    if (OperationId.CHAT_ADVISOR.equals(operation)) {
      return new OperationSettings(ThinkingLevel.LOW, null, 2_048, null);
    }
    return NONE;
  }

  /** A copy with {@code level} as thinking level and no thinking budget. */
  public OperationSettings withThinkingLevel(ThinkingLevel level) {
    Objects.requireNonNull(level, "thinkingLevel");
    return new OperationSettings(level, null, maxOutputTokens, mediaResolution);
  }

  /** A copy with {@code budget} as thinking budget and no thinking level. */
  public OperationSettings withThinkingBudget(int budget) {
    return new OperationSettings(null, budget, maxOutputTokens, mediaResolution);
  }

  /** A copy with {@code tokens} as the output limit. */
  public OperationSettings withMaxOutputTokens(int tokens) {
    return new OperationSettings(thinkingLevel, thinkingBudget, tokens, mediaResolution);
  }

  /** A copy with {@code resolution} for images. */
  public OperationSettings withMediaResolution(MediaResolution resolution) {
    Objects.requireNonNull(resolution, "mediaResolution");
    return new OperationSettings(thinkingLevel, thinkingBudget, maxOutputTokens, resolution);
  }
}
