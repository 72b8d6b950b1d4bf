package com.bnaura.quota.gemini;

import java.util.List;
import java.util.Objects;

/**
 * A skin analysis as Gemini returned it, checked field by field (seed 000's {@code analysis}).
 *
 * <p>Every score is 0 to 100 where higher is better. An answer that misses a field, has a score out
 * of range or a value of the wrong type is never turned into a half-filled analysis: the analyzer
 * fails with {@link GeminiException.Reason#MALFORMED_RESPONSE} and releases the quota.
 *
 * @param overallScore the overall skin score, 0 to 100
 * @param summary a short summary for the clinic's staff
 * @param recommendations the recommended treatments, most important first
 * @param skinMetrics the scores per aspect
 */
public record SkinAnalysis(
    int overallScore,
    String summary,
    List<Recommendation> recommendations,
    SkinMetrics skinMetrics) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a score is outside 0 to 100
   */
  public SkinAnalysis {
    score("overallScore", overallScore);
    Objects.requireNonNull(summary, "summary");
    recommendations = List.copyOf(recommendations);
    Objects.requireNonNull(skinMetrics, "skinMetrics");
  }

  /** How urgent a recommendation is. */
  public enum Priority {
    /** Address first. */
    HIGH,
    /** Worth doing. */
    MEDIUM,
    /** Optional. */
    LOW
  }

  /**
   * One recommended treatment.
   *
   * @param treatment the treatment, such as "hyaluronic acid filler"
   * @param reason why, in terms of the findings
   * @param priority how urgent
   */
  public record Recommendation(String treatment, String reason, Priority priority) {

    /** Validates. */
    public Recommendation {
      Objects.requireNonNull(treatment, "treatment");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(priority, "priority");
    }
  }

  /**
   * The scores per aspect, each 0 to 100 where higher is better.
   *
   * @param texture skin texture
   * @param wrinkles absence of wrinkles
   * @param pores pore size (higher is finer)
   * @param volume facial volume (higher is less loss)
   * @param symmetry facial symmetry
   */
  public record SkinMetrics(int texture, int wrinkles, int pores, int volume, int symmetry) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a score is outside 0 to 100
     */
    public SkinMetrics {
      score("texture", texture);
      score("wrinkles", wrinkles);
      score("pores", pores);
      score("volume", volume);
      score("symmetry", symmetry);
    }
  }

  private static void score(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " must be 0 to 100, was " + value);
    }
  }
}
