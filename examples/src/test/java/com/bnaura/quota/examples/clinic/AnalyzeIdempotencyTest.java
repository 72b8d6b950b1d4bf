package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/ai/analyze} with an idempotency key answers once: a retry with the same key and
 * body gets the first status and body (with {@code "replayed": true}) and charges nothing; another
 * body with the key is 409 {@code IDEMPOTENCY_KEY_REUSED}; concurrent identical requests call the
 * analyzer once; refusals replay as the engine replays them; a key the engine would refuse is a
 * 400 before anything is kept. The analyzer is the offline one, counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:idempotency;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(AnalyzeIdempotencyTest.Counted.class)
final class AnalyzeIdempotencyTest extends AbstractAppTest {

  static final AtomicInteger ANALYSES = new AtomicInteger();
  static final AtomicInteger BUSY = new AtomicInteger();
  /** When set, the next analysis waits until this many requests found its key busy. */
  static final AtomicReference<Integer> HOLD_UNTIL_BUSY = new AtomicReference<>();
  static final CountDownLatch NEVER = new CountDownLatch(1);

  /** The offline analyzer, counted (and held back when a test asks), and the claims, counted. */
  @TestConfiguration
  static class Counted {
    @Bean
    @Primary
    SkinAnalyzer countedAnalyzer(QuotaService quotas) {
      SkinAnalyzer offline = new OfflineDemoAnalyzer(quotas);
      return new SkinAnalyzer() {
        @Override
        public ScanOutcome analyze(SkinAnalysisRequest request) throws GeminiException {
          ANALYSES.incrementAndGet();
          Integer busy = HOLD_UNTIL_BUSY.getAndSet(null);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (busy != null && BUSY.get() < busy && System.nanoTime() < deadline) {
            try {
              NEVER.await(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          return offline.analyze(request);
        }

        @Override
        public boolean offlineDemo() {
          return true;
        }
      };
    }

    @Bean
    @Primary
    ScanAnswers countedAnswers(AppSchema schema, JdbcTemplate jdbc, Clock clock) {
      return new ScanAnswers(schema, jdbc, clock, Duration.ofDays(35), Duration.ofSeconds(10)) {
        @Override
        Claim claim(String clinic, String key, String fingerprint) {
          Claim claim = super.claim(clinic, key, fingerprint);
          if (claim instanceof Busy) {
            BUSY.incrementAndGet();
          }
          return claim;
        }
      };
    }
  }

  @Autowired
  DataSource dataSource;

  @BeforeEach
  void setUp() {
    ANALYSES.set(0);
    BUSY.set(0);
  }

  static String scanBody(String clinic, String extra) {
    return "{\"clinicId\":\"" + clinic + "\",\"customerId\":\"c-17\",\"customerInfo\":{\"name\":"
        + "\"Khun A\",\"age\":30},\"facialMetrics\":" + TestApi.METRICS
        + (extra == null ? "" : "," + extra) + "}";
  }

  TestApi.Answer scan(String body, String key) throws Exception {
    return api.post("/api/ai/analyze", ADMIN, body, "Idempotency-Key", key);
  }

  JsonNode withoutReplayed(JsonNode body) {
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    copy.remove("replayed");
    return copy;
  }

  @Test
  void sameKeyAndBody_replaysTheFirstStatusAndBodyAndChargesNothing() throws Exception {
    String clinic = freshClinic("starter");
    String body = scanBody(clinic, null);

    TestApi.Answer first = scan(body, "scan-a");
    TestApi.Answer again = scan(body, "scan-a");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.field("replayed")).isEqualTo("false");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.field("replayed")).isEqualTo("true");
    assertThat(withoutReplayed(again.body())).isEqualTo(withoutReplayed(first.body()));
    assertThat(ANALYSES.get()).isEqualTo(1);
    assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("99.8");
    assertThat(api.usage(clinic).field("totalScans")).isEqualTo("1");
  }

  @Test
  void theBodysRequestIdIsAKeyLikeTheHeader() throws Exception {
    String clinic = freshClinic("starter");
    String body = scanBody(clinic, "\"requestId\":\"old-client-7\"");

    TestApi.Answer first = api.post("/api/ai/analyze", ADMIN, body);
    TestApi.Answer again = api.post("/api/ai/analyze", ADMIN, body);

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.field("replayed")).isEqualTo("true");
    assertThat(withoutReplayed(again.body())).isEqualTo(withoutReplayed(first.body()));
    assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("99.8");
  }

