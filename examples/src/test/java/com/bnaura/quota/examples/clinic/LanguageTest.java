package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Sentences for people in the caller's {@code Accept-Language}: Thai for {@code th}, English for
 * {@code en}, for no header and for a language the app does not speak; the old endpoints keep
 * their old bodies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:language;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class LanguageTest extends AbstractAppTest {

  /** Any letter of the Thai script; not the baht sign (U+0E3F), which every language shows. */
  private static final String THAI_LETTERS = "(?s).*[\\u0E01-\\u0E3A\\u0E40-\\u0E5B].*";

  @Test
  void aRefusal_withAcceptLanguageThai_isInThai_andWithEnglish_isInEnglish() throws Exception {
    String clinic = freshClinic("trial");
    api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":2}", "Idempotency-Key", "fill");
    String oneMore = "{\"operation\":\"CLINICAL_ANALYSIS\"}";

    Answer thai = api.post("/api/clinics/" + clinic + "/reservations", ADMIN, oneMore,
        "Idempotency-Key", "one-more-th", "Accept-Language", "th-TH,th;q=0.9");
    Answer english = api.post("/api/clinics/" + clinic + "/reservations", ADMIN, oneMore,
        "Idempotency-Key", "one-more-en", "Accept-Language", "en");

    assertThat(thai.status()).isEqualTo(403);
    assertThat(thai.field("detail")).matches(THAI_LETTERS).contains("เกินโควตา");
    assertThat(english.status()).isEqualTo(403);
    assertThat(english.field("detail")).startsWith("Quota exceeded").doesNotMatch(THAI_LETTERS);
  }

  @Test
  void anUnknownClinic_isInTheCallersLanguage_andEnglishWithoutOneItSpeaks() throws Exception {
    Answer thai = api.get("/api/clinics/nowhere/quota", ADMIN, "Accept-Language", "th");
    Answer french = api.get("/api/clinics/nowhere/quota", ADMIN, "Accept-Language", "fr-FR");
    Answer none = api.get("/api/clinics/nowhere/quota", ADMIN);

    assertThat(thai.field("detail")).matches(THAI_LETTERS).contains("nowhere");
    assertThat(french.field("detail")).doesNotMatch(THAI_LETTERS).contains("nowhere");
    assertThat(none.field("detail")).isEqualTo(french.field("detail"));
  }

  @Test
  void theOldEndpoints_keepTheirEnglishMessageAndThaiMessage_whateverTheLanguage()
      throws Exception {
    Answer old = api.get("/api/quota/usage?clinicId=nowhere", ADMIN, "Accept-Language", "th");

    assertThat(old.field("success")).isEqualTo("false");
    assertThat(old.field("message")).doesNotMatch(THAI_LETTERS).contains("nowhere");
  }

  @Test
  void theAvailabilityAndForecast_sayWhyInTheCallersLanguage() throws Exception {
    String clinic = freshClinic("trial");
    api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":2}", "Idempotency-Key", "fill");

    Answer thai = api.get("/api/clinics/" + clinic + "/availability?operation=QUICK_SCAN", ADMIN,
        "Accept-Language", "th");
    Answer english = api.get("/api/clinics/" + clinic + "/availability?operation=QUICK_SCAN",
        ADMIN, "Accept-Language", "en");
    Answer forecastThai = api.get("/api/clinics/" + clinic + "/forecast", ADMIN,
        "Accept-Language", "th");
    Answer forecastEnglish = api.get("/api/clinics/" + clinic + "/forecast", ADMIN);

    assertThat(thai.field("canProceed")).isEqualTo("false");
    assertThat(thai.field("message")).matches(THAI_LETTERS);
    assertThat(english.field("message")).isNotBlank().doesNotMatch(THAI_LETTERS);
    assertThat(forecastThai.field("message")).matches(THAI_LETTERS);
    assertThat(forecastEnglish.field("message")).isNotBlank().doesNotMatch(THAI_LETTERS);
  }

  @Test
  void anOfflineAnalysis_isWrittenInTheCallersLanguage() throws Exception {
    String clinic = freshClinic("professional");
    String scan = "{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":" + TestApi.METRICS + "}";

    Answer thai = api.post("/api/ai/analyze", ADMIN, scan, "Accept-Language", "th");
    Answer english = api.post("/api/ai/analyze", ADMIN, scan, "Accept-Language", "en");

    assertThat(thai.status()).isEqualTo(200);
    assertThat(thai.field("analysis.summary")).matches(THAI_LETTERS);
    assertThat(thai.body().path("analysis").path("recommendations").get(0).path("treatment")
        .asString()).matches(THAI_LETTERS);
    assertThat(english.field("analysis.summary")).startsWith("Offline demo analysis")
        .doesNotMatch(THAI_LETTERS);
  }
}
