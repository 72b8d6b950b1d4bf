package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.spi.QuotaStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code GOOGLE_AI_API_KEY} set the app scans with Gemini (here a local mock of its API), a
 * failed Gemini call is a 502 that charged nothing, and a failing quota store is a 503 that says
 * so, never a grant or a refusal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:gemini;DB_CLOSE_DELAY=-1")
@Import(GeminiAndStoreFailureTest.FlakyStore.class)
class GeminiAndStoreFailureTest extends AbstractAppTest {

  @RegisterExtension
  static final MockGemini GEMINI = new MockGemini();
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
    GEMINI.serve(registry);
  }

  TestApi.Answer analyze() throws IOException, InterruptedException {
    return analyze(BODY);
  }

  TestApi.Answer analyze(String body) throws IOException, InterruptedException {
    return api.post("/api/ai/analyze", "demo-sales-siam", body);
  }

  String remaining() throws IOException, InterruptedException {
    return api.get("/api/clinics/siam-skin/quota", "demo-owner-siam").field("totalRemaining");
  }

  @Test
  void aScanInThai_asksGeminiForAnAnalysisInThai() throws Exception {
    // a clinic and metrics of its own, which the analyzer's cache has never seen
    String body = BODY.replace("siam-skin", freshClinic("starter")).replace("0.6}", "0.45}");
    GEMINI.enqueueAnswer();
    TestApi.Answer thai = api.post("/api/ai/analyze", DemoTokens.ADMIN, body,
        "Accept-Language", "th-TH");
    assertThat(thai.status()).isEqualTo(200);
    assertThat(GEMINI.latestBody()).contains("in Thai").doesNotContain("in English.");

    GEMINI.enqueueAnswer();
    TestApi.Answer english = api.post("/api/ai/analyze", DemoTokens.ADMIN, body,
        "Accept-Language", "en");
    assertThat(english.status()).isEqualTo(200);
    assertThat(english.body().path("fromCache").asBoolean())
        .as("an analysis in Thai does not answer a scan in English").isFalse();
    assertThat(GEMINI.latestBody()).contains("in English.").doesNotContain("in Thai");
  }

  @Test
  void withAKeyScansGoToGeminiAndAFailedCallChargesNothing() throws Exception {
    GEMINI.enqueueAnswer();
    TestApi.Answer ok = analyze();
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().path("offlineDemo").asBoolean()).isFalse();
    assertThat(ok.body().has("notice")).isFalse();
    assertThat(ok.body().path("modelUsed").asString()).isEqualTo("gemini-3.8-flash");
    assertThat(ok.body().path("analysis").path("overallScore").asInt()).isEqualTo(83);
    assertThat(GEMINI.takeRequest().getHeaders().get("x-goog-api-key")).isEqualTo("test-key");
    assertThat(remaining()).isEqualTo("499.8");

    // the same input again: answered from the analyzer's cache, no AI call, no charge
    TestApi.Answer again = analyze();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("fromCache").asBoolean()).isTrue();
    assertThat(again.body().path("quotaInfo").path("consumed").asString()).isEqualTo("0");
    assertThat(GEMINI.requestCount()).isEqualTo(1);
    assertThat(remaining()).isEqualTo("499.8");

    GEMINI.enqueueError(400, "INVALID_ARGUMENT");
    // other metrics: the same input again would be answered from the analyzer's cache
    TestApi.Answer failed = analyze(BODY.replace("0.6}", "0.9}"));
    assertThat(failed.status()).isEqualTo(502);
    assertThat(failed.body().path("code").asString()).isEqualTo("AI_UNAVAILABLE");
    assertThat(remaining()).isEqualTo("499.8");
  }

  @Test
  void aFailingStoreIsA503ThatSaysSoAndGrantsNothing() throws Exception {
    String before = remaining();
    int requestsBefore = GEMINI.requestCount();
    STORE_DOWN.set(true);
    try {
      TestApi.Answer answer = analyze();
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body().path("code").asString()).isEqualTo("STORE_UNAVAILABLE");
      assertThat(answer.body().path("message").asString()).contains("quota store failed");
    } finally {
      STORE_DOWN.set(false);
    }
    assertThat(GEMINI.requestCount()).isEqualTo(requestsBefore);
    assertThat(remaining()).isEqualTo(before);
  }
}
