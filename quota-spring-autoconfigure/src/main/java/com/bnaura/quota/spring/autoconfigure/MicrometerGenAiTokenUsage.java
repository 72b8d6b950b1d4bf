package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The OpenTelemetry GenAI metric {@code gen_ai.client.token.usage}: a distribution of the tokens
 * of each committed AI call, tagged as the semantic conventions ask ({@code gen_ai.operation.name}
 * {@code generate_content}, {@code gen_ai.provider.name} {@code gcp.gemini}, {@code
 * gen_ai.token.type} {@code input} or {@code output}, {@code gen_ai.response.model}). Output
 * counts the thinking tokens too, as Gemini bills them. A commit without a model is not an AI call
 * this knows of and is not recorded.
 */
final class MicrometerGenAiTokenUsage implements GenAiTokenUsage {

  /** The meter's name in the OpenTelemetry semantic conventions for generative AI. */
  static final String NAME = "gen_ai.client.token.usage";

  private final Meter.MeterProvider<DistributionSummary> usage;

  MicrometerGenAiTokenUsage(MeterRegistry registry) {
    usage = DistributionSummary.builder(NAME)
        .description("Tokens of each committed AI call, input and output")
        .withRegistry(registry);
  }

  @Override
  public void committed(CommitRequest request, Committed committed) {
    if (request.model() == null || request.model().isBlank()) {
      return;
    }
    record(request.model(), "input", request.promptTokens());
    record(request.model(), "output", request.outputTokens() + request.thoughtTokens());
  }

  private void record(String model, String type, long tokens) {
    usage.withTags("gen_ai.operation.name", "generate_content",
            "gen_ai.provider.name", "gcp.gemini",
            "gen_ai.token.type", type,
            "gen_ai.response.model", model)
        .record(tokens);
  }
}
