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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The receipts of a clinic's charges and the grants of its status, over real HTTP: who may read
 * them, the 404 and the 400s, and a scan after a top-up paid by the pack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:receipt-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class ReceiptEndpointsTest extends AbstractAppTest {

  @Autowired
  MutableClock clock;

  private void charge(String clinic, String token, String key, String operation)
      throws IOException, InterruptedException {
    Answer answer = api.post("/api/clinics/" + clinic + "/charges", token,
        "{\"operation\":\"" + operation + "\"}", "Idempotency-Key", key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private static List<String> keys(JsonNode receipts) {
    List<String> keys = new ArrayList<>();
    receipts.forEach(r -> keys.add(r.get("key").asString()));
    return keys;
  }

  @Test
  void aScanAfterATopUp_isPaidByThePack_andTheStatusListsThePackWithWhatIsLeft()
      throws Exception {
    String clinic = freshClinic("trial");
    charge(clinic, ADMIN, "before-1", "CLINICAL_ANALYSIS");
    charge(clinic, ADMIN, "before-2", "CLINICAL_ANALYSIS");
    Answer topUp = api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"pack\":\"pack-100\"}",
        "Idempotency-Key", "buy-pack");
    assertThat(topUp.status()).as(topUp.text()).isEqualTo(201);
    Answer scan = api.post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"requestId\":\"scan-after-pack\",\"customerInfo\":{\"name\":\"Khun A\",\"age\":30},"
        + "\"facialMetrics\":" + METRICS + "}");
    assertThat(scan.status()).as(scan.text()).isEqualTo(200);

    Answer receipt = api.get("/api/clinics/" + clinic + "/receipts/scan-after-pack", ADMIN);
    Answer list = api.get("/api/clinics/" + clinic + "/receipts", ADMIN);
    Answer status = api.quota(clinic);

    assertThat(receipt.status()).as(receipt.text()).isEqualTo(200);
    JsonNode body = receipt.body();
    assertThat(body.get("key").asString()).isEqualTo("scan-after-pack");
    assertThat(body.get("operation").asString()).isEqualTo("QUICK_SCAN");
    assertThat(body.get("user").asString()).isEqualTo("admin");
    assertThat(body.get("userName").asString()).isEqualTo("Platform admin");
    assertThat(body.get("units").asString()).isEqualTo("0.200");
    assertThat(body.get("monthlyUnits").asString()).isEqualTo("0.000");
    assertThat(body.get("overageUnits").asString()).isEqualTo("0.000");
    assertThat(body.get("grants")).hasSize(1);
    assertThat(body.get("grants").get(0).get("pack").asString()).isEqualTo("pack-100");
    assertThat(body.get("grants").get(0).get("units").asString()).isEqualTo("0.200");
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    assertThat(keys(list.body())).containsExactly("before-1", "before-2", "scan-after-pack");
    assertThat(list.body().get(0).get("monthlyUnits").asString()).isEqualTo("1.000");
    assertThat(list.body().get(2)).isEqualTo(body);
    JsonNode grants = status.body().get("grants");
    assertThat(grants).hasSize(1);
    assertThat(grants.get(0).get("grantId").asString())
        .isEqualTo(body.get("grants").get(0).get("grant").asString());
    assertThat(grants.get(0).get("pack").asString()).isEqualTo("pack-100");
    assertThat(grants.get(0).get("bought").decimalValue()).isEqualByComparingTo("100");
    assertThat(grants.get(0).get("remaining").decimalValue()).isEqualByComparingTo("99.8");
    assertThat(grants.get(0).get("reserved").decimalValue()).isEqualByComparingTo("0");
    assertThat(grants.get(0).get("expiresAt").isNull()).isTrue();
  }

  @Test
  void theOwnerReadsTheirClinicsReceiptsWithTheStaffName_salesAndOtherOwnersDoNot()
      throws Exception {
    charge("siam-skin", SALES_SIAM, "owner-reads-1", "QUICK_SCAN");

    Answer owner = api.get("/api/clinics/siam-skin/receipts/owner-reads-1", OWNER_SIAM);
    Answer ownerList = api.get("/api/clinics/siam-skin/receipts", OWNER_SIAM);
    Answer sales = api.get("/api/clinics/siam-skin/receipts/owner-reads-1", SALES_SIAM);
    Answer salesList = api.get("/api/clinics/siam-skin/receipts", SALES_SIAM);
    Answer other = api.get("/api/clinics/siam-skin/receipts/owner-reads-1", "demo-owner-phuket");
    Answer otherList = api.get("/api/clinics/siam-skin/receipts", "demo-owner-phuket");

    assertThat(owner.status()).as(owner.text()).isEqualTo(200);
    assertThat(owner.body().get("user").asString()).isEqualTo("sales-siam");
    assertThat(owner.body().get("userName").asString()).isEqualTo("Nok");
    assertThat(ownerList.status()).isEqualTo(200);
    assertThat(keys(ownerList.body())).contains("owner-reads-1");
    for (Answer refused : List.of(sales, salesList)) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(403);
      assertThat(refused.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
      assertThat(refused.body().has("key")).isFalse();
    }
    for (Answer hidden : List.of(other, otherList)) {
      assertThat(hidden.status()).as(hidden.text()).isEqualTo(404);
      assertThat(hidden.field("code")).isEqualTo("UNKNOWN_CLINIC");
      assertThat(hidden.body().has("key")).isFalse();
    }
  }

  @Test
  void aKeyWithNothingChargedIs404_andAKeyTheLibraryRefusesIs400NamingKey() throws Exception {
    String clinic = freshClinic("professional");
    Answer release = api.post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"QUICK_SCAN\"}", "Idempotency-Key", "held-then-released");
    assertThat(release.status()).as(release.text()).isEqualTo(201);
    Answer pending = api.get("/api/clinics/" + clinic + "/receipts/held-then-released", ADMIN);
    Answer unknown = api.get("/api/clinics/" + clinic + "/receipts/never-used", ADMIN);
    Answer control = api.get("/api/clinics/" + clinic + "/receipts/bad%07key", ADMIN);
    Answer tooLong = api.get("/api/clinics/" + clinic + "/receipts/" + "k".repeat(256), ADMIN);

    for (Answer missing : List.of(pending, unknown)) {
      assertThat(missing.status()).as(missing.text()).isEqualTo(404);
      assertThat(missing.raw().headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(missing.field("code")).isEqualTo("NOT_FOUND");
      assertThat(missing.field("field")).isEqualTo("key");
    }
    for (Answer bad : List.of(control, tooLong)) {
      assertThat(bad.status()).as(bad.text()).isEqualTo(400);
      assertThat(bad.field("code")).isEqualTo("INVALID_ARGUMENT");
      assertThat(bad.field("field")).isEqualTo("key");
    }
  }

  @Test
  void aBadPeriodIs400NamingPeriod_andAPastPeriodListsItsReceipts() throws Exception {
    String clinic = freshClinic("professional");
    charge(clinic, ADMIN, "november-1", "QUICK_SCAN");
    for (String period : List.of("2026-13", "2026-3", "1999-01", "2099-01")) {
      Answer bad = api.get("/api/clinics/" + clinic + "/receipts?period=" + period, ADMIN,
          "Accept-Language", "th");
      assertThat(bad.status()).as(period + " " + bad.text()).isEqualTo(400);
      assertThat(bad.field("code")).isEqualTo("INVALID_ARGUMENT");
      assertThat(bad.field("field")).isEqualTo("period");
    }

    clock.advance(Duration.ofDays(30));
    charge(clinic, ADMIN, "december-1", "QUICK_SCAN");
    Answer november = api.get("/api/clinics/" + clinic + "/receipts?period=2026-11", ADMIN);
    Answer current = api.get("/api/clinics/" + clinic + "/receipts", ADMIN);

    assertThat(november.status()).as(november.text()).isEqualTo(200);
    assertThat(keys(november.body())).containsExactly("november-1");
    assertThat(keys(current.body())).containsExactly("december-1");
  }
}
