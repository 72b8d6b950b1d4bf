package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The owner's alert list is read from the outbox, so the app started again on the same database
 * shows the same alerts, in the same order, with the same sentences.
 */
class AlertsAfterRestartTest {

  private final String database = "jdbc:h2:mem:alerts-restart-" + UUID.randomUUID()
      + ";DB_CLOSE_DELAY=-1";

  private ConfigurableApplicationContext start() {
    // as arguments, which win over application.yml (default properties would not)
    return new SpringApplicationBuilder(ClinicApplication.class)
        .run("--spring.datasource.url=" + database, "--server.port=0",
            "--server.address=127.0.0.1", "--bnaura.quota.gemini.api-key=",
            "--spring.main.banner-mode=off");
  }

  private static TestApi api(ConfigurableApplicationContext context) {
    return new TestApi(Integer.parseInt(context.getEnvironment()
        .getProperty("local.server.port")));
  }

  /** Each entry of the alert list as its level, event id and Thai sentence. */
  private static List<String> alerts(TestApi api, String clinic) throws Exception {
    Answer answer = api.get("/api/clinics/" + clinic + "/alerts", ADMIN, "Accept-Language", "th");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    List<String> entries = new ArrayList<>();
    answer.body().get("alerts").forEach(a -> entries.add(a.get("level").asString() + " "
        + a.get("eventId").asString() + " " + a.get("message").asString()));
    return entries;
  }

  @Test
  void theAlertList_isTheSameAfterARestart() throws Exception {
    String clinic = "t-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> before;
    try (ConfigurableApplicationContext first = start()) {
      first.getBean(QuotaService.class).registerClinic(
          ClinicRegistration.builder(clinic, "trial").build());
      TestApi api = api(first);
      for (String key : List.of("c-1", "c-2")) {
        Answer charge = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
            "{\"operation\":\"CLINICAL_ANALYSIS\"}", "Idempotency-Key", key);
        assertThat(charge.status()).as(charge.text()).isEqualTo(201);
      }
      before = alerts(api, clinic);
    }

    List<String> after;
    try (ConfigurableApplicationContext second = start()) {
      after = alerts(api(second), clinic);
    }

    assertThat(before).anySatisfy(entry -> assertThat(entry).startsWith("EXHAUSTED "));
    assertThat(before.get(0)).as("newest first").startsWith("EXHAUSTED ");
    assertThat(before).allSatisfy(entry -> assertThat(entry).matches(HeadlessChromium.THAI_LETTERS));
    assertThat(after).isEqualTo(before);
  }
}
