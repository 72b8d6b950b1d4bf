package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A request that finds its key held by a running scan, and may not wait ({@code
 * clinic-app.analyze.wait=0s}), is 409 {@code REQUEST_IN_PROGRESS} with {@code Retry-After}, and
 * nothing is analysed or charged for it; once the scan finished, the retry gets its answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:in-progress;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key=",
    "clinic-app.analyze.wait=0s"})
@Import(AnalyzeIdempotencyTest.Counted.class)
final class AnalyzeInProgressTest extends AbstractAppTest {

  @Test
  void aKeyHeldByARunningScanIs409InProgressAndTheRetryGetsTheAnswer() throws Exception {
    String body = "{\"clinicId\":\"chiangmai-glow\",\"facialMetrics\":" + TestApi.METRICS + "}";
    String before = api.quota("chiangmai-glow").field("totalRemaining");
    AnalyzeIdempotencyTest.ANALYSES.set(0);
    AnalyzeIdempotencyTest.BUSY.set(0);
    AnalyzeIdempotencyTest.HOLD_UNTIL_BUSY.set(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();

    try {
      Future<TestApi.Answer> first = pool.submit(() -> api.post("/api/ai/analyze", "demo-admin",
          body, "Idempotency-Key", "held"));
      // the first request holds the key once it is in the analyzer, where it waits for the second
      while (AnalyzeIdempotencyTest.ANALYSES.get() == 0 && !first.isDone()) {
        Thread.sleep(5);
      }
      TestApi.Answer second = api.post("/api/ai/analyze", "demo-admin", body,
          "Idempotency-Key", "held");
      TestApi.Answer done = first.get(60, TimeUnit.SECONDS);
      TestApi.Answer retry = api.post("/api/ai/analyze", "demo-admin", body,
          "Idempotency-Key", "held");

      assertThat(second.status()).isEqualTo(409);
      assertThat(second.field("code")).isEqualTo("REQUEST_IN_PROGRESS");
      assertThat(second.raw().headers().firstValue("Retry-After")).contains("1");
      assertThat(done.status()).isEqualTo(200);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.field("replayed")).isEqualTo("true");
      assertThat(retry.field("analysis")).isEqualTo(done.field("analysis"));
      assertThat(AnalyzeIdempotencyTest.ANALYSES.get()).isEqualTo(1);
      assertThat(api.quota("chiangmai-glow").field("totalRemaining"))
          .isEqualTo(new BigDecimal(before).subtract(new BigDecimal("0.2")).stripTrailingZeros()
              .toPlainString());
    } finally {
      AnalyzeIdempotencyTest.HOLD_UNTIL_BUSY.set(null);
      pool.shutdownNow();
    }
  }
}
