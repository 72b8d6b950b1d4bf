package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * The owner's statement download over real HTTP: the file as a spreadsheet reads it (a byte order
 * mark, then its money, summary and ledger sections), its totals against the usage read, quoting
 * and formula cells, who may download it, and bad months.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:statement;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class StatementCsvTest extends AbstractAppTest {

  private static final String HEADER =
      "time,kind,operation,user,units,from_monthly,from_addon,overage,waived,money,key,reason";
  private static final String MONEY_HEADER = "time,money_line,description,units,amount,reference";
  private static final String SUMMARY_HEADER =
      "summary,name,count,units,overage,repeat_scans,repeat_units_waived";

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

  /** The file's three sections (money, summary, ledger), each with its header row. */
  private static List<List<String[]>> sections(String body) throws IOException {
    assertThat(body).startsWith("\uFEFF");
    List<List<String[]>> sections = new ArrayList<>();
    for (String section : body.substring(1).split("\r\n\r\n")) {
      sections.add(rows(section));
    }
    assertThat(sections).hasSize(3);
    return sections;
  }

  /** The ledger section: the header, one row per ledger entry and the totals of the charges. */
  private static List<String[]> ledger(String body) throws IOException {
    return sections(body).get(2);
  }

  private static String[] row(List<String[]> rows, String first, String second) {
    return rows.stream().filter(r -> r[0].equals(first) && r[1].equals(second)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + "," + second + " in "
            + rows.stream().map(Arrays::toString).toList()));
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
    assertThat(file.body()).startsWith("\uFEFF" + MONEY_HEADER + "\r\n").endsWith("\r\n")
        .contains("\r\n\r\n" + SUMMARY_HEADER + "\r\n", "\r\n\r\n" + HEADER + "\r\n");
    List<String[]> rows = ledger(file.body());
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
  void moneyAndSummarySections_addUpToTheTotalsAndTheUsageRead() throws Exception {
    String clinic = freshClinic("starter");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(clinic, 2, "top-" + clinic));
    quotas.consumeOrThrow(UsageRequest.builder(clinic, "CLINICAL_ANALYSIS", "k1-" + clinic)
        .user("sales-siam").quantity(3).build());
    quotas.consumeOrThrow(UsageRequest.builder(clinic, "QUICK_SCAN", "k2-" + clinic).build());

    List<List<String[]>> sections = sections(download("/api/clinics/" + clinic
        + "/statement.csv", ADMIN, null).body());
    Answer usage = api.usage(clinic);

    List<String[]> money = sections.get(0);
    assertThat(money).extracting(r -> r[1]).containsExactly("money_line", "PLAN_FEE", "TOP_UP",
        "TOTAL_CHARGED", "TOTAL_CREDITED", "NET");
    assertThat(row(money, "", "TOTAL_CHARGED")[4]).isEqualTo("3086"); // 2990 + 2 units at 48
    assertThat(row(money, "", "TOTAL_CREDITED")[4]).isEqualTo("0");
    assertThat(row(money, "", "NET")[4]).isEqualTo("3086");
    assertThat(money.get(1)[5]).isEqualTo("starter");
    assertThat(money.get(2)[3]).isEqualTo("2");
    List<String[]> summary = sections.get(1);
    // the app names its own clinic's staff: a user it does not know there shows as the id
    assertThat(row(summary, "staff", "sales-siam")).containsExactly("staff", "sales-siam", "1",
        "3", "0", "0", "0");
    assertThat(row(summary, "staff", "")[3]).isEqualTo("0.2");
    assertThat(row(summary, "operation", "CLINICAL_ANALYSIS")[3]).isEqualTo("3");
    String[] total = row(summary, "total", "");
    assertThat(total[2]).isEqualTo(usage.field("totalScans"));
    assertThat(total[3]).isEqualTo(usage.field("totalUnits"));
    assertThat(total[4]).isEqualTo(usage.field("overageCost"));
  }

  @Test
  void file_startsWithTheUtf8ByteOrderMark_andKeepsThaiAsUtf8() throws Exception {
    String clinic = freshClinic("starter");
    quotas.consumeOrThrow(UsageRequest.builder(clinic, "QUICK_SCAN", "thai-" + clinic)
        .user("หมอนก").build());

    HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
        + port + "/api/clinics/" + clinic + "/statement.csv"))
        .header("Authorization", "Bearer " + ADMIN).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    byte[] bytes = file.body();
    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).startsWith(MONEY_HEADER).contains("\r\nstaff,หมอนก,1,0.2,0,0,0\r\n");
    assertThat(new String(bytes, StandardCharsets.UTF_8).indexOf('\uFEFF')).isZero();
  }

  @Test
  void withoutPeriod_isTheCurrentPeriod_andTheAdminMayDownloadAnyClinic() throws Exception {
    String clinic = freshClinic("starter");

    HttpResponse<String> file = download("/api/clinics/" + clinic + "/statement.csv", ADMIN,
        null);

    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
        assertThat(d).contains("statement-" + clinic + "-2026-11.csv"));
    List<List<String[]>> sections = sections(file.body());
    assertThat(sections.get(2)).extracting(r -> r[1])
        .containsExactly("kind", "GRANT", "TOTAL_CHARGES");
    assertThat(sections.get(2).get(2)[4]).isEqualTo("0");
    assertThat(sections.get(0)).extracting(r -> r[1]).containsExactly("money_line", "PLAN_FEE",
        "TOTAL_CHARGED", "TOTAL_CREDITED", "NET");
    assertThat(sections.get(1)).extracting(r -> r[0]).containsExactly("summary", "total");
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
    List<String> keys = ledger(body).stream().map(r -> r[10]).toList();
    assertThat(keys).contains("'" + formula, "'@SUM(1+1)*cmd|" + id, "'-2+3 " + id,
        "'+cmd " + id, "plain, with a comma " + id);
    assertThat(keys).noneMatch(k -> !k.isEmpty() && "=+-@\t\r".indexOf(k.charAt(0)) >= 0);
  }

  @Test
  void anotherClinicsOwner_seesNoSuchClinic_andSales_isForbidden() throws Exception {
    for (String path : List.of("statement.csv", "statement.json", "statement/periods")) {
      HttpResponse<String> foreign = download("/api/clinics/phuket-trial/" + path, OWNER_SIAM,
          null);
      HttpResponse<String> sales = download("/api/clinics/siam-skin/" + path, SALES_SIAM, null);

      assertThat(foreign.statusCode()).as(path).isEqualTo(404);
      assertThat(foreign.body()).as(path).contains("\"code\":\"UNKNOWN_CLINIC\"")
          .doesNotContain("GRANT", "PLAN_FEE", "2026-11");
      assertThat(sales.statusCode()).as(path).isEqualTo(403);
      assertThat(sales.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t ->
          assertThat(t).startsWith("application/problem+json"));
      assertThat(sales.body()).as(path).contains("\"code\":\"ROLE_NOT_ALLOWED\"")
          .doesNotContain("GRANT", "PLAN_FEE", "2026-11");
    }
  }

  @Test
  void badPeriod_isA400ProblemNamingPeriod() throws Exception {
    for (String file : List.of("statement.csv", "statement.json")) {
      for (String period : List.of("2026-13", "november", "2026-1", "2026-11-01", "+12026-11",
          "2027-01", "2026-12", "2019-05", "%20")) {
        HttpResponse<String> answer = download("/api/clinics/siam-skin/" + file + "?period="
            + period, OWNER_SIAM, file.endsWith("csv") ? "text/csv" : "application/json");
        String what = file + " " + period;

        assertThat(answer.statusCode()).as(what).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(t ->
            assertThat(t).startsWith("application/problem+json"));
        Answer problem = new Answer(400, api.json().readTree(answer.body()), answer.body(),
            answer);
        assertThat(problem.field("code")).as(what).isEqualTo("INVALID_ARGUMENT");
        assertThat(problem.field("field")).as(what).isEqualTo("period");
        // a malformed month is quoted back once
        assertThat(problem.field("detail")).as(what).doesNotContain("''");
        assertThat(problem.field("type")).as(what)
            .isEqualTo("urn:bnaura:quota:problem:INVALID_ARGUMENT");
      }
    }
  }

  @Test
  void badPeriod_readsInThai_withAcceptLanguageTh() throws Exception {
    for (String file : List.of("statement.csv", "statement.json")) {
      String accept = file.endsWith("csv") ? "text/csv" : "application/json";
      Answer answer = api.get("/api/clinics/siam-skin/" + file + "?period=2026-13", OWNER_SIAM,
          "Accept-Language", "th", "Accept", accept);

      assertThat(answer.status()).as(file).isEqualTo(400);
      assertThat(answer.field("field")).as(file).isEqualTo("period");
      assertThat(answer.field("detail")).as(file)
          .isEqualTo("period ต้องเป็นเดือนแบบ 2026-03 แต่ได้ '2026-13'");
    }
  }

  @Test
  void anAcceptOfNeitherCsvNorJson_isNotAcceptable() throws Exception {
    HttpResponse<String> answer = download("/api/clinics/siam-skin/statement.csv", OWNER_SIAM,
        "application/pdf");

    assertThat(answer.statusCode()).isEqualTo(406);
  }
}
