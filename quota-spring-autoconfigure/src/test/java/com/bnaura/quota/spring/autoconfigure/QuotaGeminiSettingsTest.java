package com.bnaura.quota.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.GenerateResponse;
import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import com.bnaura.quota.gemini.GenerativeModel;
import com.bnaura.quota.gemini.MediaResolution;
import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.ThinkingLevel;
import com.bnaura.quota.model.OperationId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The properties of the current Gemini adapter: the key's sources, the operations' generation
 * settings, the circuit breaker, and a host's own {@link GenerativeModel}.
 */
final class QuotaGeminiSettingsTest {

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

  /** The key the auto-configured client sends, with {@code properties} set. */
  private String sentKey(String... properties) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]},"
            + "\"finishReason\":\"STOP\"}]}").build());
    runner.withPropertyValues(properties)
        .withPropertyValues("bnaura.quota.gemini.base-url=" + server.url("/v1beta"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          context.getBean(GeminiClient.class).generateContent(
              GenerateRequest.builder("gemini-3.8-flash").text("Hello").build());
        });
    return server.takeRequest(1, TimeUnit.SECONDS).getHeaders()
        .get(GeminiClient.API_KEY_HEADER);
  }

  @Test
  void geminiApiKeyVariable_turnsGeminiOn() throws Exception {
    assertThat(sentKey("GEMINI_API_KEY=key-gemini")).isEqualTo("key-gemini");
  }

  @Test
  void googleApiKeyVariable_isTheLastResort() throws Exception {
    assertThat(sentKey("GOOGLE_API_KEY=key-google")).isEqualTo("key-google");
    assertThat(sentKey("GEMINI_API_KEY=key-gemini", "GOOGLE_API_KEY=key-google"))
        .isEqualTo("key-gemini");
  }

  @Test
  void projectVariable_winsOverTheOthers_andTheProperty_winsOverAll() throws Exception {
    assertThat(sentKey("GOOGLE_AI_API_KEY=key-ours", "GEMINI_API_KEY=key-gemini",
        "GOOGLE_API_KEY=key-google")).isEqualTo("key-ours");
    assertThat(sentKey("bnaura.quota.gemini.api-key=key-property", "GOOGLE_AI_API_KEY=key-ours",
        "GEMINI_API_KEY=key-gemini")).isEqualTo("key-property");
  }

  @Test
  void badKeyFromAVariable_failsNamingTheVariable_notTheKey() {
    runner.withPropertyValues("GEMINI_API_KEY=two words").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageStartingWith("GEMINI_API_KEY: ").hasMessageNotContaining("two words");
    });
  }

  @Test
  void operations_fromProperties_replaceTheDefaultsFieldByField() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.operations.QUICK_SCAN.thinking-level=minimal",
        "bnaura.quota.gemini.operations.QUICK_SCAN.media-resolution=low",
        "bnaura.quota.gemini.operations.clinical-analysis.thinking-budget=8192",
        "bnaura.quota.gemini.operations.clinical-analysis.max-output-tokens=24000")
        .run(context -> {
          QuotaEnforcedAnalyzer analyzer = context.getBean(QuotaEnforcedAnalyzer.class);

          assertThat(analyzer.settings(OperationId.QUICK_SCAN)).isEqualTo(new OperationSettings(
              ThinkingLevel.MINIMAL, null, 4096, MediaResolution.LOW));
          assertThat(analyzer.settings(OperationId.CLINICAL_ANALYSIS)).isEqualTo(
              new OperationSettings(null, 8192, 24000, MediaResolution.HIGH));
          assertThat(analyzer.settings(OperationId.CHAT_ADVISOR))
              .isEqualTo(OperationSettings.defaults(OperationId.CHAT_ADVISOR));
        });
  }

  @Test
  void thinkingLevelAndBudgetTogether_failNamingTheBudget() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.operations.QUICK_SCAN.thinking-level=low",
        "bnaura.quota.gemini.operations.QUICK_SCAN.thinking-budget=100").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining(
                  "bnaura.quota.gemini.operations.QUICK_SCAN.thinking-budget")
              .hasMessageContaining("cannot be set together with thinking-level LOW");
        });
  }

  @Test
  void badOutputLimit_andUnknownOperation_failNamingTheProperty() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.operations.QUICK_SCAN.max-output-tokens=0").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("bnaura.quota.gemini.operations.QUICK_SCAN.max-output-tokens")
            .hasMessageContaining("must be at least 1"));
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.operations.FACE_SWAP.thinking-level=low").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("bnaura.quota.gemini.operations.FACE_SWAP")
            .hasMessageContaining("the catalog has no operation 'FACE_SWAP'"));
  }

  @Test
  void circuitBreaker_fromProperties() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.circuit-breaker.wait-duration-in-open-state=2m",
        "bnaura.quota.gemini.circuit-breaker.minimum-number-of-calls=3",
        "bnaura.quota.gemini.timeout-retries=0").run(context -> {
          CircuitBreaker breaker = context.getBean(QuotaEnforcedAnalyzer.class).circuitBreaker();
          CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();

          assertThat(breaker.getName()).isEqualTo("gemini");
          assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
          assertThat(config.getWaitIntervalFunctionInOpenState().apply(1))
              .isEqualTo(Duration.ofMinutes(2).toMillis());
          assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
          assertThat(config.getSlidingWindowSize()).isEqualTo(10);
        });
  }

  @Test
  void circuitBreakerOff_isDisabled() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.circuit-breaker.enabled=false").run(context ->
        assertThat(context.getBean(QuotaEnforcedAnalyzer.class).circuitBreaker().getState())
            .isEqualTo(CircuitBreaker.State.DISABLED));
  }

  @Test
  void badFailureRate_failsNamingTheProperty() {
    runner.withPropertyValues("GEMINI_API_KEY=key-gemini",
        "bnaura.quota.gemini.circuit-breaker.failure-rate-threshold=0").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("bnaura.quota.gemini.circuit-breaker.failure-rate-threshold"));
  }

  @Test
  void hostCircuitBreakerBean_isUsed() {
    CircuitBreaker mine = CircuitBreaker.ofDefaults("host-gemini");
    runner.withBean(QuotaGeminiAutoConfiguration.CIRCUIT_BREAKER_BEAN, CircuitBreaker.class,
        () -> mine).withPropertyValues("GEMINI_API_KEY=key-gemini").run(context ->
        assertThat(context.getBean(QuotaEnforcedAnalyzer.class).circuitBreaker()).isSameAs(mine));
  }

  @Test
  void hostGenerativeModel_withoutAnyKey_backsTheAnalyzer_andNoGeminiClientIsMade() {
    List<GenerateRequest> seen = new ArrayList<>();
    GenerativeModel mine = request -> {
      seen.add(request);
      return new GenerateResponse("Use sunscreen.", "spring-ai-model", "STOP", TokenUsage.NONE,
          Optional.empty(), 1);
    };
    runner.withBean(GenerativeModel.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(GeminiClient.class)
          .hasSingleBean(QuotaEnforcedAnalyzer.class);
      TestContexts.register(context.getBean(com.bnaura.quota.QuotaService.class), "clinic-1",
          "starter");

      String answer = context.getBean(QuotaEnforcedAnalyzer.class).advise(
          com.bnaura.quota.gemini.AdvisorRequest.builder("clinic-1", "req-1").user("sales-7")
              .question("First step?").build()).orElseThrow().value();

      assertThat(answer).isEqualTo("Use sunscreen.");
      assertThat(seen).singleElement().satisfies(r -> assertThat(r.settings().thinkingLevel())
          .isEqualTo(ThinkingLevel.LOW));
    });
  }
}
