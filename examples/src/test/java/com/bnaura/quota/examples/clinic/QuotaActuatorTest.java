package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The Actuator endpoint {@code quota} over HTTP as the dashboard's admin panel calls it, for the
 * admin's token only, and the old {@code /api/quota/performance-test} answering from the same
 * endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:actuator;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class QuotaActuatorTest extends AbstractAppTest {

  @Test
  void theAdmin_readsTheCacheStatistics_andAClinicsStatus() throws Exception {
    api.get("/api/clinics/siam-skin/quota", ADMIN);
    api.get("/api/clinics/siam-skin/quota", ADMIN);

    Answer quota = api.get("/actuator/quota", ADMIN);

    assertThat(quota.status()).isEqualTo(200);
    JsonNode status = quota.body().path("caches").path("status");
    assertThat(status.path("hits").asLong()).isPositive();
    assertThat(status.has("misses")).isTrue();
    assertThat(status.has("size")).isTrue();
    assertThat(quota.body().path("caches").path("total").path("status").path("hits").asLong())
        .isGreaterThanOrEqualTo(status.path("hits").asLong());
    Answer clinic = api.get("/actuator/quota/siam-skin", ADMIN);
    assertThat(clinic.status()).isEqualTo(200);
    assertThat(clinic.field("plan")).isEqualTo("professional");
    assertThat(api.get("/actuator/quota/no-such-clinic", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void withoutTheAdminsToken_theEndpointRefuses() throws Exception {
    Answer none = api.get("/actuator/quota", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.field("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(api.get("/actuator/quota", "not-a-token").status()).isEqualTo(401);
    Answer owner = api.get("/actuator/quota", OWNER_SIAM);
    assertThat(owner.status()).isEqualTo(403);
    assertThat(owner.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
    assertThat(api.get("/actuator/quota/siam-skin", SALES_SIAM).status()).isEqualTo(403);
    api.get("/api/clinics/siam-skin/quota", ADMIN);
    assertThat(api.post("/actuator/quota", OWNER_SIAM, null).status()).isEqualTo(403);
    assertThat(api.get("/actuator/quota", ADMIN).body().path("caches").path("status")
        .path("size").asLong()).as("a refused reset empties nothing").isPositive();
    assertThat(api.get("/actuator/health", null).status()).as("health stays open")
        .isEqualTo(200);
  }

  @Test
  void theResetOfTheEndpoint_emptiesWhatTheOldCallReports() throws Exception {
    api.get("/api/clinics/siam-skin/quota", ADMIN);
    assertThat(api.get("/api/quota/performance-test?test=stats", ADMIN).body().path("stats")
        .path("cacheSize").asLong()).isPositive();

    assertThat(api.post("/actuator/quota", ADMIN, null).status()).isEqualTo(204);

    assertThat(api.get("/api/quota/performance-test?test=stats", ADMIN).body().path("stats")
        .path("cacheSize").asLong()).isZero();
  }

  @Test
  void theOldCall_answersTheEndpointsCounts_andItsResetIsTheEndpoints() throws Exception {
    api.get("/api/clinics/siam-skin/quota", ADMIN);
    api.get("/api/clinics/siam-skin/usage", ADMIN);

    JsonNode caches = api.get("/actuator/quota", ADMIN).body().path("caches");
    Answer old = api.get("/api/quota/performance-test?test=cache", ADMIN);

    long hits = 0;
    long misses = 0;
    long size = 0;
    for (String cache : new String[] {"status", "usageStats", "recommendations"}) {
      hits += caches.path(cache).path("hits").asLong();
      misses += caches.path(cache).path("misses").asLong();
      size += caches.path(cache).path("size").asLong();
      assertThat(old.body().path("caches").path(cache).path("hits").asLong())
          .isEqualTo(caches.path(cache).path("hits").asLong());
    }
    assertThat(old.body().path("stats").path("hits").asLong()).isEqualTo(hits);
    assertThat(old.body().path("stats").path("misses").asLong()).isEqualTo(misses);
    assertThat(old.body().path("stats").path("cacheSize").asLong()).isEqualTo(size);

    Answer reset = api.post("/api/quota/performance-test", ADMIN, "{\"action\":\"reset-cache\"}");
    assertThat(reset.status()).isEqualTo(200);
    JsonNode after = api.get("/actuator/quota", ADMIN).body().path("caches");
    assertThat(after.path("status").path("size").asLong()).isZero();
    assertThat(after.path("total").path("status").path("hits").asLong())
        .as("the totals since start-up survive the reset")
        .isGreaterThanOrEqualTo(caches.path("status").path("hits").asLong());
  }
}
