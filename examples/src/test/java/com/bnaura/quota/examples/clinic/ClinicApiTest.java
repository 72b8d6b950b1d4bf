package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint of the clinic app over real HTTP, with the demo users of {@code application.yml}
 * and, where a test needs a clean balance, a clinic of its own. Unhappy paths come first in each
 * group: a bad request must get a 4xx JSON error naming the field, and change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(ClinicApiTest.TestClock.class)
class ClinicApiTest {

  static final String SALES_SIAM = "demo-sales-siam";
  static final String OWNER_SIAM = "demo-owner-siam";
  static final String ADMIN = "demo-admin";
  static final String METRICS = "{\"facialAsymmetry\":0.3,\"skinTexture\":0.7,"
      + "\"volumeLoss\":[0.2,0.4],\"wrinkleDepth\":0.5,\"poreSize\":0.6}";

  static final MutableClock CLOCK = MutableClock.at("2026-11-10T03:00:00Z");

  @TestConfiguration
  static class TestClock {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  QuotaService quotas;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String text(String path) {
      JsonNode node = body;
      for (String part : path.split("\\.")) {
        node = node.path(part);
      }
      return node.isValueNode() ? node.asString() : node.toString();
    }
  }

  Answer call(String method, String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode node = response.body().isEmpty() ? json.createObjectNode()
        : json.readTree(response.body());
    return new Answer(response.statusCode(), node, response);
  }

  Answer get(String path, String token) throws IOException, InterruptedException {
    return call("GET", path, token, null);
  }

  Answer post(String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    return call("POST", path, token, body, headers);
  }

  /** A clinic of the test's own on the plan, reachable with the admin token. */
  String freshClinic(String plan) {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
    quotas.registerClinic(ClinicRegistration.builder(id, plan).build());
    return id;
  }

  String remaining(String clinic) throws IOException, InterruptedException {
    return get("/api/clinics/" + clinic + "/quota", ADMIN).text("totalRemaining");
  }

