package com.bnaura.quota.gemini.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where an API key is looked up in the environment, and in which order: the first of {@link
 * #VARIABLES} that is set and not blank wins.
 */
public final class ApiKeys {

  /**
   * The environment variables, most specific first: {@code GOOGLE_AI_API_KEY} (this project's),
   * {@code GEMINI_API_KEY} (Google AI Studio's name), then {@code GOOGLE_API_KEY}, which hosts also
   * use for other Google APIs and which therefore comes last.
   */
  public static final List<String> VARIABLES =
      List.of("GOOGLE_AI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY");

  private ApiKeys() {}

  /**
   * A key found in the environment.
   *
   * @param variable the variable it came from
   * @param key the key, stripped
   */
  public record Found(String variable, String key) {

    /** Names the variable; the key is redacted. */
    @Override
    public String toString() {
      return "Found{variable=" + variable + ", key=" + Redaction.REDACTED + "}";
    }
  }

  /** The first key of {@link #VARIABLES} that {@code environment} has, if any. */
  public static Optional<Found> find(UnaryOperator<String> environment) {
    for (String variable : VARIABLES) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        return Optional.of(new Found(variable, value.strip()));
      }
    }
    return Optional.empty();
  }
}
