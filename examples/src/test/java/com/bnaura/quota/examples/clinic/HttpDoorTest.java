package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static com.bnaura.quota.examples.clinic.TestApi.METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clinic app's HTTP door under the hostile inputs users found: huge exponents and numbers,
 * oversized bodies, strings and arrays, loose types, the old clients' {@code text/plain}, the
 * servlet container's own refusals, and which 403 means "quota". Requests go over a raw socket
 * so that nothing re-encodes them on the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:door;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
final class HttpDoorTest extends AbstractAppTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private RawHttp http;

  @BeforeEach
  void client() {
    http = new RawHttp(port, 20_000);
  }

  String remaining(String clinic) throws Exception {
    return body(get("/api/clinics/" + clinic + "/quota", ADMIN)).path("totalRemaining").asString();
  }

  RawHttp.Answer send(String method, String target, String token, String contentType,
      byte[] body, String... headers) throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      all.put("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      all.put(headers[i], headers[i + 1]);
    }
    return http.send(RawHttp.request(method, target, all, body));
  }

  RawHttp.Answer post(String target, String token, String body, String... headers)
      throws Exception {
    return send("POST", target, token, "application/json",
        body.getBytes(StandardCharsets.UTF_8), headers);
  }

  RawHttp.Answer get(String target, String token) throws Exception {
    return send("GET", target, token, null, null);
  }

  JsonNode body(RawHttp.Answer answer) {
    return json.readTree(answer.body());
  }

  /**
   * A small JSON error of the status, with a code: the old body ({@code success: false}) or a
   * problem detail of that status; returns the body.
   */
  JsonNode assertJsonError(RawHttp.Answer answer, int status) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.body().length).isLessThan(1024);
    JsonNode node = body(answer);
    assertErrorShape(answer, node);
    assertThat(node.path("code").asString()).isNotBlank();
    return node;
  }

  /** The body is the old one on the old endpoints' media type, or a problem detail on its own. */
  static void assertErrorShape(RawHttp.Answer answer, JsonNode node) {
    if (answer.contentType().startsWith("application/problem+json")) {
      assertThat(node.path("status").asInt()).as(answer.text()).isEqualTo(answer.status());
      assertThat(node.path("type").asString()).startsWith("urn:bnaura:quota:problem:");
      assertThat(node.path("title").asString()).isNotBlank();
      assertThat(node.has("success")).isFalse();
    } else {
      assertThat(answer.contentType()).startsWith("application/json");
      assertThat(node.path("success").asBoolean(true)).as(answer.text()).isFalse();
    }
  }

  /** What a person reads: a problem's {@code detail} or the old body's {@code message}. */
  static String messageOf(JsonNode error) {
    return error.has("detail") ? error.path("detail").asString() : error.path("message").asString();
  }

  @Test
  void aHugeExponentIsASmall400NamingTheFieldAndBuysNothing() throws Exception {
    String clinic = freshClinic("starter");
    RawHttp.Answer legacy = post("/api/quota/billing-test", ADMIN,
        "{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic
            + "\",\"scanCount\":1e1000000000}");
    RawHttp.Answer resource = post("/api/clinics/" + clinic + "/topups", ADMIN,
        "{\"scanCount\":1e100000000}", "Idempotency-Key", "huge-1");
    String reservation = body(post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"QUICK_SCAN\"}", "Idempotency-Key", "huge-r")).path("reservationId")
        .asString();
    RawHttp.Answer commit = post("/api/clinics/" + clinic + "/reservations/" + reservation
        + "/commit", ADMIN, "{\"actualUnits\":1e1000000000}");

    assertThat(assertJsonError(legacy, 400).path("field").asString()).isEqualTo("scanCount");
    assertThat(assertJsonError(resource, 400).path("field").asString()).isEqualTo("scanCount");
    assertThat(assertJsonError(commit, 400).path("field").asString()).isEqualTo("actualUnits");
    for (RawHttp.Answer answer : List.of(legacy, resource, commit)) {
      assertThat(answer.millis()).as("answered in ms, not seconds").isLessThan(5_000);
    }
    assertThat(remaining(clinic)).isEqualTo("99.8");
  }

  @Test
  void aNumberOfThousandsOfDigitsIsRefusedWithoutEchoingIt() throws Exception {
    String body = "{\"action\":\"purchase-topup\",\"clinicId\":\"siam-skin\",\"scanCount\":";

    RawHttp.Answer forty = post("/api/quota/billing-test", ADMIN, body + "9".repeat(40) + "}");
    RawHttp.Answer thousands = post("/api/quota/billing-test", ADMIN,
        body + "9".repeat(5000) + "}");
    RawHttp.Answer quantity = post("/api/clinics/siam-skin/charges", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":" + "9".repeat(900) + "}",
        "Idempotency-Key", "digits-1");

    assertThat(assertJsonError(forty, 400).path("field").asString()).isEqualTo("scanCount");
    assertThat(messageOf(assertJsonError(thousands, 400))).contains("longer than");
    assertThat(assertJsonError(quantity, 400).path("field").asString()).isEqualTo("quantity");
    for (RawHttp.Answer answer : List.of(forty, thousands, quantity)) {
      assertThat(answer.text()).doesNotContain("9999999999");
    }
  }

  @Test
  void aFractionForAWholeNumberIsRefusedNotRounded() throws Exception {
    String clinic = freshClinic("starter");

    RawHttp.Answer charge = post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":1.5}", "Idempotency-Key", "frac-1");
    RawHttp.Answer exponent = post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"quantity\":1e2}", "Idempotency-Key", "frac-2");
    RawHttp.Answer scans = post("/api/quota/billing-test", ADMIN,
        "{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic + "\",\"scanCount\":2.5}");

    assertThat(assertJsonError(charge, 400).path("field").asString()).isEqualTo("quantity");
    assertThat(assertJsonError(exponent, 400).path("field").asString()).isEqualTo("quantity");
    assertThat(assertJsonError(scans, 400).path("field").asString()).isEqualTo("scanCount");
    assertThat(remaining(clinic)).isEqualTo("100");
  }

  @Test
  void aNumberOrStringIsNotConsentToPay() throws Exception {
    String clinic = freshClinic("trial");
    post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":2}", "Idempotency-Key", "fill");
    assertThat(remaining(clinic)).isEqualTo("0");

    RawHttp.Answer reserve = post("/api/clinics/" + clinic + "/reservations", ADMIN,
        "{\"operation\":\"QUICK_SCAN\",\"acceptOverage\":1}", "Idempotency-Key", "consent-1");
    RawHttp.Answer analyze = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"acceptOverageCharge\":1,\"facialMetrics\":" + METRICS + "}");
    RawHttp.Answer quoted = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"acceptOverageCharge\":\"true\",\"facialMetrics\":" + METRICS + "}");
    RawHttp.Answer pro = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"useProModel\":1,\"facialMetrics\":" + METRICS + "}");

    assertThat(assertJsonError(reserve, 400).path("field").asString()).isEqualTo("acceptOverage");
    assertThat(assertJsonError(analyze, 400).path("field").asString())
        .isEqualTo("acceptOverageCharge");
    assertThat(assertJsonError(quoted, 400).path("field").asString())
        .isEqualTo("acceptOverageCharge");
    assertThat(assertJsonError(pro, 400).path("field").asString()).isEqualTo("useProModel");
    assertThat(body(get("/api/clinics/" + clinic + "/quota", ADMIN)).path("overageUnits")
        .asString()).isEqualTo("0");
  }

  @Test
  void aPaddedOrQuotedNumberIsRefused() throws Exception {
    String clinic = freshClinic("starter");
    for (String count : List.of("\" 1 \"", "\"1\"", "\"1e2\"", "true", "[1]", "{}")) {
      RawHttp.Answer answer = post("/api/quota/billing-test", ADMIN,
          "{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic + "\",\"scanCount\":" + count
              + "}");
      assertThat(assertJsonError(answer, 400).path("field").asString()).as(count)
          .isEqualTo("scanCount");
    }
    assertThat(remaining(clinic)).isEqualTo("100");
  }

  @Test
  void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
    String clinic = freshClinic("starter");
    String name = "x".repeat(6 * 1024 * 1024);
    byte[] big = ("{\"clinicId\":\"" + clinic + "\",\"customerInfo\":{\"name\":\"" + name
        + "\"},\"facialMetrics\":" + METRICS + "}").getBytes(StandardCharsets.UTF_8);

    RawHttp.Answer declared = send("POST", "/api/ai/analyze", ADMIN, "application/json", big);
    byte[] chunked = chunked(("{\"clinicId\":\"" + clinic + "\"," + " ".repeat(200_000)
        + "\"facialMetrics\":" + METRICS + "}").getBytes(StandardCharsets.UTF_8));
    RawHttp.Answer streamed = send("POST", "/api/ai/analyze", ADMIN, "application/json", chunked,
        "Transfer-Encoding", "chunked");

    assertThat(assertJsonError(declared, 413).path("code").asString())
        .isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(assertJsonError(streamed, 413).path("code").asString())
        .isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(remaining(clinic)).isEqualTo("100");
  }

  static byte[] chunked(byte[] body) {
    StringBuilder out = new StringBuilder();
    for (int at = 0; at < body.length; at += 8192) {
      int n = Math.min(8192, body.length - at);
      out.append(Integer.toHexString(n)).append("\r\n")
          .append(new String(body, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
    }
    out.append("0\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void longStringsAndArraysAre400NamingTheField() throws Exception {
    String clinic = freshClinic("starter");
    String volume = "[" + "0.1,".repeat(10_000) + "0.1]";

    RawHttp.Answer name = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"customerInfo\":{\"name\":\"" + "n".repeat(201) + "\"},\"facialMetrics\":"
        + METRICS + "}");
    RawHttp.Answer skin = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"customerInfo\":{\"skinType\":\"" + "s".repeat(65) + "\"},\"facialMetrics\":"
        + METRICS + "}");
    RawHttp.Answer array = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"facialMetrics\":" + METRICS.replace("[0.2,0.4]", volume) + "}");
    RawHttp.Answer id = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + "c".repeat(500)
        + "\",\"facialMetrics\":" + METRICS + "}");
    RawHttp.Answer path = get("/api/clinics/" + "p".repeat(300) + "/quota", ADMIN);
    RawHttp.Answer nested = post("/api/ai/analyze", ADMIN, "{\"facialMetrics\":"
        + "[".repeat(5000) + "]".repeat(5000) + "}");

    assertThat(assertJsonError(name, 400).path("field").asString()).isEqualTo("customerInfo.name");
    assertThat(assertJsonError(skin, 400).path("field").asString())
        .isEqualTo("customerInfo.skinType");
    assertThat(assertJsonError(array, 400).path("field").asString())
        .isEqualTo("facialMetrics.volumeLoss");
    assertThat(assertJsonError(id, 400).path("field").asString()).isEqualTo("clinicId");
    assertThat(assertJsonError(path, 400).path("field").asString()).isEqualTo("clinicId");
    assertJsonError(nested, 400);
    for (RawHttp.Answer answer : List.of(name, skin, array, id, path)) {
      assertThat(answer.text()).doesNotContain("nnnnnnnnnn", "ssssssssss", "cccccccccc",
          "pppppppppp");
    }
    assertThat(remaining(clinic)).isEqualTo("100");
  }

  @Test
  void theOldClientsTextPlainBodiesAreReadAsJsonOnTheOldEndpointsOnly() throws Exception {
    String clinic = freshClinic("starter");
    byte[] scan = ("{\"clinicId\":\"" + clinic + "\",\"facialMetrics\":" + METRICS + "}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] topUp = ("{\"action\":\"purchase-topup\",\"clinicId\":\"" + clinic
        + "\",\"scanCount\":10}").getBytes(StandardCharsets.UTF_8);

    RawHttp.Answer analyzed = send("POST", "/api/ai/analyze", ADMIN, "text/plain;charset=UTF-8",
        scan);
    RawHttp.Answer bought = send("POST", "/api/quota/billing-test", ADMIN, "text/plain", topUp);
    RawHttp.Answer latin = send("POST", "/api/quota/billing-test", ADMIN,
        "Text/Plain; charset=ISO-8859-1", topUp);
    RawHttp.Answer resource = send("POST", "/api/clinics/" + clinic + "/topups", ADMIN,
        "text/plain;charset=UTF-8", "{\"scanCount\":10}".getBytes(StandardCharsets.UTF_8),
        "Idempotency-Key", "plain-1");

    assertThat(analyzed.status()).as(analyzed.text()).isEqualTo(200);
    assertThat(body(analyzed).path("quotaInfo").path("consumed").asString()).isEqualTo("0.2");
    assertThat(bought.status()).as(bought.text()).isEqualTo(200);
    assertThat(latin.status()).as(latin.text()).isEqualTo(200);
    assertJsonError(resource, 415);
    assertThat(remaining(clinic)).isEqualTo("119.8");
  }

  @Test
  void theContainersOwnRefusalsAreSmallJsonWhateverTheAcceptHeader() throws Exception {
    record Case(String name, byte[] raw) {}
    String auth = "Authorization: Bearer " + SALES_SIAM + "\r\n";
    List<Case> cases = List.of(
        new Case("bad percent-encoding in a query", raw("GET /api/quota/usage?clinicId=%FF%FE"
            + " HTTP/1.1\r\nHost: x\r\n" + auth + "Accept: text/html\r\n")),
        new Case("bad percent-encoding in an instant",
            raw("GET /api/clinics/siam-skin/usage?at=%FF HTTP/1.1\r\nHost: x\r\n" + auth)),
        new Case("a truncated escape", raw("GET /api/quota/usage?clinicId=%F HTTP/1.1\r\nHost: x\r\n"
            + auth)),
        new Case("an encoded slash", raw("GET /api/clinics/siam%2Fskin/quota HTTP/1.1\r\nHost: x\r\n"
            + auth + "Accept: text/html\r\n")),
        new Case("an encoded NUL", raw("GET /api/clinics/siam%00skin/quota HTTP/1.1\r\nHost: x\r\n"
            + auth)),
        new Case("a raw byte above ASCII", raw("GET /api/clinics/si\u00ffam/quota HTTP/1.1\r\n"
            + "Host: x\r\n" + auth)),
        new Case("a dot-dot path", raw("GET /api/../../etc/passwd HTTP/1.1\r\nHost: x\r\n" + auth)),
        new Case("headers too large", raw("GET /api/me HTTP/1.1\r\nHost: x\r\n" + auth
            + "X-Padding: " + "p".repeat(20_000) + "\r\nAccept: text/html\r\n")),
        new Case("a wildcard content type", raw("POST /api/ai/analyze HTTP/1.1\r\nHost: x\r\n" + auth
            + "Content-Type: */*\r\nContent-Length: 2\r\n", "{}")),
        new Case("a multipart body", raw("PUT /api/clinics/siam-skin/plan HTTP/1.1\r\nHost: x\r\n"
            + auth + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2\r\n",
            "{}")),
        new Case("a form body", raw("PUT /api/clinics/siam-skin/plan HTTP/1.1\r\nHost: x\r\n"
            + auth + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n",
            "a=%FF")),
        new Case("an unknown charset", raw("POST /api/ai/analyze HTTP/1.1\r\nHost: x\r\n" + auth
            + "Content-Type: application/json; charset=nope\r\nContent-Length: 2\r\n", "{}")),
        new Case("an HTML accept on an error", raw("GET /api/clinics/nowhere/quota HTTP/1.1\r\n"
            + "Host: x\r\n" + auth + "Accept: text/html\r\n")),
        new Case("an XML accept on a success", raw("GET /api/me HTTP/1.1\r\nHost: x\r\n" + auth
            + "Accept: application/xml\r\n")),
        new Case("the error page asked for", raw("GET /error HTTP/1.1\r\nHost: x\r\n"
            + "Accept: text/html\r\n")),
        new Case("the error page posted to", raw("POST /error HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: text/html\r\nContent-Length: 3\r\n", "<p>")),
        new Case("TRACE", raw("TRACE /api/me HTTP/1.1\r\nHost: x\r\n" + auth)),
        new Case("an unknown method", raw("FOO /api/me HTTP/1.1\r\nHost: x\r\n" + auth)),
        new Case("an unknown method on a page", raw("BREW / HTTP/1.1\r\nHost: x\r\n")),
        new Case("an unknown protocol", raw("GET /api/me HTTP/9.9\r\nHost: x\r\n" + auth)),
        new Case("no host", raw("GET /api/me HTTP/1.1\r\n" + auth)),
        new Case("a bad chunk", raw("POST /api/ai/analyze HTTP/1.1\r\nHost: x\r\n" + auth
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")),
        new Case("an unknown page", raw("GET /nothing-here.html HTTP/1.1\r\nHost: x\r\n"
            + "Accept: text/html\r\n")));
    for (Case c : cases) {
      RawHttp.Answer answer = http.send(c.raw());

      assertThat(answer.status()).as(c.name() + ": " + answer.text()).isBetween(400, 499);
      assertThat(answer.body().length).as(c.name()).isBetween(2, 1023);
      assertErrorShape(answer, body(answer));
      assertThat(answer.text()).as(c.name()).doesNotContain("<html", "<!doctype", "Whitelabel",
          "Tomcat", "Exception");
      assertThat(body(answer).path("code").asString()).as(c.name()).isNotBlank();
    }
  }

  static byte[] raw(String head) {
    return raw(head, "");
  }

  static byte[] raw(String head, String body) {
    return (head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void onlyTheQuotaRefusalIsA403WithQuotaExceeded() throws Exception {
    String clinic = freshClinic("trial");
    post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\",\"quantity\":2}", "Idempotency-Key", "fill-403");
    RawHttp.Answer quota = post("/api/ai/analyze", ADMIN, "{\"clinicId\":\"" + clinic
        + "\",\"facialMetrics\":" + METRICS + "}");
    List<RawHttp.Answer> others = List.of(
        post("/api/quota/billing-test", SALES_SIAM,
            "{\"action\":\"update-plan\",\"planId\":\"enterprise\"}"),
        get("/api/quota/performance-test?test=stats", SALES_SIAM),
        post("/api/quota/performance-test", SALES_SIAM, "{\"action\":\"reset-cache\"}"),
        get("/api/clinics/siam-skin/alerts", SALES_SIAM));

    assertThat(quota.status()).isEqualTo(403);
    assertThat(body(quota).path("quotaExceeded").asBoolean()).isTrue();
    assertThat(body(quota).path("code").asString()).isEqualTo("403_QUOTA_EXCEEDED");
    for (RawHttp.Answer other : others) {
      JsonNode error = assertJsonError(other, 403);
      assertThat(error.path("code").asString()).isEqualTo("ROLE_NOT_ALLOWED");
      assertThat(error.has("quotaExceeded")).isTrue();
      assertThat(error.path("quotaExceeded").asBoolean(true)).isFalse();
      assertThat(other.text()).doesNotContain("403_QUOTA_EXCEEDED", "topUpSuggestion");
    }
  }
}
