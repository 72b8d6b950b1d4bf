package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.GenerateResponse;
import com.bnaura.quota.gemini.ModelCallListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The OpenTelemetry GenAI metric {@code gen_ai.client.operation.duration}: a histogram, in
 * seconds, of each call the quota-enforced analyzer makes to its model, the client's retries
 * included, with the buckets the semantic conventions name (10 ms doubling up to 81.92 s).
 *
 * <table>
 *   <caption>Tags</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code gen_ai.operation.name}</td><td>{@code generate_content}</td></tr>
 *   <tr><td>{@code gen_ai.provider.name}</td><td>{@code gcp.gemini}</td></tr>
 *   <tr><td>{@code gen_ai.request.model}</td><td>the model asked for</td></tr>
 *   <tr><td>{@code gen_ai.response.model}</td><td>the model that answered; {@code none} when the
 *       call failed</td></tr>
 *   <tr><td>{@code error.type}</td><td>why the call failed: the {@link GeminiException.Reason}
 *       in lower case ({@code timeout}, {@code network}, {@code rate_limited}, {@code
 *       daily_quota_exhausted}, {@code server_error}, {@code client_error}, {@code blocked},
 *       {@code malformed_response}, {@code interrupted}), or the class name of another exception
 *       of the model client; {@code none} when it succeeded</td></tr>
 * </table>
 *
 * <p>Every sample carries the same five keys, with Micrometer's {@code none} where the
 * conventions leave a key out: Prometheus refuses meters of one name with different keys. No
 * clinic, user or customer is ever a tag. The tokens of the same calls are {@code
 * gen_ai.client.token.usage} ({@link MicrometerGenAiTokenUsage}).
 */
final class MicrometerGenAiOperationDuration implements ModelCallListener {

  /** The meter's name in the OpenTelemetry semantic conventions for generative AI. */
  static final String NAME = "gen_ai.client.operation.duration";

  /** The value of a key the conventions leave out, as Micrometer writes it. */
  static final String NONE = "none";

  private static final double[] BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
      5.12, 10.24, 20.48, 40.96, 81.92};

  private final Meter.MeterProvider<DistributionSummary> durations;

  MicrometerGenAiOperationDuration(MeterRegistry registry) {
    durations = DistributionSummary.builder(NAME)
        .description("Duration of each call to the generative model, retries included")
        .baseUnit("seconds")
        .serviceLevelObjectives(BUCKETS)
        .withRegistry(registry);
  }

  @Override
  public void callSucceeded(GenerateRequest request, GenerateResponse response,
      Duration duration) {
    record(request.model(), response.modelVersion(), NONE, duration);
  }

  @Override
  public void callFailed(GenerateRequest request, Exception failure, Duration duration) {
    record(request.model(), NONE, errorType(failure), duration);
  }

  /** The {@code error.type} of {@code failure}: a reason of the client, or the exception's class. */
  static String errorType(Exception failure) {
    if (failure instanceof GeminiException e) {
      return e.reason().name().toLowerCase(Locale.ROOT);
    }
    return failure.getClass().getName();
  }

  private void record(String requestModel, String responseModel, String errorType,
      Duration duration) {
    durations.withTags("gen_ai.operation.name", "generate_content",
            "gen_ai.provider.name", "gcp.gemini",
            "gen_ai.request.model", requestModel,
            "gen_ai.response.model", responseModel,
            "error.type", errorType)
        .record(duration.toNanos() / 1e9);
  }
}
