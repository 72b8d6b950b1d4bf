package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A failed analysis is not an answer to keep: after a 502 (the Gemini call failed, the units were
 * released) a retry with the same key analyses again and is charged once, and only that answer is
 * replayed from then on. Gemini is a local mock of its API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:gemini-retry;DB_CLOSE_DELAY=-1")
final class AnalyzeRetryAfterFailedAnalysisTest extends AbstractAppTest {

  @RegisterExtension
  static final MockGemini GEMINI = new MockGemini();
  static final String BODY = "{\"facialMetrics\":" + TestApi.METRICS + "}";

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) throws IOException {
    GEMINI.serve(registry);
  }

  @Test
  void aRetryAfterAFailedAnalysisAnalysesAgainAndIsChargedOnce() throws Exception {
    GEMINI.enqueueError(500, "INTERNAL");
    GEMINI.enqueueAnswer();

    TestApi.Answer failed = api.post("/api/ai/analyze", "demo-sales-siam", BODY,
        "Idempotency-Key", "g-1");
    String afterFailure = api.quota("siam-skin").field("totalRemaining");
    TestApi.Answer retried = api.post("/api/ai/analyze", "demo-sales-siam", BODY,
        "Idempotency-Key", "g-1");
    TestApi.Answer replayed = api.post("/api/ai/analyze", "demo-sales-siam", BODY,
        "Idempotency-Key", "g-1");

    assertThat(failed.status()).isEqualTo(502);
    assertThat(failed.field("code")).isEqualTo("AI_UNAVAILABLE");
    assertThat(afterFailure).isEqualTo("500");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.field("analysis.overallScore")).isEqualTo("83");
    assertThat(retried.field("quotaInfo.consumed")).isEqualTo("0.2");
    assertThat(retried.field("replayed")).isEqualTo("false");
    assertThat(replayed.status()).isEqualTo(200);
    assertThat(replayed.field("replayed")).isEqualTo("true");
    assertThat(replayed.field("fromCache")).isEqualTo("false");
    assertThat(replayed.field("analysis")).isEqualTo(retried.field("analysis"));
    assertThat(GEMINI.requestCount()).isEqualTo(2);
    assertThat(api.quota("siam-skin").field("totalRemaining")).isEqualTo("499.8");
    assertThat(api.usage("siam-skin").field("totalScans")).isEqualTo("1");
  }
}