  @Test
  void sameKeyWithAnotherBody_isIdempotencyKeyReusedAndChargesNothing() throws Exception {
    String clinic = freshClinic("starter");
    String body = scanBody(clinic, null);
    TestApi.Answer first = scan(body, "scan-b");
    List<String> others = List.of(
        body.replace("\"poreSize\":0.6", "\"poreSize\":0.9"),
        scanBody(clinic, "\"useProModel\":true"),
        scanBody(clinic, "\"acceptOverageCharge\":true"),
        body.replace("c-17", "c-18"),
        body.replace("Khun A", "Khun B"));

    for (String other : others) {
      TestApi.Answer conflict = scan(other, "scan-b");
      assertThat(conflict.status()).as(other).isEqualTo(409);
      assertThat(conflict.field("code")).as(other).isEqualTo("IDEMPOTENCY_KEY_REUSED");
      assertThat(conflict.field("field")).as(other).isEqualTo("Idempotency-Key");
    }

    assertThat(first.status()).isEqualTo(200);
    assertThat(ANALYSES.get()).isEqualTo(1);
    assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("99.8");
    assertThat(scan(body, "scan-b").field("replayed")).isEqualTo("true");
  }

  @Test
  void concurrentIdenticalRequests_analyseOnceAndChargeOnce() throws Exception {
    String clinic = freshClinic("starter");
    String body = scanBody(clinic, null);
    int requests = 4;
    HOLD_UNTIL_BUSY.set(requests - 1);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    List<Future<TestApi.Answer>> answers = new ArrayList<>();

    try {
      for (int i = 0; i < requests; i++) {
        Callable<TestApi.Answer> send = () -> scan(body, "scan-c");
        answers.add(pool.submit(send));
      }
      List<JsonNode> bodies = new ArrayList<>();
      for (Future<TestApi.Answer> answer : answers) {
        TestApi.Answer a = answer.get(60, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(200);
        bodies.add(withoutReplayed(a.body()));
      }

      assertThat(BUSY.get()).as("requests that found the key held").isGreaterThanOrEqualTo(
          requests - 1);
      assertThat(ANALYSES.get()).isEqualTo(1);
      assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
      assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("99.8");
      assertThat(api.usage(clinic).field("totalScans")).isEqualTo("1");
    } finally {
      HOLD_UNTIL_BUSY.set(null);
      pool.shutdownNow();
    }
  }

  @Test
  void aRefusalReplaysAsTheEngineReplaysItAndANewKeyTriesAgain() throws Exception {
    String clinic = freshClinic("trial");
    assertThat(api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":10}", "Idempotency-Key", "use-all").status())
        .isEqualTo(201);
    String body = scanBody(clinic, null);

    TestApi.Answer refused = scan(body, "scan-d");
    assertThat(api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"scanCount\":10}",
        "Idempotency-Key", "buy-10").status()).isEqualTo(201);
    TestApi.Answer retried = scan(body, "scan-d");
    TestApi.Answer fresh = scan(body, "scan-e");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.field("code")).isEqualTo("403_QUOTA_EXCEEDED");
    assertThat(retried.status()).isEqualTo(403);
    assertThat(retried.body()).isEqualTo(refused.body());
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("9.8");
  }

  @Test
  void aKeyTheEngineWouldRefuse_is400AndKeepsNothing() throws Exception {
    String clinic = freshClinic("starter");
    String body = scanBody(clinic, null);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    int rowsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM clinic_app_scan_answer",
        Integer.class);

    TestApi.Answer tooLong = scan(body, "k".repeat(256));
    TestApi.Answer inBody = api.post("/api/ai/analyze", ADMIN,
        scanBody(clinic, "\"requestId\":\"" + "k".repeat(256) + "\""));

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.field("code")).isEqualTo("INVALID_ARGUMENT");
    assertThat(tooLong.field("field")).isEqualTo("Idempotency-Key");
    assertThat(inBody.status()).isEqualTo(400);
    assertThat(inBody.field("field")).isEqualTo("requestId");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM clinic_app_scan_answer",
        Integer.class)).isEqualTo(rowsBefore);
    assertThat(ANALYSES.get()).isZero();
    assertThat(api.quota(clinic).field("totalRemaining")).isEqualTo("100");
  }
}
