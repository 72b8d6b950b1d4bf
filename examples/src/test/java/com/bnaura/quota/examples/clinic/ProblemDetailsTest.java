package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The two shapes of an error: RFC 9457 problem details on the resource endpoints, the old body
 * on the old system's endpoints, which its clients read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:security;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class ProblemDetailsTest extends AbstractAppTest {

  @Test
  void anUnknownClinic_onAResourceEndpoint_isAProblemDetail() throws Exception {
    Answer answer = api.get("/api/clinics/nowhere/quota", ADMIN);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(answer.field("type")).isEqualTo("urn:bnaura:quota:problem:UNKNOWN_CLINIC");
    assertThat(answer.field("title")).isEqualTo("Unknown clinic");
    assertThat(answer.field("status")).isEqualTo("404");
    assertThat(answer.field("detail")).contains("nowhere");
    assertThat(answer.field("instance")).isEqualTo("/api/clinics/nowhere/quota");
    assertThat(answer.field("code")).isEqualTo("UNKNOWN_CLINIC");
    assertThat(answer.body().has("success")).isFalse();
    assertThat(answer.body().has("message")).isFalse();
  }

  @Test
  void aBadField_onAResourceEndpoint_namesItAsAnExtensionMember() throws Exception {
    Answer answer = api.post("/api/clinics/siam-skin/topups", ADMIN, "{\"scanCount\":1.5}",
        "Idempotency-Key", "half-a-scan");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.field("code")).isEqualTo("INVALID_ARGUMENT");
    assertThat(answer.field("field")).isEqualTo("scanCount");
    assertThat(answer.field("title")).isEqualTo("Invalid argument");
    assertThat(answer.field("status")).isEqualTo("400");
  }

  @Test
  void anExhaustedQuota_onAResourceEndpoint_isAProblemWithTheShortfall() throws Exception {
    String clinic = freshClinic("trial");
    api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":2}", "Idempotency-Key", "fill");

    Answer refused = api.post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\"}", "Idempotency-Key", "one-more");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.field("code")).isEqualTo("QUOTA_EXCEEDED");
    assertThat(refused.field("type")).isEqualTo("urn:bnaura:quota:problem:QUOTA_EXCEEDED");
    assertThat(refused.field("quotaExceeded")).isEqualTo("true");
    assertThat(refused.field("remainingQuota")).isEqualTo("0");
    assertThat(refused.body().path("topUpSuggestion").isObject()).isTrue();
    assertThat(refused.field("detail")).isNotBlank();
  }

  @Test
  void theSameErrors_onTheOldEndpoints_keepTheOldBody() throws Exception {
    Answer unknown = api.get("/api/quota/usage?clinicId=nowhere", ADMIN);
    Answer role = api.post("/api/quota/performance-test", SALES_SIAM,
        "{\"action\":\"reset-cache\"}");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(unknown.field("success")).isEqualTo("false");
    assertThat(unknown.field("code")).isEqualTo("UNKNOWN_CLINIC");
    assertThat(unknown.field("message")).contains("nowhere");
    assertThat(unknown.body().has("type")).isFalse();
    assertThat(role.status()).isEqualTo(403);
    assertThat(role.field("success")).isEqualTo("false");
    assertThat(role.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
    assertThat(role.field("quotaExceeded")).isEqualTo("false");
    assertThat(role.body().has("detail")).isFalse();
  }

  @Test
  void aPathWithNoEndpoint_isAProblemDetail() throws Exception {
    Answer answer = api.get("/api/clinics/siam-skin/nothing-here", ADMIN);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.field("code")).isEqualTo("NOT_FOUND");
    assertThat(answer.field("type")).isEqualTo("urn:bnaura:quota:problem:NOT_FOUND");
  }
}
