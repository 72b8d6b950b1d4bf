package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static com.bnaura.quota.examples.clinic.HeadlessChromium.THAI_LETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The app's own errors (not the quota engine's refusals) over HTTP in the caller's {@code
 * Accept-Language}: Thai for {@code th}, from the message bundle, with the field names, codes and
 * inputs as they are; English, unchanged, for {@code en}, another language or none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:error-language;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class ErrorLanguageTest extends AbstractAppTest {

  private static final String[] THAI = {"Accept-Language", "th-TH,th;q=0.9"};

  @Test
  void aValidation400_isInThai_namingTheFieldAsItIs() throws Exception {
    String body = "{\"quantity\":1}";

    Answer thai = api.post("/api/clinics/siam-skin/charges", ADMIN, body, "Idempotency-Key",
        "v-th", THAI[0], THAI[1]);
    Answer english = api.post("/api/clinics/siam-skin/charges", ADMIN, body, "Idempotency-Key",
        "v-en");

    assertThat(thai.status()).isEqualTo(400);
    assertThat(thai.field("code")).isEqualTo("INVALID_ARGUMENT");
    assertThat(thai.field("field")).isEqualTo("operation");
    assertThat(thai.field("detail")).isEqualTo("ต้องระบุ operation เช่น QUICK_SCAN");
    assertThat(thai.field("title")).isEqualTo("ข้อมูลไม่ถูกต้อง");
    assertThat(english.field("detail")).isEqualTo("operation is required, such as QUICK_SCAN");
    assertThat(english.field("title")).isEqualTo("Invalid argument");
  }

  @Test
  void aBodyOfTheWrongType_isInThai_withTheFieldPath() throws Exception {
    Answer thai = api.post("/api/clinics/siam-skin/charges", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":\"two\"}", "Idempotency-Key", "t-th",
        THAI[0], THAI[1]);
    Answer french = api.post("/api/clinics/siam-skin/charges", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":\"two\"}", "Idempotency-Key", "t-fr",
        "Accept-Language", "fr-FR");

    assertThat(thai.status()).isEqualTo(400);
    assertThat(thai.field("detail")).isEqualTo("quantity ต้องเป็นจำนวนเต็ม");
    assertThat(french.field("detail")).isEqualTo("quantity must be a whole number");
  }

  @Test
  void theRefusalsOfWhoMayCall_areInThai() throws Exception {
    Answer noToken = api.get("/api/clinics/siam-skin/quota", null, THAI);
    Answer badToken = api.get("/api/clinics/siam-skin/quota", "no-such-token", THAI);
    Answer role = api.get("/api/clinics/siam-skin/alerts", SALES_SIAM, THAI);
    Answer otherClinic = api.get("/api/clinics/phuket-trial/quota", OWNER_SIAM, THAI);

    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.field("detail")).matches(THAI_LETTERS)
        .contains("'Authorization: Bearer <token>'");
    assertThat(noToken.field("title")).isEqualTo("ยังไม่ได้ยืนยันตัวตน");
    assertThat(badToken.status()).isEqualTo(401);
    assertThat(badToken.field("detail")).isEqualTo("โทเคนนี้ไม่ตรงกับผู้ใช้ใด");
    assertThat(role.status()).isEqualTo(403);
    assertThat(role.field("detail")).isEqualTo("ผู้ใช้บทบาท SALES ทำรายการนี้ไม่ได้ ต้องเป็น"
        + " [OWNER, ADMIN]");
    assertThat(role.field("quotaExceeded")).isEqualTo("false");
    assertThat(otherClinic.status()).isEqualTo(404);
    assertThat(otherClinic.field("detail")).isEqualTo("ไม่รู้จักคลินิก 'phuket-trial'");
    assertThat(otherClinic.field("code")).isEqualTo("UNKNOWN_CLINIC");
  }

  @Test
  void theDoorsRefusals_404_413_415_areInThai() throws Exception {
    Answer notFound = api.get("/api/nothing-here", ADMIN, THAI);
    Answer mediaType = api.call("POST", "/api/clinics/siam-skin/charges", ADMIN, null,
        "Content-Type", "text/plain", "Idempotency-Key", "m-th", THAI[0], THAI[1]);
    Answer tooLarge = api.post("/api/clinics/siam-skin/charges", ADMIN,
        "{\"operation\":\"" + "x".repeat(70_000) + "\"}", "Idempotency-Key", "l-th",
        THAI[0], THAI[1]);

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.field("detail")).matches(THAI_LETTERS).contains("api/nothing-here");
    assertThat(notFound.field("title")).isEqualTo("ไม่พบ");
    assertThat(mediaType.status()).isEqualTo(415);
    assertThat(mediaType.field("title")).isEqualTo("ไม่รองรับชนิดสื่อนี้");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.field("detail")).matches(THAI_LETTERS).contains("65536");
  }

  @Test
  void theOldEndpoints_answerTheSameBytesWithoutThai_andTheirOwnErrorsInThaiWhenAsked()
      throws Exception {
    String body = "{\"action\":\"purchase-topup\",\"clinicId\":\"siam-skin\","
        + "\"scanCount\":0.5}";

    Answer english = api.post("/api/quota/billing-test", ADMIN, body);
    Answer thai = api.post("/api/quota/billing-test", ADMIN, body, THAI);

    assertThat(english.text()).isEqualTo("{\"success\":false,\"code\":\"INVALID_ARGUMENT\","
        + "\"message\":\"scanCount must be a whole number from 1 to 100000, was 0.5\","
        + "\"field\":\"scanCount\"}");
    assertThat(thai.field("message")).isEqualTo(
        "scanCount ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 100000 แต่ได้ 0.5");
    assertThat(thai.field("field")).isEqualTo("scanCount");
  }
}
