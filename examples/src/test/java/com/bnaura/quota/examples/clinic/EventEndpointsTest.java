package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import com.bnaura.quota.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * A clinic's outbox events and quiet hours over real HTTP: paging by cursor sees every event once
 * with its data as an object, quiet hours hold a warning until the clinic opens but not a critical
 * alert, the demo's event listener gets them delivered, who may read and set them, and bad or
 * hostile input is a 400 naming the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:event-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class EventEndpointsTest extends AbstractAppTest {

  @Autowired
  MutableClock clock;

  private void charge(String clinic, String key, long units)
      throws IOException, InterruptedException {
    Answer answer = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":" + units + "}", "Idempotency-Key",
        key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private Answer putQuietHours(String clinic, String token, String body)
      throws IOException, InterruptedException {
    return api.call("PUT", "/api/clinics/" + clinic + "/quiet-hours", token, body);
  }

  /** Every event of the clinic, read page by page of {@code limit} from the start. */
  private List<JsonNode> allEvents(String clinic, int limit) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    String after = "";
    for (int pages = 0; pages < 50; pages++) {
      Answer page = api.get("/api/clinics/" + clinic + "/events?limit=" + limit + "&after="
          + after, ADMIN);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.body().get("events").forEach(events::add);
      assertThat(page.body().get("events").size()).isLessThanOrEqualTo(limit);
      after = page.body().get("next").asString();
      if (!page.body().get("more").asBoolean()) {
        return events;
      }
    }
    throw new AssertionError("more than 50 pages of events");
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asString()).toList();
  }

  @Test
  void pagesByCursor_seeEveryEventOnceInOrder_withItsDataAsAnObject() throws Exception {
    String clinic = freshClinic("trial");
    charge(clinic, "c-1", 1);
    charge(clinic, "c-2", 1);
    Answer topUp = api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"scanCount\":10}",
        "Idempotency-Key", "t-1");
    assertThat(topUp.status()).as(topUp.text()).isEqualTo(201);

    List<JsonNode> byTwo = allEvents(clinic, 2);
    List<JsonNode> atOnce = allEvents(clinic, 100);
    Answer end = api.get("/api/clinics/" + clinic + "/events?after="
        + atOnce.get(atOnce.size() - 1).get("position").asString(), ADMIN);

    assertThat(types(atOnce)).contains("alert", "top_up.completed", "alert.recovered");
    assertThat(types(atOnce).indexOf("alert")).isLessThan(types(atOnce).indexOf("top_up.completed"));
    assertThat(byTwo).extracting(e -> e.get("id").asString())
        .containsExactlyElementsOf(atOnce.stream().map(e -> e.get("id").asString()).toList())
        .doesNotHaveDuplicates();
    JsonNode exhausted = atOnce.stream()
        .filter(e -> e.get("data").path("level").asString().equals("EXHAUSTED")).findFirst()
        .orElseThrow();
    assertThat(exhausted.get("data").isObject()).isTrue();
    assertThat(exhausted.get("data").get("remaining").asString()).isEqualTo("0.000");
    assertThat(exhausted.get("critical").asBoolean()).isTrue();
    assertThat(exhausted.get("deliverAfter").asString())
        .isEqualTo(exhausted.get("occurredAt").asString());
    assertThat(exhausted.get("state").asString()).isIn("PENDING", "DELIVERED");
    JsonNode bought = atOnce.get(types(atOnce).indexOf("top_up.completed"));
    assertThat(bought.get("data").get("units").asString()).isEqualTo("10.000");
    assertThat(end.status()).isEqualTo(200);
    assertThat(end.body().get("events")).isEmpty();
    assertThat(end.body().get("more").asBoolean()).isFalse();
    assertThat(end.body().get("next").asString())
        .isEqualTo(atOnce.get(atOnce.size() - 1).get("position").asString());
  }

  @Test
  void theDemosEventListener_getsEachEventDelivered() throws Exception {
    String clinic = freshClinic("starter");
    api.post("/api/clinics/" + clinic + "/topups", ADMIN, "{\"pack\":\"pack-100\"}",
        "Idempotency-Key", "t-1");

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      JsonNode event = allEvents(clinic, 10).get(0);
      state = event.get("state").asString();
      if (state.equals("DELIVERED")) {
        assertThat(event.get("attempts").asInt()).isEqualTo(1);
        break;
      }
      Thread.sleep(100);
    }
    assertThat(state).isEqualTo("DELIVERED");
  }

  @Test
  void quietHours_holdAWarningUntilTheClinicOpens_butNotACriticalAlert() throws Exception {
    String clinic = freshClinic("starter");
    // 22:00 in Bangkok, the clinic's zone
    clock.set("2026-11-10T15:00:00Z");
    Answer set = putQuietHours(clinic, ADMIN, "{\"quietHours\":\"20:00-08:00\"}");

    charge(clinic, "warn", 91);
    charge(clinic, "critical", 5);
    List<JsonNode> alerts = allEvents(clinic, 100).stream()
        .filter(e -> e.get("type").asString().equals("alert")).toList();

    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.field("quietHours")).isEqualTo("20:00-08:00");
    assertThat(set.field("zone")).isEqualTo("Asia/Bangkok");
    assertThat(alerts).extracting(e -> e.get("data").get("level").asString())
        .containsExactly("WARNING", "CRITICAL");
    JsonNode warning = alerts.get(0);
    assertThat(warning.get("critical").asBoolean()).isFalse();
    assertThat(warning.get("deliverAfter").asString()).as("08:00 in Bangkok")
        .isEqualTo("2026-11-11T01:00:00Z");
    assertThat(warning.get("state").asString()).isEqualTo("PENDING");
    assertThat(warning.get("attempts").asInt()).isZero();
    JsonNode critical = alerts.get(1);
    assertThat(critical.get("critical").asBoolean()).isTrue();
    assertThat(critical.get("deliverAfter").asString()).isEqualTo("2026-11-10T15:00:00Z");
  }

  @Test
  void quietHours_areSetReadAndCleared_byTheOwner() throws Exception {
    Answer set = putQuietHours("siam-skin", OWNER_SIAM, "{\"quietHours\":\"19:30-07:45\"}");
    Answer read = api.get("/api/clinics/siam-skin/quiet-hours", OWNER_SIAM);
    Optional<String> stored = quotas.quietHours("siam-skin").map(Object::toString);
    Answer cleared = putQuietHours("siam-skin", OWNER_SIAM, "{\"quietHours\":null}");
    Answer setAgain = putQuietHours("siam-skin", ADMIN, "{\"quietHours\":\"20:00-08:00\"}");
    Answer clearedByEmpty = putQuietHours("siam-skin", ADMIN, "{\"quietHours\":\"\"}");
    Answer readAfter = api.get("/api/clinics/siam-skin/quiet-hours", ADMIN);

    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.field("quietHours")).isEqualTo("19:30-07:45");
    assertThat(read.field("quietHours")).isEqualTo("19:30-07:45");
    assertThat(stored).hasValue("19:30-07:45");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().get("quietHours").isNull()).isTrue();
    assertThat(setAgain.field("quietHours")).isEqualTo("20:00-08:00");
    assertThat(clearedByEmpty.body().get("quietHours").isNull()).isTrue();
    assertThat(readAfter.body().get("quietHours").isNull()).isTrue();
    assertThat(quotas.quietHours("siam-skin")).isEmpty();
  }

  @Test
  void badQuietHours_areRefusedNamingTheField_andChangeNothing() throws Exception {
    String clinic = freshClinic("starter");
    putQuietHours(clinic, ADMIN, "{\"quietHours\":\"20:00-08:00\"}");

    List<Answer> bad = new ArrayList<>();
    for (String value : List.of("\"25:00-08:00\"", "\"20:00-20:00\"", "\"8pm-8am\"",
        "\"20:00 - 08:00\"", "\"20:00-08:00:00\"", "2000", "[\"20:00-08:00\"]",
        "\"" + "2".repeat(10 * 1024) + "\"")) {
      bad.add(putQuietHours(clinic, ADMIN, "{\"quietHours\":" + value + "}"));
    }

    assertThat(bad).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.field("code")).isEqualTo("INVALID_ARGUMENT");
      assertThat(answer.field("field")).isEqualTo("quietHours");
      assertThat(answer.text().length()).isLessThan(1024);
    });
    assertThat(quotas.quietHours(clinic).map(Object::toString)).hasValue("20:00-08:00");
  }

  @Test
  void whoMayReadEventsAndSetQuietHours() throws Exception {
    Answer owner = api.get("/api/clinics/siam-skin/events", OWNER_SIAM);
    Answer admin = api.get("/api/clinics/siam-skin/events", ADMIN);
    Answer sales = api.get("/api/clinics/siam-skin/events", SALES_SIAM);
    Answer otherClinic = api.get("/api/clinics/chiangmai-glow/events", OWNER_SIAM);
    Answer noToken = api.get("/api/clinics/siam-skin/events", null);
    Answer salesQuiet = putQuietHours("siam-skin", SALES_SIAM, "{\"quietHours\":\"00:00-23:59\"}");
    Answer salesReadQuiet = api.get("/api/clinics/siam-skin/quiet-hours", SALES_SIAM);
    Answer otherQuiet = putQuietHours("chiangmai-glow", OWNER_SIAM,
        "{\"quietHours\":\"00:00-23:59\"}");

    assertThat(owner.status()).as(owner.text()).isEqualTo(200);
    assertThat(owner.field("clinicId")).isEqualTo("siam-skin");
    assertThat(admin.status()).isEqualTo(200);
    for (Answer refused : List.of(sales, salesQuiet, salesReadQuiet)) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(403);
      assertThat(refused.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
      assertThat(refused.body().has("events")).isFalse();
    }
    // another clinic's id answers as if there were no such clinic, as on every clinic endpoint
    for (Answer refused : List.of(otherClinic, otherQuiet)) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(404);
      assertThat(refused.field("code")).isEqualTo("UNKNOWN_CLINIC");
      assertThat(refused.body().has("events")).isFalse();
    }
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(quotas.quietHours("chiangmai-glow")).isEmpty();
  }

  @Test
  void badCursorsAndLimits_areRefusedNamingTheField_quickly() throws Exception {
    String path = "/api/clinics/siam-skin/events";
    List<String> badAfter = List.of("x", "-1.0", "1", "1.2.3", "1e3.0", "42.0;drop",
        "9".repeat(30) + ".0", "1." + "9".repeat(20), "%E0%B8%81", "1.0%00");
    List<String> badLimit = List.of("0", "101", "-5", "abc", "1.5", "99999999999");

    List<Answer> afters = new ArrayList<>();
    for (String after : badAfter) {
      afters.add(api.get(path + "?after=" + after, OWNER_SIAM));
    }
    List<Answer> limits = new ArrayList<>();
    for (String limit : badLimit) {
      limits.add(api.get(path + "?limit=" + limit, OWNER_SIAM));
    }
    long start = System.nanoTime();
    Answer longCursor = api.get(path + "?after=" + "1".repeat(2 * 1024) + ".0", OWNER_SIAM);
    Answer hugeCursor = api.get(path + "?after=" + "7".repeat(10 * 1024), OWNER_SIAM);
    Duration hostile = Duration.ofNanos(System.nanoTime() - start);

    assertThat(afters).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.field("field")).isEqualTo("after");
    });
    assertThat(limits).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.field("field")).isEqualTo("limit");
    });
    assertThat(longCursor.status()).isEqualTo(400);
    assertThat(longCursor.field("field")).isEqualTo("after");
    assertThat(longCursor.text()).doesNotContain("1".repeat(100));
    assertThat(hugeCursor.status()).as(hugeCursor.text()).isEqualTo(400);
    assertThat(hugeCursor.text()).doesNotContain("7".repeat(100));
    assertThat(hostile).isLessThan(Duration.ofSeconds(2));
  }
}
