package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The old clients send {@code "userId": "user-uuid"}, a placeholder, with every scan. A body
 * {@code userId} that is not the caller is not a 403 (which an old client shows as "Buy More
 * Scans"): the scan is recorded under the signed-in user and the answer says so. Only an admin may
 * record a scan under another user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:legacy;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class LegacyUserIdTest extends AbstractAppTest {

  static String body(String userId) {
    return "{\"userId\":\"" + userId + "\",\"facialMetrics\":" + TestApi.METRICS + "}";
  }

  long scansBy(String clinic, String user) throws Exception {
    return api.usage(clinic).body().path("byUser").path(user).path("count").asLong();
  }

  @Test
  void thePlaceholderUserIdIsRecordedUnderTheCallerWithANotice() throws Exception {
    long before = scansBy("siam-skin", "sales-siam");
    String remainingBefore = api.quota("siam-skin").field("totalRemaining");

    TestApi.Answer answer = api.post("/api/ai/analyze", "demo-sales-siam", body("user-uuid"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.field("success")).isEqualTo("true");
    assertThat(answer.field("recordedUserId")).isEqualTo("sales-siam");
    assertThat(answer.field("userIdNotice")).contains("user-uuid").contains("sales-siam");
    assertThat(scansBy("siam-skin", "sales-siam")).isEqualTo(before + 1);
    assertThat(api.usage("siam-skin").body().path("byUser").has("user-uuid")).isFalse();
    assertThat(api.quota("siam-skin").field("totalRemaining"))
        .isNotEqualTo(remainingBefore);
  }

  @Test
  void anOwnerNamingAnotherUserIsRecordedUnderTheOwner() throws Exception {
    TestApi.Answer answer = api.post("/api/ai/analyze", "demo-owner-siam", body("sales-siam"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.field("recordedUserId")).isEqualTo("owner-siam");
    assertThat(answer.field("userIdNotice")).contains("sales-siam");
  }

  @Test
  void theCallersOwnIdOrNoneNeedsNoNotice() throws Exception {
    TestApi.Answer own = api.post("/api/ai/analyze", "demo-sales-siam", body("sales-siam"));
    TestApi.Answer none = api.post("/api/ai/analyze", "demo-sales-siam",
        "{\"facialMetrics\":" + TestApi.METRICS + "}");

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.field("recordedUserId")).isEqualTo("sales-siam");
    assertThat(own.body().has("userIdNotice")).isFalse();
    assertThat(none.field("recordedUserId")).isEqualTo("sales-siam");
    assertThat(none.body().has("userIdNotice")).isFalse();
  }

  @Test
  void anAdminMayRecordUnderAnotherUser() throws Exception {
    long before = scansBy("chiangmai-glow", "sales-chiangmai");

    TestApi.Answer answer = api.post("/api/ai/analyze", "demo-admin",
        "{\"clinicId\":\"chiangmai-glow\",\"userId\":\"sales-chiangmai\",\"facialMetrics\":"
            + TestApi.METRICS + "}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.field("recordedUserId")).isEqualTo("sales-chiangmai");
    assertThat(answer.body().has("userIdNotice")).isFalse();
    assertThat(scansBy("chiangmai-glow", "sales-chiangmai")).isEqualTo(before + 1);
  }
}
