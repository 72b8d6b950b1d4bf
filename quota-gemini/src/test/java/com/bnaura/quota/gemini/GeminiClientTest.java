package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.API_KEY;
import static com.bnaura.quota.gemini.Fixtures.answer;
import static com.bnaura.quota.gemini.Fixtures.error;
import static com.bnaura.quota.gemini.Fixtures.ok;
import static com.bnaura.quota.gemini.Fixtures.quotaFailure;
import static com.bnaura.quota.gemini.Fixtures.retryInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.gemini.GeminiException.Reason;
import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class GeminiClientTest {
  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private GeminiClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client = Fixtures.client(server, sleeper).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static GenerateRequest hello() {
    return GenerateRequest.builder("gemini-3.8-flash").text("Hello").build();
  }

  @Test
  void generateContent_postsJsonToModelPath_withKeyInHeaderOnly() throws Exception {
    server.enqueue(ok(answer("{\"a\":1}", "gemini-3.8-flash-001")));
    GenerateRequest request = GenerateRequest.builder("gemini-3.8-flash")
        .systemInstruction("Be brief.")
        .text("Analyse this")
        .inlineData("image/png", new byte[] {1, 2, 3})
        .jsonResponse("{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"INTEGER\"}}}")
        .build();

    GenerateResponse response = client.generateContent(request);

    RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/gemini-3.8-flash:generateContent");
    assertThat(recorded.getUrl().query()).isNull();
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo(API_KEY);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = Fixtures.bodyOf(recorded);
    assertThat(body.at("/systemInstruction/parts/0/text").asString()).isEqualTo("Be brief.");
    assertThat(body.at("/contents/0/role").asString()).isEqualTo("user");
    assertThat(body.at("/contents/0/parts/0/text").asString()).isEqualTo("Analyse this");
    assertThat(body.at("/contents/0/parts/1/inlineData/mimeType").asString())
        .isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(body.at("/contents/0/parts/1/inlineData/data").asString()))
        .containsExactly(1, 2, 3);
    assertThat(body.at("/generationConfig/responseMimeType").asString())
        .isEqualTo("application/json");
    assertThat(body.at("/generationConfig/responseSchema/type").asString()).isEqualTo("OBJECT");
    assertThat(response.text()).isEqualTo("{\"a\":1}");
    assertThat(response.modelVersion()).isEqualTo("gemini-3.8-flash-001");
    assertThat(response.usage()).isEqualTo(new GenerateResponse.TokenUsage(812, 240, 64, 1116));
    assertThat(response.responseId()).hasValue("resp-1");
    assertThat(response.attempts()).isEqualTo(1);
  }

  @Test
  void thoughtParts_areLeftOutOfTheText() throws Exception {
    server.enqueue(ok("""
        {"candidates":[{"content":{"parts":[{"text":"thinking...","thought":true},
          {"text":"Hello "},{"text":"world"}]},"finishReason":"STOP"}]}"""));

    GenerateResponse response = client.generateContent(hello());

    assertThat(response.text()).isEqualTo("Hello world");
    assertThat(response.modelVersion()).isEqualTo("gemini-3.8-flash");
    assertThat(response.usage()).isEqualTo(GenerateResponse.TokenUsage.NONE);
  }

  @Test
  void retryAfter_isHonoured_thenSucceeds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
        .body("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}").build());
    server.enqueue(ok(answer("hi", "m")));

    GenerateResponse response = client.generateContent(hello());

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void retryInfoDelay_isHonoured() throws Exception {
    server.enqueue(error(503, "UNAVAILABLE", "The model is overloaded.", retryInfo("0.250s")));
    server.enqueue(ok(answer("hi", "m")));

    client.generateContent(hello());

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void serverErrors_backOffWithJitter_thenGiveUp() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(500, "INTERNAL", "An internal error has occurred."));
    }

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.attempts()).isEqualTo(4);
          assertThat(e.getMessage()).contains("500 INTERNAL", "on all 4 attempts",
              "gemini-3.8-flash");
        });
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(sleeper.waits).hasSize(3);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
    assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(sleeper.waits.get(2)).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void perDayQuota_isFinal_andReportsTheWait() {
    server.enqueue(error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
        quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), retryInfo("43s")));

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.DAILY_QUOTA_EXHAUSTED);
          assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(43));
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e.getMessage()).contains("per-day quota", "not retried");
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void perMinuteQuota_isRetried() throws Exception {
    server.enqueue(error(429, "RESOURCE_EXHAUSTED", "Slow down.",
        quotaFailure("GenerateRequestsPerMinutePerProjectPerModel"), retryInfo("0.1s")));
    server.enqueue(ok(answer("hi", "m")));

    assertThat(client.generateContent(hello()).attempts()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void waitLongerThanMaxRetryWait_failsAtOnce_withTheWait() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "60").build());

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
          assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
          assertThat(e.getMessage()).contains("longer than maxRetryWait");
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void clientErrors_areNotRetried_andSayWhatToCheck() {
    server.enqueue(error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."));

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CLIENT_ERROR);
          assertThat(e.httpStatus()).isEqualTo(403);
          assertThat(e.getMessage()).contains("PERMISSION_DENIED", "check the API key");
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void blockedPrompt_isReportedAsBlocked() {
    server.enqueue(ok("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.BLOCKED);
          assertThat(e.getMessage()).contains("prompt blocked: SAFETY");
        });
  }

  @Test
  void bodyThatIsNotJson_isMalformed() {
    server.enqueue(ok("<html>proxy error</html>"));

    assertThatThrownBy(() -> client.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE));
  }

  @Test
  void timeout_isRetriedOnce_thenAnswers() throws Exception {
    GeminiClient impatient = impatient().build();
    server.enqueue(stall());
    server.enqueue(ok(answer("hi", "gemini-3.8-flash-001")));

    GenerateResponse response = impatient.generateContent(hello());

    assertThat(response.text()).isEqualTo("hi");
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void secondTimeout_isFinal() throws Exception {
    GeminiClient impatient = impatient().build();
    server.enqueue(stall());
    server.enqueue(stall());
    server.enqueue(ok(answer("never", "gemini-3.8-flash-001")));

    assertThatThrownBy(() -> impatient.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
          assertThat(e.httpStatus()).isZero();
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.isOutage()).isTrue();
        });
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void timeoutRetriesZero_makesATimeoutFinal() throws Exception {
    GeminiClient impatient = impatient().timeoutRetries(0).build();
    server.enqueue(stall());
    server.enqueue(ok(answer("never", "gemini-3.8-flash-001")));

    assertThatThrownBy(() -> impatient.generateContent(hello()))
        .isInstanceOfSatisfying(GeminiException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void timeoutRetries_outOfRange_isRefused_andOnlyOnce() {
    assertThatThrownBy(() -> GeminiClient.builder().timeoutRetries(10))
        .hasMessage("timeoutRetries must be 0 to 9, was 10");
    assertThatThrownBy(() -> GeminiClient.builder().timeoutRetries(1).timeoutRetries(2))
        .hasMessage("timeoutRetries was already set to 1");
  }

  private GeminiClient.Builder impatient() {
    return GeminiClient.builder().apiKey(API_KEY).baseUrl(server.url("/v1beta").toString())
        .readTimeout(Duration.ofMillis(200)).sleeper(sleeper);
  }

  private static MockResponse stall() {
    return new MockResponse.Builder()
        .onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build();
  }

  @Test
  void hostClient_isDerived_withItsInterceptors_andLeftUnchanged() throws Exception {
    OkHttpClient host = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("x-host-interceptor", "yes").build()))
        .build();
    GeminiClient derived = GeminiClient.builder().apiKey(API_KEY).httpClient(host)
        .baseUrl(server.url("/v1beta").toString()).readTimeout(Duration.ofSeconds(7)).build();
    server.enqueue(ok(answer("hi", "m")));

    derived.generateContent(hello());

    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("x-host-interceptor"))
        .isEqualTo("yes");
    assertThat(host.readTimeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void builder_refusesASecondApiKey_withoutShowingTheFirst() {
    GeminiClient.Builder builder = GeminiClient.builder().apiKey(API_KEY);

    assertThatThrownBy(() -> builder.apiKey("another"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiKey was already set to <redacted>");
  }

  @Test
  void builder_refusesABaseUrlWithAQuery() {
    assertThatThrownBy(() -> GeminiClient.builder().baseUrl(
        "https://generativelanguage.googleapis.com/v1beta?key=" + API_KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-goog-api-key")
        .hasMessageNotContaining(API_KEY);
  }

  @Test
  void builder_requiresAnApiKey() {
    assertThatThrownBy(() -> GeminiClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiKey is required");
  }

  @Test
  void request_refusesAMalformedModelId() {
    assertThatThrownBy(() -> GenerateRequest.builder("../models/x?key=1").text("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model must be a Gemini model id");
  }

  @Test
  void request_dropsAModelsPrefix() {
    assertThat(GenerateRequest.builder("models/gemini-3.8-flash").text("x").build().model())
        .isEqualTo("gemini-3.8-flash");
  }
}
