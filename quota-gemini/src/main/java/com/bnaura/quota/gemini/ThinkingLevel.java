package com.bnaura.quota.gemini;

/**
 * How much a Gemini 3 model thinks before it answers: {@code
 * generationConfig.thinkingConfig.thinkingLevel}. A lower level answers sooner and spends fewer
 * thought tokens, which count as output tokens (and against {@code maxOutputTokens}).
 *
 * <p>Pro models take {@link #LOW} and {@link #HIGH}; Flash models take all four. Older models
 * that only know a token budget take {@link OperationSettings#withThinkingBudget(int)} instead: a
 * request carries one or the other, never both (the API refuses both with HTTP 400).
 */
public enum ThinkingLevel {
  /** Almost no thinking; Flash models only. */
  MINIMAL,
  /** Little thinking: the fastest answers, for simple tasks such as a quick scan. */
  LOW,
  /** Balanced thinking; Flash models only. */
  MEDIUM,
  /** The deepest reasoning; the models' default. */
  HIGH
}
