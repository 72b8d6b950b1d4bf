package com.bnaura.quota.gemini;

/**
 * How many tokens Gemini spends on each image of a request: {@code
 * generationConfig.mediaResolution}. A higher resolution sees finer detail (pores, fine lines) and
 * costs more input tokens and time.
 */
public enum MediaResolution {
  /** The fewest tokens per image. */
  LOW,
  /** A middle setting. */
  MEDIUM,
  /** The most tokens per image: fine detail. */
  HIGH;

  /** The value the REST API takes, such as {@code MEDIA_RESOLUTION_HIGH}. */
  public String apiValue() {
    return "MEDIA_RESOLUTION_" + name();
  }
}
