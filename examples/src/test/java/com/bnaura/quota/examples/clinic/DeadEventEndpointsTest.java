package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The admin's dead events over real HTTP: an event whose receiver keeps failing is listed with its
 * clinic and last error, sent again on request and then delivered; only the admin may list or
 * resend, and a bad limit or event id is a 400 naming it. One attempt makes an event dead here,
 * and the test runs the dispatcher itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:dead-event-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key=",
    "bnaura.quota.events.max-attempts=1",
    "bnaura.quota.events.dispatch-every=0"})
@Import({TestClockConfiguration.class, DeadEventEndpointsTest.FlakyReceiver.class})
class DeadEventEndpointsTest extends AbstractAppTest {

  /** A receiver that fails every event of the clinics in {@link #failing}. */
  @TestConfiguration
  static class FlakyReceiver {
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Bean
    QuotaEventListener crm() {
      return event -> {
        if (failing.contains(event.clinic().value())) {
          throw new IllegalStateException("crm rejected " + event.type().wireName());
        }
      };
    }
  }

  @Autowired
  FlakyReceiver receiver;

  private static JsonNode byClinic(Answer dead, String clinic) {
    for (JsonNode event : dead.body().get("events")) {
      if (event.get("clinicId").asString().equals(clinic)) {
        return event;
      }
    }
    return null;
  }

  @Test
  void aDeadEvent_isListedForTheAdmin_sentAgain_andThenDelivered() throws Exception {
    String clinic = freshClinic("starter");
    receiver.failing.add(clinic);
    Answer topUp = api.post("/api/clinics/" + clinic + "/topups", ADMIN,
        "{\"pack\":\"pack-100\"}", "Idempotency-Key", "t-1");
    assertThat(topUp.status()).as(topUp.text()).isEqualTo(201);
    quotas.dispatchEvents(1000);

    Answer dead = api.get("/api/admin/events/dead?limit=100", ADMIN);
    JsonNode event = byClinic(dead, clinic);
    assertThat(dead.status()).as(dead.text()).isEqualTo(200);
    assertThat(event).as(dead.text()).isNotNull();
    assertThat(event.get("type").asString()).isEqualTo("top_up.completed");
    assertThat(event.get("state").asString()).isEqualTo("DEAD");
    assertThat(event.get("attempts").asInt()).isEqualTo(1);
    assertThat(event.get("lastError").asString()).contains("crm", "rejected top_up.completed");
    assertThat(event.get("data").get("units").asString()).isEqualTo("100.000");
    String id = event.get("id").asString();

    receiver.failing.remove(clinic);
    Answer byOwner = api.post("/api/admin/events/" + id + "/redeliver", OWNER_SIAM, null);
    Answer resent = api.post("/api/admin/events/" + id + "/redeliver", ADMIN, null);
    Answer twice = api.post("/api/admin/events/" + id + "/redeliver", ADMIN, null);
    quotas.dispatchEvents(1000);
    JsonNode after = api.get("/api/clinics/" + clinic + "/events", ADMIN).body().get("events")
        .get(0);

    assertThat(byOwner.status()).isEqualTo(403);
    assertThat(resent.status()).as(resent.text()).isEqualTo(200);
    assertThat(resent.field("redelivered")).isEqualTo("true");
    assertThat(twice.status()).as("no longer dead").isEqualTo(404);
    assertThat(twice.field("code")).isEqualTo("UNKNOWN_EVENT");
    assertThat(twice.field("field")).isEqualTo("eventId");
    assertThat(after.get("id").asString()).isEqualTo(id);
    assertThat(after.get("state").asString()).isEqualTo("DELIVERED");
    assertThat(byClinic(api.get("/api/admin/events/dead", ADMIN), clinic)).isNull();
  }

  @Test
  void onlyTheAdmin_mayListOrResendDeadEvents() throws Exception {
    for (String token : List.of(OWNER_SIAM, SALES_SIAM)) {
      Answer list = api.get("/api/admin/events/dead", token);
      Answer resend = api.post("/api/admin/events/any-id/redeliver", token, null);

      assertThat(list.status()).as(list.text()).isEqualTo(403);
      assertThat(list.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
      assertThat(list.body().has("events")).isFalse();
      assertThat(resend.status()).as(resend.text()).isEqualTo(403);
    }
    assertThat(api.get("/api/admin/events/dead", null).status()).isEqualTo(401);
  }

  @Test
  void badLimitsAndEventIds_areRefusedNamingTheField() throws Exception {
    Answer zero = api.get("/api/admin/events/dead?limit=0", ADMIN);
    Answer tooMany = api.get("/api/admin/events/dead?limit=101", ADMIN);
    Answer words = api.get("/api/admin/events/dead?limit=all", ADMIN);
    Answer longId = api.post("/api/admin/events/" + "e".repeat(65) + "/redeliver", ADMIN, null);
    Answer unknown = api.post("/api/admin/events/no-such-event/redeliver", ADMIN, null);

    for (Answer answer : List.of(zero, tooMany, words)) {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.field("field")).isEqualTo("limit");
    }
    assertThat(longId.status()).as(longId.text()).isEqualTo(400);
    assertThat(longId.field("field")).isEqualTo("eventId");
    assertThat(longId.text()).doesNotContain("e".repeat(65));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.field("code")).isEqualTo("UNKNOWN_EVENT");
  }
}
