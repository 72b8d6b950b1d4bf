package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static com.bnaura.quota.examples.clinic.TestApi.METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import com.bnaura.quota.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Every endpoint of the clinic app over real HTTP, with the demo users of {@code application.yml}
 * and, where a test needs a clean balance, a clinic of its own. Unhappy paths come first in each
 * group: a bad request must get a 4xx JSON error naming the field, and change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class ClinicApiTest extends AbstractAppTest {

  @Autowired
  MutableClock clock;

  String remaining(String clinic) throws IOException, InterruptedException {
    return api.get("/api/clinics/" + clinic + "/quota", ADMIN).field("totalRemaining");
  }

  Answer scan(String clinic, boolean pro, String extra) throws IOException, InterruptedException {
    return api.post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic + "\",\"useProModel\":"
        + pro + ",\"customerInfo\":{\"name\":\"Khun A\",\"age\":30},\"facialMetrics\":" + METRICS
        + (extra == null ? "" : "," + extra) + "}");
  }

  @Nested
  class Credentials {
    @Test
    void noCredentialIs401WithACode() throws Exception {
      Answer answer = api.get("/api/quota/usage?clinicId=siam-skin", null);
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.field("code")).isEqualTo("UNAUTHENTICATED");
      assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(answer.body().has("data")).isFalse();
    }

    @Test
    void aWrongTokenIs401() throws Exception {
      assertThat(api.get("/api/clinics/siam-skin/quota", "not-a-token").status()).isEqualTo(401);
      Answer viaApiKey = api.call("GET", "/api/clinics/siam-skin/quota", null, null,
          "X-API-Key", "nope");
      assertThat(viaApiKey.status()).isEqualTo(401);
    }

    @Test
    void theApiKeyHeaderWorksLikeTheBearerToken() throws Exception {
      Answer answer = api.call("GET", "/api/me", null, null, "X-API-Key", SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.field("role")).isEqualTo("SALES");
      assertThat(answer.field("clinicId")).isEqualTo("siam-skin");
      assertThat(answer.field("offlineDemo")).isEqualTo("true");
    }

    @Test
    void salesAndOwnersSeeNothingOfAnotherClinic() throws Exception {
      for (String path : List.of("/api/clinics/phuket-trial/quota",
          "/api/clinics/phuket-trial/usage", "/api/clinics/phuket-trial/forecast",
          "/api/quota/usage?clinicId=phuket-trial",
          "/api/quota/billing-test?action=quota-config&clinicId=phuket-trial")) {
        Answer answer = api.get(path, OWNER_SIAM);
        assertThat(answer.status()).as(path).isEqualTo(404);
        assertThat(answer.field("code")).as(path).isEqualTo("UNKNOWN_CLINIC");
        assertThat(answer.body().has("data")).as(path).isFalse();
        assertThat(answer.body().has("monthlyQuota")).as(path).isFalse();
      }
      String before = remaining("phuket-trial");
      Answer topUp = api.post("/api/clinics/phuket-trial/topups", SALES_SIAM, "{\"scanCount\":5}",
          "Idempotency-Key", "k-other");
      Answer scan = api.post("/api/ai/analyze", SALES_SIAM,
          "{\"clinicId\":\"phuket-trial\",\"facialMetrics\":" + METRICS + "}");
      assertThat(topUp.status()).isEqualTo(404);
      assertThat(scan.status()).isEqualTo(404);
      assertThat(remaining("phuket-trial")).isEqualTo(before);
    }

    @Test
    void theClinicListShowsOwnClinicToSalesAndAllToTheAdmin() throws Exception {
      assertThat(api.get("/api/clinics", SALES_SIAM).body()).hasSize(1);
      Answer all = api.get("/api/clinics", ADMIN);
      List<String> ids = new ArrayList<>();
      all.body().forEach(row -> ids.add(row.path("clinicId").asString()));
      assertThat(ids).containsExactly("siam-skin", "chiangmai-glow", "phuket-trial");
    }

    @Test
    void theOpenApiDocumentIsOpenAndListsEveryEndpoint() throws Exception {
      Answer doc = api.get("/v3/api-docs", null);
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
      assertThat(answer.field("success")).isEqualTo("true");
      assertThat(answer.field("quotaInfo.consumed")).isEqualTo("0.2");
      assertThat(answer.field("quotaInfo.remaining")).isEqualTo("99.8");
      assertThat(answer.field("quotaInfo.willIncurCharge")).isEqualTo("false");
      assertThat(answer.field("modelUsed")).isEqualTo("offline-demo-flash");
      assertThat(answer.field("offlineDemo")).isEqualTo("true");
      assertThat(answer.field("notice")).contains("Offline demo analyzer");
      assertThat(answer.field("analysis.summary")).startsWith("Offline demo analysis");
      assertThat(answer.body().path("analysis").path("overallScore").asInt()).isBetween(0, 100);
    }

    @Test
    void theProModelCostsOneUnit() throws Exception {
      String clinic = freshClinic("starter");
      Answer answer = scan(clinic, true, null);
      assertThat(answer.field("quotaInfo.consumed")).isEqualTo("1");
      assertThat(answer.field("modelUsed")).isEqualTo("offline-demo-pro");
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
      assertThat(refused.field("code")).isEqualTo("403_QUOTA_EXCEEDED");
      assertThat(refused.field("error")).isEqualTo("Cannot perform AI analysis");
      assertThat(refused.field("quotaExceeded")).isEqualTo("true");
      assertThat(refused.field("remainingQuota")).isEqualTo("0");
      assertThat(refused.field("willIncurCharge")).isEqualTo("true");
      assertThat(refused.field("estimatedCost")).isEqualTo("15");
      assertThat(refused.field("message")).contains("เกินโควตา");
      assertThat(refused.field("messageEnglish")).contains("Quota exceeded");
      assertThat(refused.body().path("topUpSuggestion").path("price").isNumber()).isTrue();
      assertThat(api.get("/api/clinics/" + clinic + "/quota", ADMIN).field("overageUnits"))
          .isEqualTo("0");
    }

    @Test
    void acceptingTheOverageChargeGoesAheadAndBillsIt() throws Exception {
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      Answer answer = scan(clinic, false, "\"acceptOverageCharge\":true");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.field("quotaInfo.willIncurCharge")).isEqualTo("true");
      Answer quota = api.get("/api/clinics/" + clinic + "/quota", ADMIN);
      assertThat(quota.field("overageUnits")).isEqualTo("0.2");
      assertThat(quota.field("overageBalance")).isEqualTo("15");
    }

    @Test
    void aRepeatScanOfTheSameCustomerWithin24HoursIsFree() throws Exception {
      String clinic = freshClinic("starter");
      assertThat(scan(clinic, false, "\"customerId\":\"cust-1\"").field("quotaInfo.consumed"))
          .isEqualTo("0.2");
      clock.advance(Duration.ofHours(23));
      Answer repeat = scan(clinic, false, "\"customerId\":\"cust-1\"");
      assertThat(repeat.field("quotaInfo.consumed")).isEqualTo("0");
      assertThat(repeat.field("quotaInfo.free")).isEqualTo("true");
      // a clinical analysis inside the window pays only the difference
      assertThat(scan(clinic, true, "\"customerId\":\"cust-1\"").field("quotaInfo.consumed"))
          .isEqualTo("0.8");
      // another customer pays
      assertThat(scan(clinic, false, "\"customerId\":\"cust-2\"").field("quotaInfo.consumed"))
          .isEqualTo("0.2");
      clock.advance(Duration.ofHours(1));
      assertThat(scan(clinic, false, "\"customerId\":\"cust-1\"").field("quotaInfo.consumed"))
          .isEqualTo("0.2");
      Answer stats = api.get("/api/clinics/" + clinic + "/usage", ADMIN);
      // the free quick scan and the 0.2 already paid of the clinical analysis were waived
      assertThat(stats.field("freeRepeatScans.count")).isEqualTo("2");
      assertThat(stats.field("freeRepeatScans.units")).isEqualTo("0.4");
      assertThat(remaining(clinic)).isEqualTo("98.6");
    }

    @Test
    void theSameRequestIdIsAnsweredOnceAndChargedOnce() throws Exception {
      String clinic = freshClinic("starter");
      Answer first = api.post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
          + "\",\"facialMetrics\":" + METRICS + "}", "Idempotency-Key", "scan-1");
      assertThat(first.status()).isEqualTo(200);
      Answer again = api.post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
          + "\",\"facialMetrics\":" + METRICS + "}", "Idempotency-Key", "scan-1");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.field("replayed")).isEqualTo("true");
      assertThat(again.field("analysis")).isEqualTo(first.field("analysis"));
      assertThat(again.field("quotaInfo")).isEqualTo(first.field("quotaInfo"));
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
        Answer answer = api.post("/api/ai/analyze", ADMIN, c.body());
        assertThat(answer.status()).as(c.body()).isEqualTo(400);
        assertThat(answer.field("code")).as(c.body()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.field("field")).as(c.body()).isEqualTo(c.field());
      }
      assertThat(remaining(clinic)).isEqualTo("100");
      assertThat(api.get("/api/clinics/" + clinic + "/usage", ADMIN).field("totalScans"))
          .isEqualTo("0");
    }

    @Test
    void anUnknownClinicIs404() throws Exception {
      Answer answer = api.post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"no-such-clinic\","
          + "\"facialMetrics\":" + METRICS + "}");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.field("code")).isEqualTo("UNKNOWN_CLINIC");
    }

    @Test
    void onlyAnAdminMayRecordAScanUnderAnotherUser() throws Exception {
      Answer answer = api.post("/api/ai/analyze", SALES_SIAM, "{\"userId\":\"someone-else\","
          + "\"facialMetrics\":" + METRICS + "}");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.field("recordedUserId")).isEqualTo("sales-siam");
      assertThat(answer.field("userIdNotice")).contains("someone-else");
    }
  }

  @Nested
  class OldBillingEndpoints {
    @Test
    void quotaConfigHasTheOldFields() throws Exception {
      Answer answer = api.get("/api/quota/billing-test?action=quota-config&clinicId=siam-skin",
          SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.field("success")).isEqualTo("true");
      assertThat(answer.field("data.plan")).isEqualTo("professional");
      assertThat(answer.field("data.monthlyQuota")).isEqualTo("500");
      assertThat(answer.field("data.overageRate")).isEqualTo("60");
      assertThat(answer.body().path("data").has("currentUsage")).isTrue();
      assertThat(answer.field("data.resetDate")).isEqualTo("2026-11-30T17:00:00Z");
      assertThat(answer.field("data.asOf")).isEqualTo(clock.instant().toString());
    }

    @Test
    void usageStatsAndRecommendationsAnswerForTheCallersOwnClinic() throws Exception {
      Answer stats = api.get("/api/quota/billing-test?action=usage-stats", SALES_SIAM);
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.field("data.clinicId")).isEqualTo("siam-skin");
      Answer recs = api.get("/api/quota/billing-test?action=recommendations", SALES_SIAM);
      assertThat(recs.status()).isEqualTo(200);
      assertThat(recs.body().path("data").path("recommendations").isArray()).isTrue();
    }

    @Test
    void aMissingOrUnknownActionIs400() throws Exception {
      Answer missing = api.get("/api/quota/billing-test?clinicId=siam-skin", SALES_SIAM);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.field("field")).isEqualTo("action");
      Answer unknown = api.get("/api/quota/billing-test?action=drop-tables", SALES_SIAM);
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.field("field")).isEqualTo("action");
      Answer unknownPost = api.post("/api/quota/billing-test", OWNER_SIAM, "{\"action\":\"nope\"}");
      assertThat(unknownPost.field("field")).isEqualTo("action");
    }

    @Test
    void theOldUsageEndpointSimplyWorks() throws Exception {
      Answer answer = api.get("/api/quota/usage?clinicId=siam-skin", SALES_SIAM);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.field("data.clinicId")).isEqualTo("siam-skin");
      assertThat(answer.field("data.monthlyQuota")).isEqualTo("500");
    }

    @Test
    void purchaseTopUpAnswersTheOldBodyAndAKeyMakesItSafeToRetry() throws Exception {
      String clinic = freshClinic("starter");
      String body = "{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic
          + "\",\"scanCount\":100}";
      Answer first = api.post("/api/quota/billing-test", ADMIN, body, "Idempotency-Key", "buy-1");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.field("data.success")).isEqualTo("true");
      assertThat(first.field("data.totalCost")).isEqualTo("4800");
      assertThat(first.field("data.newQuota")).isEqualTo("100");
      assertThat(first.field("data.transactionId")).startsWith("topup_");
      Answer retry = api.post("/api/quota/billing-test", ADMIN, body, "Idempotency-Key", "buy-1");
      assertThat(retry.field("data.transactionId")).isEqualTo(first.field("data.transactionId"));
      assertThat(remaining(clinic)).isEqualTo("200");
      Answer conflict = api.post("/api/quota/billing-test", ADMIN, body.replace("100}", "50}"),
          "Idempotency-Key", "buy-1");
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.field("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aBadScanCountIs400AndBuysNothing() throws Exception {
      String clinic = freshClinic("starter");
      for (String count : List.of("0", "-5", "1.5", "100001", "\"abc\"", "null", "1e400")) {
        Answer answer = api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"purchase-topup\","
            + "\"clinicId\":\"" + clinic + "\",\"scanCount\":" + count + "}");
        assertThat(answer.status()).as(count).isEqualTo(400);
        assertThat(answer.field("field")).as(count).isEqualTo("scanCount");
      }
      assertThat(remaining(clinic)).isEqualTo("100");
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesThePlan() throws Exception {
      Answer bySales = api.post("/api/quota/billing-test", SALES_SIAM,
          "{\"action\":\"update-plan\",\"planId\":\"enterprise\"}");
      assertThat(bySales.status()).isEqualTo(403);
      assertThat(bySales.field("code")).isEqualTo("ROLE_NOT_ALLOWED");

      String clinic = freshClinic("starter");
      Answer unknown = api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"platinum\"}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.field("code")).isEqualTo("UNKNOWN_PLAN");
      Answer noPlan = api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\"}");
      assertThat(noPlan.field("field")).isEqualTo("planId");
      Answer badTiming = api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"professional\",\"timing\":\"soon\"}");
      assertThat(badTiming.field("field")).isEqualTo("timing");

      Answer upgrade = api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"update-plan\","
          + "\"clinicId\":\"" + clinic + "\",\"planId\":\"professional\"}");
      assertThat(upgrade.status()).isEqualTo(200);
      assertThat(upgrade.field("data.immediate")).isEqualTo("true");
      assertThat(api.get("/api/clinics/" + clinic + "/quota", ADMIN).field("monthlyQuota"))
          .isEqualTo("500");
    }

    @Test
    void checkFeatureFollowsThePlan() throws Exception {
      String starter = freshClinic("starter");
      String professional = freshClinic("professional");
      String body = "{\"action\":\"check-feature\",\"feature\":\"advancedAnalysis\",\"clinicId\":";
      assertThat(api.post("/api/quota/billing-test", ADMIN, body + "\"" + starter + "\"}")
          .field("data.hasFeature")).isEqualTo("false");
      assertThat(api.post("/api/quota/billing-test", ADMIN, body + "\"" + professional + "\"}")
          .field("data.hasFeature")).isEqualTo("true");
      assertThat(api.post("/api/quota/billing-test", ADMIN, "{\"action\":\"check-feature\","
          + "\"clinicId\":\"" + starter + "\"}").field("field")).isEqualTo("feature");
    }

    @Test
    void cacheStatsAndResetAreForTheAdminOnly() throws Exception {
      assertThat(api.get("/api/quota/performance-test?test=stats", SALES_SIAM).status())
          .isEqualTo(403);
      api.get("/api/clinics/siam-skin/quota", ADMIN);
      api.get("/api/clinics/siam-skin/quota", ADMIN);
      Answer stats = api.get("/api/quota/performance-test?test=stats", ADMIN);
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.body().path("stats").path("hits").asLong()).isPositive();
      assertThat(stats.body().path("stats").has("hitRate")).isTrue();
      assertThat(stats.body().path("stats").has("cacheSize")).isTrue();
      Answer cache = api.get("/api/quota/performance-test?test=cache", ADMIN);
      assertThat(cache.body().path("caches").has("status")).isTrue();
      assertThat(api.get("/api/quota/performance-test?test=benchmark", ADMIN).field("field"))
          .isEqualTo("test");

      Answer reset = api.post("/api/quota/performance-test", ADMIN, "{\"action\":\"reset-cache\"}");
      assertThat(reset.status()).isEqualTo(200);
      assertThat(api.get("/api/quota/performance-test?test=stats", ADMIN)
          .body().path("stats").path("cacheSize").asLong()).isZero();
      assertThat(api.post("/api/quota/performance-test", SALES_SIAM,
          "{\"action\":\"reset-cache\"}").status()).isEqualTo(403);
    }
  }

  @Nested
  class Resources {
    @Test
    void reserveCommitAndTheStateOfTheReservation() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic + "/reservations";
      Answer noKey = api.post(base, ADMIN, "{\"operation\":\"CLINICAL_ANALYSIS\"}");
      assertThat(noKey.status()).isEqualTo(400);
      assertThat(noKey.field("field")).isEqualTo("Idempotency-Key");

      Answer reserved = api.post(base, ADMIN, "{\"operation\":\"CLINICAL_ANALYSIS\"}",
          "Idempotency-Key", "r-1");
      assertThat(reserved.status()).isEqualTo(201);
      String id = reserved.field("reservationId");
      assertThat(reserved.field("hold.units")).isEqualTo("1");
      assertThat(api.get(base + "/" + id, ADMIN).field("state")).isEqualTo("PENDING");
      assertThat(api.get("/api/clinics/" + clinic + "/quota", ADMIN).field("reserved"))
          .isEqualTo("1");

      Answer committed = api.post(base + "/" + id + "/commit", ADMIN,
          "{\"actualUnits\":0.5,\"model\":\"gemini-3.1-pro-preview\"}");
      assertThat(committed.status()).isEqualTo(200);
      assertThat(committed.field("charge.units")).isEqualTo("0.5");
      assertThat(api.get(base + "/" + id, ADMIN).field("state")).isEqualTo("COMMITTED");
      assertThat(remaining(clinic)).isEqualTo("99.5");

      Answer twice = api.post(base + "/" + id + "/release", ADMIN, null);
      assertThat(twice.status()).isEqualTo(409);
      assertThat(twice.field("code")).isEqualTo("RESERVATION_NOT_OPEN");
      assertThat(api.post(base + "/nope/commit", ADMIN, null).field("code"))
          .isEqualTo("UNKNOWN_RESERVATION");
      assertThat(api.post(base + "/" + id + "/commit", ADMIN, "{\"actualUnits\":-1}")
          .field("field")).isEqualTo("actualUnits");
    }

    @Test
    void aReleasedReservationGivesTheUnitsBack() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic + "/reservations";
      String id = api.post(base, ADMIN, "{\"operation\":\"quick\"}", "Idempotency-Key", "r-2")
          .field("reservationId");
      assertThat(remaining(clinic)).isEqualTo("99.8");
      Answer released = api.post(base + "/" + id + "/release", ADMIN, null);
      assertThat(released.status()).isEqualTo(200);
      assertThat(released.field("returnedUnits")).isEqualTo("0.2");
      assertThat(remaining(clinic)).isEqualTo("100");
      assertThat(api.post(base, ADMIN, "{\"operation\":\"TELEPORT\"}", "Idempotency-Key", "r-3")
          .field("code")).isEqualTo("UNKNOWN_OPERATION");
      assertThat(api.post(base, ADMIN, "{}", "Idempotency-Key", "r-4").field("field"))
          .isEqualTo("operation");
    }

    @Test
    void topUpsChargesForecastAndUsage() throws Exception {
      String clinic = freshClinic("starter");
      String base = "/api/clinics/" + clinic;
      Answer topUp = api.post(base + "/topups", ADMIN, "{\"scanCount\":10}",
          "Idempotency-Key", "t-1");
      assertThat(topUp.status()).isEqualTo(201);
      assertThat(topUp.field("totalCost")).isEqualTo("480");
      assertThat(api.post(base + "/topups", ADMIN, "{\"scanCount\":10,\"pack\":\"x\"}",
          "Idempotency-Key", "t-2").field("field")).isEqualTo("pack");

      Answer charge = api.post(base + "/charges", ADMIN,
          "{\"operation\":\"QUICK_SCAN\",\"quantity\":5}", "Idempotency-Key", "c-1");
      assertThat(charge.status()).isEqualTo(201);
      assertThat(charge.field("charge.units")).isEqualTo("1");
      assertThat(remaining(clinic)).isEqualTo("109");

      Answer forecast = api.get(base + "/forecast", ADMIN);
      assertThat(forecast.status()).isEqualTo(200);
      assertThat(forecast.body().path("series").size()).isGreaterThan(27);
      Answer usage = api.get(base + "/usage", ADMIN);
      assertThat(usage.field("totalUnits")).isEqualTo("1");
      assertThat(api.get(base + "/usage?at=yesterday", ADMIN).field("field")).isEqualTo("at");
      assertThat(api.get(base + "/features/proposalGeneration", ADMIN).field("hasFeature"))
          .isEqualTo("true");
    }

    @Test
    void ownersSeeAlertsAndSalesDoNot() throws Exception {
      Answer bySales = api.get("/api/clinics/siam-skin/alerts", SALES_SIAM);
      assertThat(bySales.status()).isEqualTo(403);
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      Answer alerts = api.get("/api/clinics/" + clinic + "/alerts", ADMIN);
      assertThat(alerts.status()).isEqualTo(200);
      assertThat(alerts.field("level")).isEqualTo("EXHAUSTED");
      List<String> levels = new ArrayList<>();
      alerts.body().path("alerts").forEach(a -> levels.add(a.path("level").asString()));
      assertThat(levels).contains("EXHAUSTED");
      assertThat(api.get("/api/clinics/siam-skin/alerts", OWNER_SIAM).status()).isEqualTo(200);
    }

    @Test
    void aTopUpAfterTheRunOut_showsARecoveryInTheAlertList_inEnglishAndThai() throws Exception {
      String clinic = freshClinic("trial");
      scan(clinic, true, null);
      scan(clinic, true, null);
      String alerts = "/api/clinics/" + clinic + "/alerts";
      String repeat = api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"scanCount\":10}",
          "Idempotency-Key", "t-recover").field("transactionId");

      api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"scanCount\":10}",
          "Idempotency-Key", "t-recover");
      Answer english = api.get(alerts, ADMIN, "Accept-Language", "en");
      Answer thai = api.get(alerts, ADMIN, "Accept-Language", "th-TH,th;q=0.9");

      assertThat(repeat).startsWith("topup_");
      assertThat(english.body().path("level").isNull()).as("no level after the top-up").isTrue();
      List<String> levels = new ArrayList<>();
      english.body().path("alerts").forEach(a -> levels.add(a.path("level").asString()));
      assertThat(levels).as("newest first, one recovery for the top-up and none for its retry")
          .startsWith("RECOVERED", "EXHAUSTED").containsOnlyOnce("RECOVERED");
      var recovery = english.body().path("alerts").get(0);
      List<String> armed = new ArrayList<>();
      recovery.path("recovered").forEach(l -> armed.add(l.asString()));
      assertThat(armed).contains("WARNING", "CRITICAL", "EXHAUSTED");
      assertThat(recovery.path("remaining").asString()).isEqualTo("10");
      assertThat(recovery.path("message").asString()).contains(clinic, "is back to", "10.000 units");
      assertThat(thai.body().path("alerts").get(0).path("message").asString())
          .contains(clinic, "กลับมาเหลือ", "10.000 หน่วย");
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
      Answer unknown = api.get("/api/nothing-here", ADMIN);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.field("code")).isEqualTo("NOT_FOUND");
      Answer method = api.call("DELETE", "/api/clinics/siam-skin/quota", ADMIN, null);
      assertThat(method.status()).isEqualTo(405);
      assertThat(method.field("code")).isEqualTo("METHOD_NOT_ALLOWED");
      Answer media = api.call("POST", "/api/ai/analyze", ADMIN, null, "Content-Type", "text/plain");
      assertThat(media.status()).isIn(400, 415);
    }
  }
}
