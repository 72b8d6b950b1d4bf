package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Refunds, disputes and voids over real HTTP: a double-clicked refund gives back once, a partial
 * one gives back what it names, a void takes the pack's unused units and says what it paid back,
 * and bad or hostile input is refused by field with nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:reversal-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class ReversalEndpointsTest extends AbstractAppTest {

  private void charge(String clinic, String key, String operation)
      throws IOException, InterruptedException {
    Answer answer = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"" + operation + "\"}", "Idempotency-Key", key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private Answer reverse(String clinic, String charge, String body, String key)
      throws IOException, InterruptedException {
    return api.post("/api/clinics/" + clinic + "/receipts/" + charge + "/reversals", ADMIN, body,
        "Idempotency-Key", key);
  }

  @Test
  void aDoubleClickedRefund_givesTheChargeBackOnce_andTheReceiptSaysSo() throws Exception {
    String clinic = freshClinic("starter");
    charge(clinic, "scan-1", "CLINICAL_ANALYSIS");

    Answer first = reverse(clinic, "scan-1", "{\"kind\":\"REFUND\",\"note\":\"wrong patient\"}",
        "refund-1");
    Answer second = reverse(clinic, "scan-1", "{\"kind\":\"REFUND\",\"note\":\"wrong patient\"}",
        "refund-1");
    Answer receipt = api.get("/api/clinics/" + clinic + "/receipts/scan-1", ADMIN);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(first.body().get("kind").asString()).isEqualTo("REFUND");
    assertThat(first.body().get("units").asString()).isEqualTo("1.000");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(receipt.body().get("reversed").asString()).isEqualTo("1.000");
    assertThat(api.quota(clinic).body().get("currentUsage").decimalValue())
        .isEqualByComparingTo("0");
  }

  @Test
  void aPartialDispute_givesBackWhatItNames_andNoMoreThanIsLeft() throws Exception {
    String clinic = freshClinic("starter");
    charge(clinic, "scan-1", "CLINICAL_ANALYSIS");

    Answer part = reverse(clinic, "scan-1", "{\"kind\":\"DISPUTE\",\"units\":0.8}", "d-1");
    Answer tooMuch = reverse(clinic, "scan-1", "{\"kind\":\"DISPUTE\",\"units\":0.5}", "d-2");

    assertThat(part.status()).as(part.text()).isEqualTo(200);
    assertThat(part.body().get("units").asString()).isEqualTo("0.800");
    assertThat(tooMuch.status()).as(tooMuch.text()).isEqualTo(409);
    assertThat(tooMuch.field("code")).isEqualTo("NOT_REVERSIBLE");
    assertThat(tooMuch.field("detail")).contains("0.200", "0.500");
  }

  @Test
  void aVoid_takesThePacksUnusedUnits_andSaysWhatItPaidBack() throws Exception {
    String clinic = freshClinic("starter");
    Answer topUp = api.post("/api/clinics/" + clinic + "/topups", ADMIN,
        "{\"pack\":\"pack-100\"}", "Idempotency-Key", "buy-pack");
    assertThat(topUp.status()).as(topUp.text()).isEqualTo(201);
    String grant = api.quota(clinic).body().get("grants").get(0).get("grantId").asString();

    Answer voided = api.post("/api/clinics/" + clinic + "/grants/" + grant + "/void", ADMIN,
        "{\"note\":\"bought twice\"}", "Idempotency-Key", "void-1");
    Answer again = api.post("/api/clinics/" + clinic + "/grants/" + grant + "/void", ADMIN,
        "{\"note\":\"bought twice\"}", "Idempotency-Key", "void-2");

    assertThat(voided.status()).as(voided.text()).isEqualTo(200);
    assertThat(voided.body().get("units").asString()).isEqualTo("100.000");
    assertThat(voided.body().get("refund").get("state").asString()).isEqualTo("PAID");
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(api.quota(clinic).body().get("grants")).isEmpty();
  }

  @Test
  void badAndHostileInput_isRefusedByField_andSalesMayNotReverse() throws Exception {
    String clinic = freshClinic("starter");
    charge(clinic, "scan-1", "QUICK_SCAN");

    Answer badKind = reverse(clinic, "scan-1", "{\"kind\":\"STEAL\"}", "r-1");
    Answer negative = reverse(clinic, "scan-1", "{\"units\":-1}", "r-2");
    Answer tooPrecise = reverse(clinic, "scan-1", "{\"units\":0.0001}", "r-3");
    Answer longNote = reverse(clinic, "scan-1", "{\"note\":\"" + "x".repeat(501) + "\"}", "r-4");
    Answer unknown = reverse(clinic, "no-such-scan", "{}", "r-5");
    Answer sales = api.post("/api/clinics/siam-skin/receipts/scan-1/reversals", SALES_SIAM, "{}",
        "Idempotency-Key", "r-6");

    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badKind.field("field")).isEqualTo("kind");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.field("field")).isEqualTo("units");
    assertThat(tooPrecise.field("field")).isEqualTo("units");
    assertThat(longNote.field("field")).isEqualTo("note");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.field("code")).isEqualTo("UNKNOWN_CHARGE");
    assertThat(sales.status()).isEqualTo(403);
    assertThat(api.get("/api/clinics/" + clinic + "/receipts/scan-1", ADMIN).body()
        .get("reversed").asString()).isEqualTo("0.000");
  }
}
