package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * The owner's statement download over real HTTP: the file as a spreadsheet reads it, its totals
 * against the usage read, quoting and formula cells, who may download it, and bad months.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:statement;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class StatementCsvTest extends AbstractAppTest {

  private static final String HEADER =
      "time,kind,operation,user,units,from_monthly,from_addon,overage,waived,money,key,reason";

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> download(String path, String token, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + path)).header("Authorization", "Bearer " + token);
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String[]> rows(String csv) throws IOException {
    CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(csv)) {
      return rows.readAll();
    }
  }

  private void charge(String key, String operation) throws IOException, InterruptedException {
    Answer answer = api.post("/api/clinics/siam-skin/charges", SALES_SIAM,
        "{\"operation\":\"" + operation + "\"}", "Idempotency-Key", key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  @Test
  void owner_downloadsEveryEntryWithNamesAndTotalsEqualToTheUsageRead() throws Exception {
    String key = "statement-" + UUID.randomUUID();
    charge(key + "-1", "QUICK_SCAN");
    charge(key + "-2", "CLINICAL_ANALYSIS");

    HttpResponse<String> file = download("/api/clinics/siam-skin/statement.csv?period=2026-11",
        OWNER_SIAM, "text/csv");
    Answer usage = api.usage("siam-skin");

    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
    assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
        assertThat(d).startsWith("attachment;")
            .contains("filename=\"statement-siam-skin-2026-11.csv\""));
    assertThat(file.body()).startsWith(HEADER + "\r\n").endsWith("\r\n");
    List<String[]> rows = rows(file.body());
    String[] scan = rows.stream().filter(r -> r[10].equals(key + "-1")).findFirst().orElseThrow();
    assertThat(scan[0]).startsWith("2026-11-10T10:00").endsWith("+07:00");
    assertThat(scan[1]).isEqualTo("CHARGE");
    assertThat(scan[2]).isEqualTo("QUICK_SCAN");
    assertThat(scan[3]).isEqualTo("Nok");
    assertThat(scan[4]).isEqualTo("0.2");
    assertThat(rows.get(1)[1]).isEqualTo("GRANT");
    String[] totals = rows.get(rows.size() - 1);
    assertThat(totals[1]).isEqualTo("TOTAL_CHARGES");
    assertThat(totals[4]).isEqualTo(usage.field("totalUnits"));
    assertThat(totals[5]).isEqualTo(usage.field("fromMonthly"));
    assertThat(totals[6]).isEqualTo(usage.field("fromAddon"));
    assertThat(totals[7]).isEqualTo(usage.field("overageUnits"));
    assertThat(totals[9]).isEqualTo(usage.field("overageCost"));
  }

  @Test
  void withoutPeriod_isTheCurrentPeriod_andTheAdminMayDownloadAnyClinic() throws Exception {
    String clinic = freshClinic("starter");

    HttpResponse<String> file = download("/api/clinics/" + clinic + "/statement.csv", ADMIN,
        null);

    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
        assertThat(d).contains("statement-" + clinic + "-2026-11.csv"));
    List<String[]> rows = rows(file.body());
    assertThat(rows).extracting(r -> r[1]).containsExactly("kind", "GRANT", "TOTAL_CHARGES");
    assertThat(rows.get(2)[4]).isEqualTo("0");
  }

  @Test
  void cellsWithCommasAndQuotes_areQuoted_andFormulaCells_getALeadingQuote() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String formula = "=HYPERLINK(\"http://evil.example/" + id + "\",\"open\")";
    charge(formula, "QUICK_SCAN");
    charge("@SUM(1+1)*cmd|" + id, "QUICK_SCAN");
    charge("-2+3 " + id, "QUICK_SCAN");
    charge("+cmd " + id, "QUICK_SCAN");
    charge("plain, with a comma " + id, "QUICK_SCAN");

    String body = download("/api/clinics/siam-skin/statement.csv?period=2026-11", OWNER_SIAM,
        null).body();

    assertThat(body).contains(",\"'=HYPERLINK(\"\"http://evil.example/" + id
        + "\"\",\"\"open\"\")\",");
    assertThat(body).contains(",\"plain, with a comma " + id + "\",");
    List<String> keys = rows(body).stream().map(r -> r[10]).toList();
    assertThat(keys).contains("'" + formula, "'@SUM(1+1)*cmd|" + id, "'-2+3 " + id,
        "'+cmd " + id, "plain, with a comma " + id);
    assertThat(keys).noneMatch(k -> !k.isEmpty() && "=+-@\t\r".indexOf(k.charAt(0)) >= 0);
  }

  @Test
  void anotherClinicsOwner_seesNoSuchClinic_andSales_isForbidden() throws Exception {
    HttpResponse<String> foreign = download("/api/clinics/phuket-trial/statement.csv",
        OWNER_SIAM, null);
    HttpResponse<String> sales = download("/api/clinics/siam-skin/statement.csv", SALES_SIAM,
        null);

    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).contains("\"code\":\"UNKNOWN_CLINIC\"").doesNotContain("GRANT");
    assertThat(sales.statusCode()).isEqualTo(403);
    assertThat(sales.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
        assertThat(t).startsWith("application/problem+json"));
    assertThat(sales.body()).contains("\"code\":\"ROLE_NOT_ALLOWED\"").doesNotContain("GRANT");
  }

  @Test
  void badPeriod_isA400ProblemNamingPeriod() throws Exception {
    for (String period : List.of("2026-13", "november", "2026-1", "2026-11-01", "+12026-11",
        "2027-01", "2026-12", "2019-05", "%20")) {
      HttpResponse<String> answer = download("/api/clinics/siam-skin/statement.csv?period="
          + period, OWNER_SIAM, "text/csv");

      assertThat(answer.statusCode()).as(period).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type")).as(period).hasValueSatisfying(t ->
          assertThat(t).startsWith("application/problem+json"));
      Answer problem = new Answer(400, api.json().readTree(answer.body()), answer.body(), answer);
      assertThat(problem.field("code")).as(period).isEqualTo("INVALID_ARGUMENT");
      assertThat(problem.field("field")).as(period).isEqualTo("period");
      // a malformed month is quoted back once
      assertThat(problem.field("detail")).as(period).doesNotContain("''");
      assertThat(problem.field("type")).as(period)
          .isEqualTo("urn:bnaura:quota:problem:INVALID_ARGUMENT");
    }
  }

  @Test
  void anAcceptOfNeitherCsvNorJson_isNotAcceptable() throws Exception {
    HttpResponse<String> answer = download("/api/clinics/siam-skin/statement.csv", OWNER_SIAM,
        "application/pdf");

    assertThat(answer.statusCode()).isEqualTo(406);
  }
}