  Answer scan(String clinic, boolean pro, String extra) throws IOException, InterruptedException {
    return post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic + "\",\"useProModel\":" + pro
        + ",\"customerInfo\":{\"name\":\"Khun A\",\"age\":30},\"facialMetrics\":" + METRICS
        + (extra == null ? "" : "," + extra) + "}");
  }

  @Nested
  class Credentials {
    @Test
    void noCredentialIs401WithACode() throws Exception {
      Answer answer = get("/api/quota/usage?clinicId=siam-skin", null);
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.text("code")).isEqualTo("UNAUTHENTICATED");
      assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(answer.body().has("data")).isFalse();
    }

    @Test
    void aWrongTokenIs401() throws Exception {
      assertThat(get("/api/clinics/siam-skin/quota", "not-a-token").status()).isEqualTo(401);
      Answer viaApiKey = call("GET", "/api/clinics/siam-skin/quota", null, null,
          "X-API-Key", "nope");
      assertThat(viaApiKey.status()).isEqualTo(401);
    }

    @Test
    void theApiKeyHeaderWorksLikeTheBearerToken() throws Exception {
      Answer answer = call("GET", "/api/me", null, null, "X-API-Key", SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("role")).isEqualTo("SALES");
      assertThat(answer.text("clinicId")).isEqualTo("siam-skin");
      assertThat(answer.text("offlineDemo")).isEqualTo("true");
    }

    @Test
    void salesAndOwnersSeeNothingOfAnotherClinic() throws Exception {
      for (String path : List.of("/api/clinics/phuket-trial/quota",
          "/api/clinics/phuket-trial/usage", "/api/clinics/phuket-trial/forecast",
          "/api/quota/usage?clinicId=phuket-trial",
          "/api/quota/billing-test?action=quota-config&clinicId=phuket-trial")) {
        Answer answer = get(path, OWNER_SIAM);
        assertThat(answer.status()).as(path).isEqualTo(404);
        assertThat(answer.text("code")).as(path).isEqualTo("UNKNOWN_CLINIC");
        assertThat(answer.body().has("data")).as(path).isFalse();
        assertThat(answer.body().has("monthlyQuota")).as(path).isFalse();
      }
      String before = remaining("phuket-trial");
      Answer topUp = post("/api/clinics/phuket-trial/topups", SALES_SIAM, "{\"scanCount\":5}",
          "Idempotency-Key", "k-other");
      Answer scan = post("/api/ai/analyze", SALES_SIAM,
          "{\"clinicId\":\"phuket-trial\",\"facialMetrics\":" + METRICS + "}");
      assertThat(topUp.status()).isEqualTo(404);
      assertThat(scan.status()).isEqualTo(404);
      assertThat(remaining("phuket-trial")).isEqualTo(before);
    }

    @Test
    void theClinicListShowsOwnClinicToSalesAndAllToTheAdmin() throws Exception {
      assertThat(get("/api/clinics", SALES_SIAM).body()).hasSize(1);
      Answer all = get("/api/clinics", ADMIN);
      List<String> ids = new ArrayList<>();
      all.body().forEach(row -> ids.add(row.path("clinicId").asString()));
      assertThat(ids).containsExactly("siam-skin", "chiangmai-glow", "phuket-trial");
    }

    @Test
    void theOpenApiDocumentIsOpenAndListsEveryEndpoint() throws Exception {
      Answer doc = get("/v3/api-docs", null);
      assertThat(doc.status()).isEqualTo(200);
      List<String> paths = new ArrayList<>();
      doc.body().path("paths").propertyNames().forEach(paths::add);
      assertThat(paths).contains("/api/ai/analyze", "/api/quota/billing-test",
          "/api/quota/performance-test", "/api/quota/usage", "/api/me", "/api/clinics",
          "/api/clinics/{clinicId}/quota", "/api/clinics/{clinicId}/topups",
          "/api/clinics/{clinicId}/plan", "/api/clinics/{clinicId}/usage",
          "/api/clinics/{clinicId}/forecast", "/api/clinics/{clinicId}/alerts",
          "/api/clinics/{clinicId}/reservations",
          "/api/clinics/{clinicId}/reservations/{reservationId}/commit",
          "/api/clinics/{clinicId}/reservations/{reservationId}/release",
          "/api/clinics/{clinicId}/charges");
      assertThat(doc.body().path("components").path("securitySchemes").has("bearer")).isTrue();
      assertThat(doc.raw().body()).doesNotContain("\"caller\"");
    }
  }

  @Nested
  class Analyze {
    @Test
    void aQuickScanCostsPointTwoAndSaysItIsTheOfflineDemo() throws Exception {
      String clinic = freshClinic("starter");
      Answer answer = scan(clinic, false, null);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("success")).isEqualTo("true");
      assertThat(answer.text("quotaInfo.consumed")).isEqualTo("0.2");
      assertThat(answer.text("quotaInfo.remaining")).isEqualTo("99.8");
      assertThat(answer.text("quotaInfo.willIncurCharge")).isEqualTo("false");
      assertThat(answer.text("modelUsed")).isEqualTo("offline-demo-flash");
      assertThat(answer.text("offlineDemo")).isEqualTo("true");
      assertThat(answer.text("notice")).contains("Offline demo analyzer");
      assertThat(answer.text("analysis.summary")).startsWith("Offline demo analysis");
      assertThat(answer.body().path("analysis").path("overallScore").asInt()).isBetween(0, 100);
    }

    @Test
    void theProModelCostsOneUnit() throws Exception {
      String clinic = freshClinic("starter");
      Answer answer = scan(clinic, true, null);
      assertThat(answer.text("quotaInfo.consumed")).isEqualTo("1");
      assertThat(answer.text("modelUsed")).isEqualTo("offline-demo-pro");
      assertThat(remaining(clinic)).isEqualTo("99");
    }

    @Test
    void anExhaustedQuotaAnswersTheOld403BodyAndChargesNothing() throws Exception {
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      assertThat(remaining(clinic)).isEqualTo("0");

      Answer refused = scan(clinic, false, null);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.text("code")).isEqualTo("403_QUOTA_EXCEEDED");
      assertThat(refused.text("error")).isEqualTo("Cannot perform AI analysis");
      assertThat(refused.text("quotaExceeded")).isEqualTo("true");
      assertThat(refused.text("remainingQuota")).isEqualTo("0");
      assertThat(refused.text("willIncurCharge")).isEqualTo("true");
      assertThat(refused.text("estimatedCost")).isEqualTo("15");
      assertThat(refused.text("message")).contains("เกินโควตา");
      assertThat(refused.text("messageEnglish")).contains("Quota exceeded");
      assertThat(refused.body().path("topUpSuggestion").path("price").isNumber()).isTrue();
      assertThat(get("/api/clinics/" + clinic + "/quota", ADMIN).text("overageUnits"))
          .isEqualTo("0");
    }

    @Test
    void acceptingTheOverageChargeGoesAheadAndBillsIt() throws Exception {
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      Answer answer = scan(clinic, false, "\"acceptOverageCharge\":true");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("quotaInfo.willIncurCharge")).isEqualTo("true");
      Answer quota = get("/api/clinics/" + clinic + "/quota", ADMIN);
      assertThat(quota.text("overageUnits")).isEqualTo("0.2");
      assertThat(quota.text("overageBalance")).isEqualTo("15");
    }

    @Test
    void aRepeatScanOfTheSameCustomerWithin24HoursIsFree() throws Exception {
      String clinic = freshClinic("starter");
      assertThat(scan(clinic, false, "\"customerId\":\"cust-1\"").text("quotaInfo.consumed"))
          .isEqualTo("0.2");
      CLOCK.advance(Duration.ofHours(23));
      Answer repeat = scan(clinic, false, "\"customerId\":\"cust-1\"");
      assertThat(repeat.text("quotaInfo.consumed")).isEqualTo("0");
      assertThat(repeat.text("quotaInfo.free")).isEqualTo("true");
      // a clinical analysis inside the window pays only the difference
      assertThat(scan(clinic, true, "\"customerId\":\"cust-1\"").text("quotaInfo.consumed"))
          .isEqualTo("0.8");
      // another customer pays
      assertThat(scan(clinic, false, "\"customerId\":\"cust-2\"").text("quotaInfo.consumed"))
          .isEqualTo("0.2");
      CLOCK.advance(Duration.ofHours(1));
      assertThat(scan(clinic, false, "\"customerId\":\"cust-1\"").text("quotaInfo.consumed"))
          .isEqualTo("0.2");
      Answer stats = get("/api/clinics/" + clinic + "/usage", ADMIN);
      // the free quick scan and the 0.2 already paid of the clinical analysis were waived
      assertThat(stats.text("freeRepeatScans.count")).isEqualTo("2");
      assertThat(stats.text("freeRepeatScans.units")).isEqualTo("0.4");
      assertThat(remaining(clinic)).isEqualTo("98.6");
    }

    @Test
    void theSameRequestIdIsAnsweredOnceAndChargedOnce() throws Exception {
      String clinic = freshClinic("starter");
      Answer first = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
          + "\",\"facialMetrics\":" + METRICS + "}", "Idempotency-Key", "scan-1");
      assertThat(first.status()).isEqualTo(200);
      Answer again = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
          + "\",\"facialMetrics\":" + METRICS + "}", "Idempotency-Key", "scan-1");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text("replayed")).isEqualTo("true");
      assertThat(again.text("analysis")).isEqualTo(first.text("analysis"));
      assertThat(again.text("quotaInfo")).isEqualTo(first.text("quotaInfo"));
      assertThat(remaining(clinic)).isEqualTo("99.8");
    }

    @Test
    void badBodiesAre400NamingTheFieldAndChangeNothing() throws Exception {
      String clinic = freshClinic("starter");
      record Case(String body, String field) {}
      List<Case> cases = List.of(
          new Case("{not json", "body"),
          new Case("", "body"),
          new Case("{\"clinicId\":\"" + clinic + "\"}", "facialMetrics"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":{\"skinTexture\":\"x\"}}",
              "facialMetrics.skinTexture"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":"
              + METRICS.replace("0.6}", "1.6}") + "}", "facialMetrics.poreSize"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":"
              + METRICS.replace("[0.2,0.4]", "[0.2,-1]") + "}", "facialMetrics.volumeLoss[1]"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":"
              + METRICS.replace("\"wrinkleDepth\":0.5,", "") + "}", "facialMetrics.wrinkleDepth"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"customerInfo\":{\"age\":-3},"
              + "\"facialMetrics\":" + METRICS + "}", "customerInfo.age"),
          new Case("{\"clinicId\":\"  \",\"facialMetrics\":" + METRICS + "}", "clinicId"),
          new Case("{\"clinicId\":\"" + clinic + "\",\"useProModel\":\"maybe\","
              + "\"facialMetrics\":" + METRICS + "}", "useProModel"));
      for (Case c : cases) {
        Answer answer = post("/api/ai/analyze", ADMIN, c.body());
        assertThat(answer.status()).as(c.body()).isEqualTo(400);
        assertThat(answer.text("code")).as(c.body()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.text("field")).as(c.body()).isEqualTo(c.field());
      }
      assertThat(remaining(clinic)).isEqualTo("100");
      assertThat(get("/api/clinics/" + clinic + "/usage", ADMIN).text("totalScans"))
          .isEqualTo("0");
    }

    @Test
    void anUnknownClinicIs404() throws Exception {
      Answer answer = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"no-such-clinic\","
          + "\"facialMetrics\":" + METRICS + "}");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.text("code")).isEqualTo("UNKNOWN_CLINIC");
    }

    @Test
    void onlyAnAdminMayRecordAScanUnderAnotherUser() throws Exception {
      Answer answer = post("/api/ai/analyze", SALES_SIAM, "{\"userId\":\"someone-else\","
          + "\"facialMetrics\":" + METRICS + "}");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("recordedUserId")).isEqualTo("sales-siam");
      assertThat(answer.text("userIdNotice")).contains("someone-else");
    }
  }

  @Nested
  class OldBillingEndpoints {
    @Test
    void quotaConfigHasTheOldFields() throws Exception {
      Answer answer = get("/api/quota/billing-test?action=quota-config&clinicId=siam-skin",
          SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("success")).isEqualTo("true");
      assertThat(answer.text("data.plan")).isEqualTo("professional");
      assertThat(answer.text("data.monthlyQuota")).isEqualTo("500");
      assertThat(answer.text("data.overageRate")).isEqualTo("60");
      assertThat(answer.body().path("data").has("currentUsage")).isTrue();
      assertThat(answer.text("data.resetDate")).isEqualTo("2026-11-30T17:00:00Z");
      assertThat(answer.text("data.asOf")).isEqualTo(CLOCK.instant().toString());
    }

    @Test
    void usageStatsAndRecommendationsAnswerForTheCallersOwnClinic() throws Exception {
      Answer stats = get("/api/quota/billing-test?action=usage-stats", SALES_SIAM);
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.text("data.clinicId")).isEqualTo("siam-skin");
      Answer recs = get("/api/quota/billing-test?action=recommendations", SALES_SIAM);
      assertThat(recs.status()).isEqualTo(200);
      assertThat(recs.body().path("data").path("recommendations").isArray()).isTrue();
    }

    @Test
    void aMissingOrUnknownActionIs400() throws Exception {
      Answer missing = get("/api/quota/billing-test?clinicId=siam-skin", SALES_SIAM);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.text("field")).isEqualTo("action");
      Answer unknown = get("/api/quota/billing-test?action=drop-tables", SALES_SIAM);
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.text("field")).isEqualTo("action");
      Answer unknownPost = post("/api/quota/billing-test", OWNER_SIAM, "{\"action\":\"nope\"}");
      assertThat(unknownPost.text("field")).isEqualTo("action");
    }

    @Test
    void theOldUsageEndpointSimplyWorks() throws Exception {
      Answer answer = get("/api/quota/usage?clinicId=siam-skin", SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("data.clinicId")).isEqualTo("siam-skin");
      assertThat(answer.text("data.monthlyQuota")).isEqualTo("500");
    }

    @Test
    void purchaseTopUpAnswersTheOldBodyAndAKeyMakesItSafeToRetry() throws Exception {
      String clinic = freshClinic("starter");
      String body = "{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic
          + "\",\"scanCount\":100}";
      Answer first = post("/api/quota/billing-test", ADMIN, body, "Idempotency-Key", "buy-1");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.text("data.success")).isEqualTo("true");
      assertThat(first.text("data.totalCost")).isEqualTo("4800");
      assertThat(first.text("data.newQuota")).isEqualTo("100");
      assertThat(first.text("data.transactionId")).startsWith("topup_");
      Answer retry = post("/api/quota/billing-test", ADMIN, body, "Idempotency-Key", "buy-1");
      assertThat(retry.text("data.transactionId")).isEqualTo(first.text("data.transactionId"));
      assertThat(remaining(clinic)).isEqualTo("200");
      Answer conflict = post("/api/quota/billing-test", ADMIN, body.replace("100}", "50}"),
          "Idempotency-Key", "buy-1");
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.text("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aBadScanCountIs400AndBuysNothing() throws Exception {
      String clinic = freshClinic("starter");
      for (String count : List.of("0", "-5", "1.5", "100001", "\"abc\"", "null", "1e400")) {
        Answer answer = post("/api/quota/billing-test", ADMIN, "{\"action\":\"purchase-topup\","
            + "\"clinicId\":\"" + clinic + "\",\"scanCount\":" + count + "}");
        assertThat(answer.status()).as(count).isEqualTo(400);
        assertThat(answer.text("field")).as(count).isEqualTo("scanCount");
      }
      assertThat(remaining(clinic)).isEqualTo("100");
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesThePlan() throws Exception {
      Answer bySales = post("/api/quota/billing-test", SALES_SIAM,
          "{\"action\":\"update-plan\",\"planId\":\"enterprise\"}");
      assertThat(bySales.status()).isEqualTo(403);
      assertThat(bySales.text("code")).isEqualTo("ROLE_NOT_ALLOWED");

      String clinic = freshClinic("starter");
      Answer unknown = post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"platinum\"}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.text("code")).isEqualTo("UNKNOWN_PLAN");
      Answer noPlan = post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\"}");
      assertThat(noPlan.text("field")).isEqualTo("planId");
      Answer badTiming = post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"professional\",\"timing\":\"soon\"}");
      assertThat(badTiming.text("field")).isEqualTo("timing");

      Answer upgrade = post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"professional\"}");
      assertThat(upgrade.status()).isEqualTo(200);
      assertThat(upgrade.text("data.immediate")).isEqualTo("true");
      assertThat(get("/api/clinics/" + clinic + "/quota", ADMIN).text("monthlyQuota"))
          .isEqualTo("500");
    }

    @Test
    void checkFeatureFollowsThePlan() throws Exception {
      String starter = freshClinic("starter");
      String professional = freshClinic("professional");
      String body = "{\"action\":\"check-feature\",\"feature\":\"advancedAnalysis\",\"clinicId\":";
      assertThat(post("/api/quota/billing-test", ADMIN, body + "\"" + starter + "\"}")
          .text("data.hasFeature")).isEqualTo("false");
      assertThat(post("/api/quota/billing-test", ADMIN, body + "\"" + professional + "\"}")
          .text("data.hasFeature")).isEqualTo("true");
      assertThat(post("/api/quota/billing-test", ADMIN, "{\"action\":\"check-feature\","
          + "\"clinicId\":\"" + starter + "\"}").text("field")).isEqualTo("feature");
    }

    @Test
    void cacheStatsAndResetAreForTheAdminOnly() throws Exception {
      assertThat(get("/api/quota/performance-test?test=stats", SALES_SIAM).status())
          .isEqualTo(403);
      get("/api/clinics/siam-skin/quota", ADMIN);
      get("/api/clinics/siam-skin/quota", ADMIN);
      Answer stats = get("/api/quota/performance-test?test=stats", ADMIN);
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.body().path("stats").path("hits").asLong()).isPositive();
      assertThat(stats.body().path("stats").has("hitRate")).isTrue();
      assertThat(stats.body().path("stats").has("cacheSize")).isTrue();
      Answer cache = get("/api/quota/performance-test?test=cache", ADMIN);
      assertThat(cache.body().path("caches").has("status")).isTrue();
      assertThat(get("/api/quota/performance-test?test=benchmark", ADMIN).text("field"))
          .isEqualTo("test");

      Answer reset = post("/api/quota/performance-test", ADMIN, "{\"action\":\"reset-cache\"}");
      assertThat(reset.status()).isEqualTo(200);
      assertThat(get("/api/quota/performance-test?test=stats", ADMIN)
          .body().path("stats").path("cacheSize").asLong()).isZero();
      assertThat(post("/api/quota/performance-test", SALES_SIAM,
          "{\"action\":\"reset-cache\"}").status()).isEqualTo(403);
    }
  }

  @Nested
  class Resources {
    @Test
    void reserveCommitAndTheStateOfTheReservation() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic + "/reservations";
      Answer noKey = post(base, ADMIN, "{\"operation\":\"CLINICAL_ANALYSIS\"}");
      assertThat(noKey.status()).isEqualTo(400);
      assertThat(noKey.text("field")).isEqualTo("Idempotency-Key");

      Answer reserved = post(base, ADMIN, "{\"operation\":\"CLINICAL_ANALYSIS\"}",
          "Idempotency-Key", "r-1");
      assertThat(reserved.status()).isEqualTo(201);
      String id = reserved.text("reservationId");
      assertThat(reserved.text("hold.units")).isEqualTo("1");
      assertThat(get(base + "/" + id, ADMIN).text("state")).isEqualTo("PENDING");
      assertThat(get("/api/clinics/" + clinic + "/quota", ADMIN).text("reserved"))
          .isEqualTo("1");

      Answer committed = post(base + "/" + id + "/commit", ADMIN,
          "{\"actualUnits\":0.5,\"model\":\"gemini-3.1-pro-preview\"}");
      assertThat(committed.status()).isEqualTo(200);
      assertThat(committed.text("charge.units")).isEqualTo("0.5");
      assertThat(get(base + "/" + id, ADMIN).text("state")).isEqualTo("COMMITTED");
      assertThat(remaining(clinic)).isEqualTo("99.5");

      Answer twice = post(base + "/" + id + "/release", ADMIN, null);
      assertThat(twice.status()).isEqualTo(409);
      assertThat(twice.text("code")).isEqualTo("RESERVATION_NOT_OPEN");
      assertThat(post(base + "/nope/commit", ADMIN, null).text("code"))
          .isEqualTo("UNKNOWN_RESERVATION");
      assertThat(post(base + "/" + id + "/commit", ADMIN, "{\"actualUnits\":-1}").text("field"))
          .isEqualTo("actualUnits");
    }

    @Test
    void aReleasedReservationGivesTheUnitsBack() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic + "/reservations";
      String id = post(base, ADMIN, "{\"operation\":\"quick\"}", "Idempotency-Key", "r-2")
          .text("reservationId");
      assertThat(remaining(clinic)).isEqualTo("99.8");
      Answer released = post(base + "/" + id + "/release", ADMIN, null);
      assertThat(released.status()).isEqualTo(200);
      assertThat(released.text("returnedUnits")).isEqualTo("0.2");
      assertThat(remaining(clinic)).isEqualTo("100");
      assertThat(post(base, ADMIN, "{\"operation\":\"TELEPORT\"}", "Idempotency-Key", "r-3")
          .text("code")).isEqualTo("UNKNOWN_OPERATION");
      assertThat(post(base, ADMIN, "{}", "Idempotency-Key", "r-4").text("field"))
          .isEqualTo("operation");
    }

    @Test
    void topUpsChargesForecastAndUsage() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic;
      Answer topUp = post(base + "/topups", ADMIN, "{\"scanCount\":10}", "Idempotency-Key", "t-1");
      assertThat(topUp.status()).isEqualTo(201);
      assertThat(topUp.text("totalCost")).isEqualTo("480");
      assertThat(post(base + "/topups", ADMIN, "{\"scanCount\":10,\"pack\":\"x\"}",
          "Idempotency-Key", "t-2").text("field")).isEqualTo("pack");

      Answer charge = post(base + "/charges", ADMIN, "{\"operation\":\"QUICK_SCAN\",\"quantity\":5}",
          "Idempotency-Key", "c-1");
      assertThat(charge.status()).isEqualTo(201);
      assertThat(charge.text("charge.units")).isEqualTo("1");
      assertThat(remaining(clinic)).isEqualTo("109");

      Answer forecast = get(base + "/forecast", ADMIN);
      assertThat(forecast.status()).isEqualTo(200);
      assertThat(forecast.body().path("series").size()).isGreaterThan(27);
      Answer usage = get(base + "/usage", ADMIN);
      assertThat(usage.text("totalUnits")).isEqualTo("1");
      assertThat(get(base + "/usage?at=yesterday", ADMIN).text("field")).isEqualTo("at");
      assertThat(get(base + "/features/proposalGeneration", ADMIN).text("hasFeature"))
          .isEqualTo("true");
    }

    @Test
    void ownersSeeAlertsAndSalesDoNot() throws Exception {
      Answer bySales = get("/api/clinics/siam-skin/alerts", SALES_SIAM);
      assertThat(bySales.status()).isEqualTo(403);
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      Answer alerts = get("/api/clinics/" + clinic + "/alerts", ADMIN);
      assertThat(alerts.status()).isEqualTo(200);
      assertThat(alerts.text("level")).isEqualTo("EXHAUSTED");
      List<String> levels = new ArrayList<>();
      alerts.body().path("alerts").forEach(a -> levels.add(a.path("level").asString()));
      assertThat(levels).contains("EXHAUSTED");
      assertThat(get("/api/clinics/siam-skin/alerts", OWNER_SIAM).status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
      Answer unknown = get("/api/nothing-here", ADMIN);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.text("code")).isEqualTo("NOT_FOUND");
      Answer method = call("DELETE", "/api/clinics/siam-skin/quota", ADMIN, null);
      assertThat(method.status()).isEqualTo(405);
      assertThat(method.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
      Answer media = call("POST", "/api/ai/analyze", ADMIN, null, "Content-Type", "text/plain");
      assertThat(media.status()).isIn(400, 415);
    }
  }
}
