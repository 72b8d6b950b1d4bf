package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.gemini.GeminiResult;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.RateLimiter;
import com.bnaura.quota.gemini.SkinAnalysis;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.gemini.SkinAnalysisRequest.FacialMetrics;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
final class QuotaGeminiAutoConfigurationTest {

  private static final String KEY = "AIzaTestKey-5b0e91c4d7";

  private final MockWebServer server = new MockWebServer();

  // blank values hide the machine's own key variables, which the auto-configuration also reads
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withPropertyValues("GOOGLE_AI_API_KEY=", "GEMINI_API_KEY=", "GOOGLE_API_KEY=");

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void withoutApiKey_configuresNoGemini() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(GeminiClient.class).doesNotHaveBean(QuotaEnforcedAnalyzer.class)
        .doesNotHaveBean(RateLimiter.class));
  }

  @Test
  void blankApiKey_countsAsUnset() {
    runner.withPropertyValues("bnaura.quota.gemini.api-key= ")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GeminiClient.class));
  }

  @Test
  void apiKey_configuresClientAnalyzerAndRateLimiter_andIsNeverLogged(CapturedOutput output) {
    runner.withPropertyValues("bnaura.quota.gemini.api-key=" + KEY,
        "bnaura.quota.gemini.models.QUICK_SCAN=gemini-3.5-flash-lite",
        "bnaura.quota.gemini.models.clinical-analysis=gemini-4-argon").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(GeminiClient.class)
              .hasSingleBean(QuotaEnforcedAnalyzer.class).hasSingleBean(RateLimiter.class);
          QuotaEnforcedAnalyzer analyzer = context.getBean(QuotaEnforcedAnalyzer.class);

          assertThat(analyzer.model(OperationId.QUICK_SCAN)).contains("gemini-3.5-flash-lite");
          assertThat(analyzer.model(OperationId.CLINICAL_ANALYSIS)).contains("gemini-4-argon");
          assertThat(analyzer.model(OperationId.CHAT_ADVISOR)).contains("gemini-3.8-flash");
          assertThat(context.getBean(GeminiClient.class).toString()).doesNotContain(KEY);
          assertThat(context.getBean(QuotaGeminiProperties.class).toString())
              .doesNotContain(KEY).contains("<redacted>");
        });
    assertThat(output).doesNotContain(KEY);
  }

  @Test
  void analyzer_callsTheConfiguredModelWithTheKey_andChargesThePropertyRate(
      CapturedOutput output) throws Exception {
    AtomicInteger intercepted = new AtomicInteger();
    OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(chain -> {
      intercepted.incrementAndGet();
      return chain.proceed(chain.request());
    }).build();
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(answer()).build());

    runner.withBean(OkHttpClient.class, () -> shared)
        .withPropertyValues("bnaura.quota.gemini.api-key=" + KEY,
            "bnaura.quota.gemini.base-url=" + server.url("/v1beta"),
            "bnaura.quota.gemini.max-attempts=1",
            "bnaura.quota.gemini.models.QUICK_SCAN=gemini-3.5-flash-lite",
            "bnaura.quota.operations.QUICK_SCAN.rate=0.5")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          GeminiResult<SkinAnalysis> result = context.getBean(QuotaEnforcedAnalyzer.class)
              .analyze(SkinAnalysisRequest.builder("clinic-1", "req-1").user("sales-7")
                  .customer("Somchai Jaidee", 30, "Combination")
                  .metrics(new FacialMetrics(0.3, 0.7, List.of(0.2, 0.4), 0.5, 0.6))
                  .build());

          GeminiResult.Success<SkinAnalysis> ok = result.orElseThrow();
          assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.5"));
          assertThat(quotas.balance("clinic-1").monthlyRemaining())
              .isEqualTo(Units.parse("99.5"));
        });

    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/gemini-3.5-flash-lite:generateContent");
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
    assertThat(request.getUrl().toString()).doesNotContain(KEY);
    assertThat(intercepted).hasValue(1);
    assertThat(output).doesNotContain(KEY);
  }

  @Test
  void rateLimitOff_usesNoLimiter() {
    runner.withPropertyValues("bnaura.quota.gemini.api-key=" + KEY,
        "bnaura.quota.gemini.rate-limit.enabled=false")
        .run(context -> assertThat(context.getBean(RateLimiter.class)).isSameAs(RateLimiter.NONE));
  }

  @Test
  void rateLimit_fromProperties_refusesTheSecondRequest() {
    runner.withPropertyValues("bnaura.quota.gemini.api-key=" + KEY,
        "bnaura.quota.gemini.rate-limit.per-user=1",
        "bnaura.quota.gemini.rate-limit.per-user-period=1h").run(context -> {
          RateLimiter limiter = context.getBean(RateLimiter.class);

          assertThat(limiter.tryAcquire("clinic-1", "sales-7").permitted()).isTrue();
          assertThat(limiter.tryAcquire("clinic-1", "sales-7").permitted()).isFalse();
          assertThat(limiter.tryAcquire("clinic-1", "sales-8").permitted()).isTrue();
        });
  }

  @Test
  void userBeans_backOff() {
    GeminiClient mine = GeminiClient.builder().apiKey("mine-123").build();
    runner.withBean(GeminiClient.class, () -> mine)
        .withBean(RateLimiter.class, () -> RateLimiter.NONE)
        .withPropertyValues("bnaura.quota.gemini.api-key=" + KEY).run(context -> {
          assertThat(context).hasSingleBean(GeminiClient.class).hasSingleBean(RateLimiter.class);
          assertThat(context.getBean(GeminiClient.class)).isSameAs(mine);
          assertThat(context.getBean(RateLimiter.class)).isSameAs(RateLimiter.NONE);
        });
  }

  private static String answer() {
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
        + "\"modelVersion\":\"gemini-3.5-flash-lite\"}";
  }
}
