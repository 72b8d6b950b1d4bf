package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The statement as JSON and the periods an owner can pick, over real HTTP, on an app whose clock
 * the test moves into the next month.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:statement-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class StatementEndpointsTest extends AbstractAppTest {

  @Autowired
  MutableClock clock;

  private void charge(String key, String operation) throws IOException, InterruptedException {
    Answer answer = api.post("/api/clinics/siam-skin/charges", SALES_SIAM,
        "{\"operation\":\"" + operation + "\"}", "Idempotency-Key", key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private static List<String> names(JsonNode node) {
    return new ArrayList<>(node.propertyNames());
  }

  @Test
  void json_isTheStatementOfTheCsv_withTheStaffNames_andAPastPeriodStaysReadable()
      throws Exception {
    charge("json-1", "QUICK_SCAN");
    charge("json-2", "CLINICAL_ANALYSIS");

    Answer november = api.get("/api/clinics/siam-skin/statement.json", OWNER_SIAM);
    String csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + port + "/api/clinics/siam-skin/statement.csv"))
        .header("Authorization", "Bearer " + OWNER_SIAM).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Answer usage = api.usage("siam-skin");

    assertThat(november.status()).as(november.text()).isEqualTo(200);
    assertThat(november.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = november.body();
    assertThat(names(body)).containsExactly("clinic", "period", "zone", "current", "lines",
        "money", "totals", "usage", "summary", "asOf", "staffNames");
    assertThat(body.get("current").asBoolean()).isTrue();
    JsonNode fee = body.get("money").get(0);
    assertThat(fee.get("kind").asString()).isEqualTo("PLAN_FEE");
    assertThat(fee.get("plan").asString()).isEqualTo("professional");
    assertThat(fee.get("amount").asString()).isEqualTo("THB 8990.00");
    assertThat(body.get("totals").get("charged").asString()).isEqualTo("THB 8990.00");
    assertThat(body.get("totals").get("net").asString()).isEqualTo("THB 8990.00");
    JsonNode nok = body.get("summary").get("byUser").get("sales-siam");
    assertThat(nok.get("count").asLong()).isEqualTo(2);
    assertThat(nok.get("units").asString()).isEqualTo("1.200");
    assertThat(body.get("summary").get("total").get("units").asString())
        .isEqualTo(Units.parse(usage.field("totalUnits")).toString());
    assertThat(body.get("staffNames").get("sales-siam").asString()).isEqualTo("Nok");
    // the CSV's ledger section holds the same entries: its header, the lines and the totals
    String ledger = csv.substring(csv.lastIndexOf("\r\n\r\n") + 4);
    assertThat(ledger.split("\r\n")).hasSize(body.get("lines").size() + 2);

    clock.advance(Duration.ofDays(30));
    Answer periods = api.get("/api/clinics/siam-skin/statement/periods", OWNER_SIAM);
    Answer past = api.get("/api/clinics/siam-skin/statement.json?period=2026-11", ADMIN);

    assertThat(periods.status()).as(periods.text()).isEqualTo(200);
    assertThat(periods.body()).extracting(p -> p.get("period").asString())
        .containsExactly("2026-12", "2026-11");
    assertThat(periods.body().get(0).get("current").asBoolean()).isTrue();
    assertThat(periods.body().get(1).get("start").asString()).isEqualTo("2026-10-31T17:00:00Z");
    assertThat(past.status()).as(past.text()).isEqualTo(200);
    assertThat(past.body().get("current").asBoolean()).isFalse();
    assertThat(past.body().get("summary")).isEqualTo(body.get("summary"));
    assertThat(past.body().get("money")).isEqualTo(body.get("money"));
  }
}
