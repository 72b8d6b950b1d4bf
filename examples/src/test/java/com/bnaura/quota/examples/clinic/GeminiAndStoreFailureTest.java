package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.spi.QuotaStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code GOOGLE_AI_API_KEY} set the app scans with Gemini (here a local mock of its API), a
 * failed Gemini call is a 502 that charged nothing, and a failing quota store is a 503 that says
 * so, never a grant or a refusal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:gemini;DB_CLOSE_DELAY=-1")
@Import(GeminiAndStoreFailureTest.FlakyStore.class)
class GeminiAndStoreFailureTest {

  static final MockWebServer GEMINI = new MockWebServer();
  static final AtomicBoolean STORE_DOWN = new AtomicBoolean();
  static final String BODY = "{\"clinicId\":\"siam-skin\",\"facialMetrics\":{\"facialAsymmetry\":0.3,"
      + "\"skinTexture\":0.7,\"volumeLoss\":[0.2],\"wrinkleDepth\":0.5,\"poreSize\":0.6}}";

  /** An in-memory store that fails every call while {@link #STORE_DOWN} is set. */
  @TestConfiguration
  static class FlakyStore {
    @Bean
    QuotaStore flakyStore() {
      QuotaStore real = QuotaStore.inMemory();
      return (QuotaStore) Proxy.newProxyInstance(QuotaStore.class.getClassLoader(),
          new Class<?>[] {QuotaStore.class}, (proxy, method, args) -> {
            if (STORE_DOWN.get()) {
              throw new QuotaStoreException(method.getName(), "connection refused");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) throws IOException {
    GEMINI.start();
    registry.add("bnaura.quota.gemini.api-key", () -> "test-key");
    registry.add("bnaura.quota.gemini.base-url", () -> GEMINI.url("/").toString());
    registry.add("bnaura.quota.gemini.max-attempts", () -> "1");
  }

  @AfterAll
  static void stop() {
    GEMINI.close();
  }

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  JsonNode[] analyze() throws IOException, InterruptedException {
    return analyze(BODY);
  }

  JsonNode[] analyze(String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/ai/analyze"))
        .header("Authorization", "Bearer demo-sales-siam")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonNode[] {json.readTree(String.valueOf(response.statusCode())),
        json.readTree(response.body())};
  }

  String remaining() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/clinics/siam-skin/quota"))
        .header("Authorization", "Bearer demo-owner-siam").build(),
        HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body()).path("totalRemaining").asString();
  }

  @Test
  void withAKeyScansGoToGeminiAndAFailedCallChargesNothing() throws Exception {
    GEMINI.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body("""
            {"candidates": [{"content": {"role": "model", "parts": [{"text":
              "{\\"overallScore\\": 83, \\"summary\\": \\"Good skin.\\", \\"skinMetrics\\": {\\"texture\\": 70, \\"wrinkles\\": 62, \\"pores\\": 55, \\"volume\\": 48, \\"symmetry\\": 80}, \\"recommendations\\": [{\\"treatment\\": \\"Daily SPF 50\\", \\"reason\\": \\"Sun\\", \\"priority\\": \\"medium\\"}]}"
            }]}, "finishReason": "STOP"}],
             "usageMetadata": {"promptTokenCount": 812, "candidatesTokenCount": 240, "totalTokenCount": 1052},
             "modelVersion": "gemini-3.8-flash"}""").build());
    JsonNode[] ok = analyze();
    assertThat(ok[0].asInt()).isEqualTo(200);
    assertThat(ok[1].path("offlineDemo").asBoolean()).isFalse();
    assertThat(ok[1].has("notice")).isFalse();
    assertThat(ok[1].path("modelUsed").asString()).isEqualTo("gemini-3.8-flash");
    assertThat(ok[1].path("analysis").path("overallScore").asInt()).isEqualTo(83);
    assertThat(GEMINI.takeRequest().getHeaders().get("x-goog-api-key")).isEqualTo("test-key");
    assertThat(remaining()).isEqualTo("499.8");

    // the same input again: answered from the analyzer's cache, no AI call, no charge
    JsonNode[] again = analyze();
    assertThat(again[0].asInt()).isEqualTo(200);
    assertThat(again[1].path("fromCache").asBoolean()).isTrue();
    assertThat(again[1].path("quotaInfo").path("consumed").asString()).isEqualTo("0");
    assertThat(GEMINI.getRequestCount()).isEqualTo(1);
    assertThat(remaining()).isEqualTo("499.8");

    GEMINI.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type",
        "application/json").body("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}")
        .build());
    // other metrics: the same input again would be answered from the analyzer's cache
    JsonNode[] failed = analyze(BODY.replace("0.6}", "0.9}"));
    assertThat(failed[0].asInt()).isEqualTo(502);
    assertThat(failed[1].path("code").asString()).isEqualTo("AI_UNAVAILABLE");
    assertThat(remaining()).isEqualTo("499.8");
  }

  @Test
  void aFailingStoreIsA503ThatSaysSoAndGrantsNothing() throws Exception {
    String before = remaining();
    int requestsBefore = GEMINI.getRequestCount();
    STORE_DOWN.set(true);
    try {
      JsonNode[] answer = analyze();
      assertThat(answer[0].asInt()).isEqualTo(503);
      assertThat(answer[1].path("code").asString()).isEqualTo("STORE_UNAVAILABLE");
      assertThat(answer[1].path("message").asString()).contains("quota store failed");
    } finally {
      STORE_DOWN.set(false);
    }
    assertThat(GEMINI.getRequestCount()).isEqualTo(requestsBefore);
    assertThat(remaining()).isEqualTo(before);
  }
}
