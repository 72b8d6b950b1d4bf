package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.GenerateResponse;
import com.bnaura.quota.gemini.ModelCallListener;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.gemini.SkinAnalysisRequest.FacialMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code gen_ai.client.operation.duration}: one sample per model call, tagged by the conventions. */
final class GenAiOperationDurationTest {

  private static final String MODEL = "gemini-3.5-flash-lite";

  private final MockWebServer server = new MockWebServer();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private ApplicationContextRunner runner;

  @BeforeEach
  void start() throws Exception {
    server.start();
    // blank values hide the machine's own key variables, which the auto-configuration also reads
    runner = new ApplicationContextRunner()
        .withConfiguration(TestContexts.quota())
        .withPropertyValues("GOOGLE_AI_API_KEY=", "GEMINI_API_KEY=", "GOOGLE_API_KEY=",
            "bnaura.quota.sweeper.enabled=false",
            "bnaura.quota.gemini.api-key=AIzaTestKey-5b0e91c4d7",
            "bnaura.quota.gemini.base-url=" + server.url("/v1beta"),
            "bnaura.quota.gemini.max-attempts=1",
            "bnaura.quota.gemini.models.QUICK_SCAN=" + MODEL);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void successfulCall_recordsOneSampleInSeconds_withTheConventionsTags() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(answer(MODEL + "-001")).build());

    runner.withBean(MeterRegistry.class, () -> meters).run(context -> {
      assertThat(context).hasSingleBean(MicrometerGenAiOperationDuration.class);
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      context.getBean(QuotaEnforcedAnalyzer.class).analyze(scan("req-1")).orElseThrow();

      DistributionSummary duration = meters.get(MicrometerGenAiOperationDuration.NAME)
          .summary();
      assertThat(duration.getId().getTags()).containsExactlyInAnyOrder(
          Tag.of("gen_ai.operation.name", "generate_content"),
          Tag.of("gen_ai.provider.name", "gcp.gemini"),
          Tag.of("gen_ai.request.model", MODEL),
          Tag.of("gen_ai.response.model", MODEL + "-001"),
          Tag.of("error.type", "none"));
      assertThat(duration.getId().getBaseUnit()).isEqualTo("seconds");
      assertThat(duration.count()).isEqualTo(1);
      // a local round trip: well above zero, well below the 81.92 s of the last bucket
      assertThat(duration.totalAmount()).isPositive().isLessThan(10);
      assertThat(duration.takeSnapshot().histogramCounts()).extracting(CountAtBucket::bucket)
          .startsWith(0.01, 0.02, 0.04).endsWith(81.92);
    });
  }

  @Test
  void failedCall_recordsOneSample_withItsErrorType_andNoResponseModel() {
    server.enqueue(new MockResponse.Builder().code(503)
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"code\":503,\"message\":\"Overloaded.\",\"status\":\"UNAVAILABLE\"}}")
        .build());

    runner.withBean(MeterRegistry.class, () -> meters).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      assertThatThrownBy(() -> context.getBean(QuotaEnforcedAnalyzer.class)
          .analyze(scan("req-1"))).isInstanceOf(GeminiException.class);

      DistributionSummary duration = meters.get(MicrometerGenAiOperationDuration.NAME)
          .summary();
      assertThat(duration.getId().getTag("error.type")).isEqualTo("server_error");
      assertThat(duration.getId().getTag("gen_ai.request.model")).isEqualTo(MODEL);
      assertThat(duration.getId().getTag("gen_ai.response.model")).isEqualTo("none");
      assertThat(duration.count()).isEqualTo(1);
      assertThat(meters.get(MicrometerGenAiOperationDuration.NAME).summaries()).hasSize(1);
    });
  }

  @Test
  void errorType_ofAnotherException_isItsClassName() {
    assertThat(MicrometerGenAiOperationDuration.errorType(new IllegalStateException("x")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(MicrometerGenAiOperationDuration.errorType(GeminiException.of(
        GeminiException.Reason.TIMEOUT, MODEL, "slow", null))).isEqualTo("timeout");
  }

  @Test
  void applicationListener_hearsTheCallsBesideTheMetric() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(answer(MODEL)).build());
    List<String> heard = new CopyOnWriteArrayList<>();
    ModelCallListener mine = new ModelCallListener() {
      @Override
      public void callSucceeded(GenerateRequest request, GenerateResponse response,
          Duration duration) {
        heard.add(response.modelVersion());
      }
    };

    runner.withBean(MeterRegistry.class, () -> meters)
        .withBean("myModelCallListener", ModelCallListener.class, () -> mine).run(context -> {
          register(context.getBean(QuotaService.class), "clinic-1", "starter");

          context.getBean(QuotaEnforcedAnalyzer.class).analyze(scan("req-1")).orElseThrow();

          assertThat(heard).containsExactly(MODEL);
          assertThat(meters.get(MicrometerGenAiOperationDuration.NAME).summary().count())
              .isEqualTo(1);
        });
  }

  @Test
  void withoutMeterRegistry_recordsNothing_andTheAnalyzerStillWorks() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(answer(MODEL)).build());

    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerGenAiOperationDuration.class);
      register(context.getBean(QuotaService.class), "clinic-1", "starter");

      context.getBean(QuotaEnforcedAnalyzer.class).analyze(scan("req-1")).orElseThrow();

      assertThat(meters.find(MicrometerGenAiOperationDuration.NAME).summaries()).isEmpty();
    });
  }

  @Test
  void withoutQuotaGemini_metricsStillConfigure_withoutTheDuration() {
    runner.withBean(MeterRegistry.class, () -> meters)
        .withClassLoader(new FilteredClassLoader("com.bnaura.quota.gemini"))
        .run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(QuotaMetricsListener.class)
            .doesNotHaveBean(MicrometerGenAiOperationDuration.class)
            .doesNotHaveBean(QuotaEnforcedAnalyzer.class));
  }

  private static SkinAnalysisRequest scan(String requestId) {
    return SkinAnalysisRequest.builder("clinic-1", requestId).user("sales-7")
        .customer("Somchai Jaidee", 30, "Combination")
        .metrics(new FacialMetrics(0.3, 0.7, List.of(0.2, 0.4), 0.5, 0.6))
        .build();
  }

  private static String answer(String modelVersion) {
    String analysis = """
        {"overallScore": 83, "summary": "Good skin with early volume loss.",
         "skinMetrics": {"texture": 70, "wrinkles": 62, "pores": 55, "volume": 48, "symmetry": 80},
         "recommendations": [
           {"treatment": "Daily SPF 50", "reason": "Prevents photo-ageing", "priority": "medium"}
         ]}""";
    String escaped = analysis.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + escaped
        + "\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":812,"
        + "\"candidatesTokenCount\":240,\"totalTokenCount\":1052},"
        + "\"modelVersion\":\"" + modelVersion + "\"}";
  }
}
