package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.TestApi.METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.testing.ReliabilityReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input at the door (RELIABILITY T17): at least {@value #REQUESTS} distinct hostile
 * requests, generated from a seed (printed; rerun one with {@code -Dhostile.seed=N}), sent over a
 * raw socket to the app on a random port. Every request carries at least one defect that must make
 * it fail: malformed or deeply nested JSON, numbers with huge exponents or thousands of digits,
 * NaN and Infinity, oversized bodies, strings and arrays, wrong types, bad percent-encoding and
 * path bytes, oversized headers, unsupported media and accept types, a method the path does not
 * take, another clinic's ids, a missing or unknown token, with valid and invalid tokens of each
 * role. A few plain reads are mixed in on purpose and must succeed.
 *
 * <p>Each answer must be a JSON 4xx of at most {@value #MAX_ERROR_BYTES} bytes (a read: its
 * documented 200), never a 5xx or HTML; and the state of every demo clinic, read through the
 * quota service, is the same before and after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key=",
    "logging.level.com.bnaura.quota.examples.clinic.ApiErrorHandler=OFF"})
@Import(TestClockConfiguration.class)
final class HostileHttpInputTest extends AbstractAppTest {

  static final int REQUESTS = 10_000;
  static final int MAX_ERROR_BYTES = 1024;
  static final int MAX_READ_BYTES = 64 * 1024;
  static final int ANSWER_TIMEOUT_MS = 30_000;

  static final List<String> CLINICS = List.of("siam-skin", "chiangmai-glow", "phuket-trial");
  /** Tokens of each role, with the clinic each may act on ({@code null}: any). */
  static final Map<String, String> TOKENS = Map.of(
      "demo-sales-siam", "siam-skin",
      "demo-owner-siam", "siam-skin",
      "demo-sales-chiangmai", "chiangmai-glow",
      "demo-owner-phuket", "phuket-trial",
      "demo-admin", "");

  private final JsonMapper json = JsonMapper.builder().build();

  /** One request: what it is, its bytes, and whether it is one of the reads meant to succeed. */
  record Probe(String category, String description, byte[] raw, boolean read, boolean head) {}

  @Test
  void tenThousandHostileRequestsAreSmallJson4xxAndChangeNothing() throws Exception {
    long seed = Long.getLong("hostile.seed", System.nanoTime());
    System.out.println("HostileHttpInputTest seed: " + seed + " (rerun with -Dhostile.seed="
        + seed + ")");
    List<Probe> probes = new Generator(new Random(seed)).generate(REQUESTS);
    Map<String, Object> before = state();

    RawHttp http = new RawHttp(port, ANSWER_TIMEOUT_MS);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong serverErrors = new AtomicLong();
    AtomicLong htmlAnswers = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong largest = new AtomicLong();
    AtomicLong largestError = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    Map<String, AtomicLong> byCategory = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> sent = new ArrayList<>();
    for (Probe probe : probes) {
      sent.add(pool.submit(() -> {
        byCategory.computeIfAbsent(probe.category(), c -> new AtomicLong()).incrementAndGet();
        try {
          RawHttp.Answer answer = http.send(probe.raw());
          largest.accumulateAndGet(answer.body().length, Math::max);
          if (answer.status() >= 400) {
            largestError.accumulateAndGet(answer.body().length, Math::max);
          }
          slowest.accumulateAndGet(answer.millis(), Math::max);
          String problem = check(probe, answer, serverErrors, htmlAnswers, accepted);
          if (problem != null) {
            failures.add(problem + " <- " + probe.category() + ": " + probe.description());
          }
        } catch (Exception e) {
          failures.add("no answer (" + e + ") <- " + probe.category() + ": "
              + probe.description());
        }
      }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    pool.shutdown();
    Map<String, Object> after = state();
    long stateChanges = before.keySet().stream()
        .filter(clinic -> !before.get(clinic).equals(after.get(clinic))).count();

    ReliabilityReport.add("bad_inputs_tried", "http.total", probes.size());
    ReliabilityReport.add("bad_inputs_tried", "http.accepted_unexpectedly", accepted.get());
    ReliabilityReport.add("bad_inputs_tried", "http.state_changes", stateChanges);
    ReliabilityReport.add("bad_inputs_tried", "http.server_errors", serverErrors.get());
    ReliabilityReport.add("bad_inputs_tried", "http.html_answers", htmlAnswers.get());
    // the build's totals count the requests at the door beside the calls into the stores
    ReliabilityReport.add("bad_inputs_tried", "total", probes.size());
    ReliabilityReport.add("bad_inputs_tried", "accepted_unexpectedly", accepted.get());
    ReliabilityReport.add("bad_inputs_tried", "tables_changed_by_rejected_input", stateChanges);
    ReliabilityReport.max("bad_inputs_tried", "http.largest_answer_bytes", largest.get());
    ReliabilityReport.max("bad_inputs_tried", "http.largest_error_bytes", largestError.get());
    ReliabilityReport.max("bad_inputs_tried", "http.slowest_answer_ms", slowest.get());
    System.out.println("HostileHttpInputTest: " + probes.size() + " requests " + byCategory
        + "; largest answer " + largest.get() + " bytes (largest error " + largestError.get()
        + "), slowest " + slowest.get() + " ms");

    Map<String, Long> kinds = new java.util.TreeMap<>();
    failures.forEach(f -> kinds.merge(f.replaceAll("[0-9]+", "N").replaceAll(" <- ([^:]*):.*",
        " <- $1").replaceAll("^(\\S+ \\S+ \\S+).* <- ", "$1 <- "), 1L, Long::sum));
    System.out.println("HostileHttpInputTest failures by kind: " + kinds);
    assertThat(probes).hasSizeGreaterThanOrEqualTo(REQUESTS);
    assertThat(failures).as("seed " + seed + ", first failures: "
        + failures.stream().limit(25).toList()).isEmpty();
    assertThat(serverErrors.get()).isZero();
    assertThat(htmlAnswers.get()).isZero();
    assertThat(accepted.get()).isZero();
    assertThat(after).as("seed " + seed).isEqualTo(before);
  }

  /** The problem with the answer, or {@code null} if it is what the probe must get. */
  private String check(Probe probe, RawHttp.Answer answer, AtomicLong serverErrors,
      AtomicLong htmlAnswers, AtomicLong accepted) {
    String type = answer.contentType().toLowerCase(Locale.ROOT);
    String text = answer.text();
    if (type.contains("html") || text.stripLeading().startsWith("<")) {
      htmlAnswers.incrementAndGet();
      return "HTML answer " + answer.status();
    }
    if (answer.status() >= 500) {
      serverErrors.incrementAndGet();
      return "server error " + answer.status() + " " + cut(text);
    }
    boolean success = answer.status() < 400;
    if (success && !probe.read()) {
      accepted.incrementAndGet();
      return "accepted " + answer.status() + " " + cut(text);
    }
    if (answer.body().length == 0) {
      // HEAD has no body by definition; OPTIONS of a read answers its Allow header and no body
      return probe.head() || success ? null : "empty answer " + answer.status();
    }
    if (!type.startsWith("application/json") && !type.matches("application/[a-z0-9.+-]*\\+json.*")) {
      return "not JSON: " + type + " " + answer.status();
    }
    if (answer.body().length > (success ? MAX_READ_BYTES : MAX_ERROR_BYTES)) {
      return "answer of " + answer.body().length + " bytes";
    }
    JsonNode body;
    try {
      body = json.readTree(answer.body());
    } catch (RuntimeException e) {
      return "unparsable JSON " + cut(text);
    }
    boolean problem = type.startsWith("application/problem+json");
    if (!success && problem && (body.path("status").asInt() != answer.status()
        || body.path("code").asString().isBlank())) {
      return "a problem detail without its status and a code " + cut(text);
    }
    if (!success && !problem && (body.path("success").asBoolean(true)
        || body.path("code").asString().isBlank())) {
      return "an error without success:false and a code " + cut(text);
    }
    return null;
  }

  private static String cut(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  /** What a clinic owner or the bill would notice: status and usage of every demo clinic. */
  private Map<String, Object> state() {
    quotas.resetCaches();
    Map<String, Object> state = new LinkedHashMap<>();
    for (String clinic : CLINICS) {
      state.put(clinic, List.of(JsonViews.status(quotas.status(clinic)),
          JsonViews.usageStats(quotas.usageStats(clinic))));
    }
    return state;
  }

  /** Hostile requests from a seed; each distinct in its bytes. */
  static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    /** An endpoint taking a JSON body: method, path (with {clinic}), a valid body, typed fields. */
    record Endpoint(String method, String path, String body, boolean key, Map<String, Kind> fields) {}

    enum Kind { STRING, LONG_STRING, WHOLE, DECIMAL, BOOLEAN, SEVERITY, ARRAY, OBJECT }

    static final List<Endpoint> WRITES = List.of(
        new Endpoint("POST", "/api/ai/analyze", "{\"clinicId\":\"{clinic}\",\"customerInfo\":"
            + "{\"name\":\"Khun A\",\"age\":30,\"skinType\":\"oily\"},\"facialMetrics\":" + METRICS
            + ",\"useProModel\":false,\"acceptOverageCharge\":false,\"customerId\":\"cust-1\"}",
            false, Map.ofEntries(Map.entry("clinicId", Kind.STRING),
                Map.entry("customerInfo", Kind.OBJECT), Map.entry("customerInfo.name",
                    Kind.LONG_STRING), Map.entry("customerInfo.age", Kind.WHOLE),
                Map.entry("customerInfo.skinType", Kind.STRING),
                Map.entry("facialMetrics", Kind.OBJECT),
                Map.entry("facialMetrics.facialAsymmetry", Kind.SEVERITY),
                Map.entry("facialMetrics.skinTexture", Kind.SEVERITY),
                Map.entry("facialMetrics.volumeLoss", Kind.ARRAY),
                Map.entry("facialMetrics.wrinkleDepth", Kind.SEVERITY),
                Map.entry("facialMetrics.poreSize", Kind.SEVERITY),
                Map.entry("useProModel", Kind.BOOLEAN), Map.entry("acceptOverageCharge",
                    Kind.BOOLEAN), Map.entry("customerId", Kind.LONG_STRING))),
        new Endpoint("POST", "/api/quota/billing-test", "{\"action\":\"purchase-topup\","
            + "\"clinicId\":\"{clinic}\",\"scanCount\":10}", false, Map.of("action", Kind.STRING,
                "clinicId", Kind.STRING, "scanCount", Kind.DECIMAL)),
        new Endpoint("POST", "/api/quota/billing-test", "{\"action\":\"update-plan\","
            + "\"clinicId\":\"{clinic}\",\"planId\":\"enterprise\",\"timing\":\"IMMEDIATELY\"}",
            false, Map.of("action", Kind.STRING, "clinicId", Kind.STRING, "planId", Kind.STRING,
                "timing", Kind.STRING)),
        new Endpoint("POST", "/api/quota/performance-test", "{\"action\":\"reset-cache\"}", false,
            Map.of("action", Kind.STRING)),
        new Endpoint("POST", "/api/clinics/{clinic}/topups", "{\"scanCount\":10}", true,
            Map.of("scanCount", Kind.DECIMAL)),
        new Endpoint("PUT", "/api/clinics/{clinic}/plan", "{\"planId\":\"enterprise\","
            + "\"timing\":\"IMMEDIATELY\"}", true, Map.of("planId", Kind.STRING, "timing",
                Kind.STRING)),
        new Endpoint("POST", "/api/clinics/{clinic}/reservations", "{\"operation\":\"QUICK_SCAN\","
            + "\"quantity\":1,\"customerRef\":\"c-1\",\"acceptOverage\":true}", true,
            Map.of("operation", Kind.STRING, "quantity", Kind.WHOLE, "customerRef",
                Kind.LONG_STRING, "acceptOverage", Kind.BOOLEAN)),
        new Endpoint("POST", "/api/clinics/{clinic}/charges", "{\"operation\":\"CLINICAL_ANALYSIS\","
            + "\"quantity\":1,\"customerRef\":\"c-2\",\"acceptOverage\":true}", true,
            Map.of("operation", Kind.STRING, "quantity", Kind.WHOLE, "customerRef",
                Kind.LONG_STRING, "acceptOverage", Kind.BOOLEAN)));

    /** Every path the app serves, with the methods that are meant for it. */
    static final Map<String, List<String>> PATHS = Map.ofEntries(
        Map.entry("/api/ai/analyze", List.of("POST")),
        Map.entry("/api/quota/billing-test?action=quota-config&clinicId={clinic}",
            List.of("GET", "POST")),
        Map.entry("/api/quota/performance-test?test=stats", List.of("GET", "POST")),
        Map.entry("/api/quota/usage?clinicId={clinic}", List.of("GET")),
        Map.entry("/api/me", List.of("GET")),
        Map.entry("/api/demo/users", List.of("GET")),
        Map.entry("/api/clinics", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/quota", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/usage", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/forecast", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/recommendations", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/alerts", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/features/advancedAnalysis", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/topups", List.of("POST")),
        Map.entry("/api/clinics/{clinic}/plan", List.of("PUT")),
        Map.entry("/api/clinics/{clinic}/reservations", List.of("POST")),
        Map.entry("/api/clinics/{clinic}/reservations/res_0/commit", List.of("POST")),
        Map.entry("/api/clinics/{clinic}/reservations/res_0/release", List.of("POST")),
        Map.entry("/api/clinics/{clinic}/reservations/res_0", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/charges", List.of("POST")),
        Map.entry("/api/clinics/{clinic}/events?limit=5", List.of("GET")),
        Map.entry("/api/clinics/{clinic}/quiet-hours", List.of("GET", "PUT")),
        Map.entry("/api/admin/events/dead", List.of("GET")),
        Map.entry("/api/admin/events/e-0/redeliver", List.of("POST")),
        Map.entry("/", List.of("GET")),
        Map.entry("/index.html", List.of("GET")),
        Map.entry("/app.js", List.of("GET")),
        Map.entry("/error", List.of()),
        Map.entry("/v3/api-docs", List.of("GET")),
        Map.entry("/actuator/health", List.of("GET")),
        Map.entry("/nothing/here", List.of()));

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
        "OPTIONS", "TRACE", "CONNECT", "FOO", "PROPFIND", "get", "M-SEARCH");

    static final List<String> BAD_CONTENT_TYPES = List.of("text/html", "application/xml",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "text/*",
        "application/*", ";;", "application/json; charset=nope", "image/png", "text/csv",
        "application/octet-stream", "json", "application/json;charset=\"", "/", "a/b/c");

    static final List<String> BAD_ACCEPTS = List.of("text/html", "application/xml", "image/png",
        "text/plain", "*/*;q=0", "application/json;q=0", "text/css, image/*", "garbage",
        "application/json;q=x", ";;;", "text/html;level=1, application/xhtml+xml");

    static final List<String> FOREIGN_IDS = List.of("nope", "x'; DROP TABLE ledger;--",
        "' OR '1'='1", "%25", "_", "\\", "$$", "--", "/*", "คลินิกสุขภาพ", "😀", "e\u0301",
        "\u202eevil", "a\u200db", "CON", "siam-skin ", " siam-skin", "SIAM-SKIN", "siam_skin",
        "siam-skin\u00a0", "0", "-1", "null", "undefined", "../siam-skin", "siam-skin;x");

    private final Map<String, Probe> probes = new LinkedHashMap<>();

    List<Probe> generate(int count) {
      reads();
      everyMethodOnEveryPath();
      int guard = 0;
      while (probes.size() < count && guard++ < count * 20) {
        switch (random.nextInt(10)) {
          case 0, 1, 2 -> wrongField();
          case 3 -> brokenJson();
          case 4 -> oversized();
          case 5 -> badUrl();
          case 6 -> badHeaders();
          case 7 -> badMediaTypes();
          case 8 -> foreignClinic();
          default -> badToken();
        }
      }
      return new ArrayList<>(probes.values());
    }

    private void add(String category, String description, byte[] raw, boolean read,
        boolean head) {
      String key = new String(raw, StandardCharsets.ISO_8859_1);
      probes.putIfAbsent(key, new Probe(category, description, raw, read, head));
    }

    private void add(String category, String method, String target, Map<String, String> headers,
        byte[] body) {
      add(category, method + " " + cut(target) + " " + headers.keySet() + " "
          + (body == null ? "" : cut(new String(body, StandardCharsets.UTF_8))),
          RawHttp.request(method, target, headers, body), false, method.equals("HEAD"));
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }

    private String token() {
      return pick(new ArrayList<>(TOKENS.keySet()));
    }

    private static String own(String token) {
      String clinic = TOKENS.get(token);
      return clinic == null || clinic.isEmpty() ? "siam-skin" : clinic;
    }

    private Map<String, String> auth(String token) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        headers.put("Authorization", "Bearer " + token);
      } else {
        headers.put("X-API-Key", token);
      }
      return headers;
    }

    private Map<String, String> jsonHeaders(String token, Endpoint endpoint) {
      Map<String, String> headers = auth(token);
      headers.put("Content-Type", pick(List.of("application/json",
          "application/json;charset=UTF-8", "application/json; charset=utf-8")));
      if (endpoint.key()) {
        headers.put("Idempotency-Key", "hostile-" + random.nextInt(1_000_000));
      }
      return headers;
    }

    private static byte[] utf8(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Plain reads of the caller's own clinic, meant to succeed. */
    private void reads() {
      for (String token : TOKENS.keySet()) {
        for (String path : List.of("/api/me", "/api/clinics", "/api/clinics/{clinic}/quota",
            "/api/clinics/{clinic}/usage", "/api/clinics/{clinic}/forecast",
            "/api/quota/usage?clinicId={clinic}",
            "/api/quota/billing-test?action=quota-config&clinicId={clinic}")) {
          String target = path.replace("{clinic}", own(token));
          add("read", "GET " + target, RawHttp.request("GET", target, auth(token), null), true,
              false);
          add("read", "HEAD " + target, RawHttp.request("HEAD", target, auth(token), null), true,
              true);
        }
      }
    }

    /** Every method on every path, with and without tokens, with no body or an empty one. */
    private void everyMethodOnEveryPath() {
      List<String> tokens = new ArrayList<>(TOKENS.keySet());
      tokens.add(null);
      tokens.add("not-a-token");
      for (Map.Entry<String, List<String>> path : PATHS.entrySet()) {
        for (String method : METHODS) {
          for (String token : tokens) {
            String target = path.getKey().replace("{clinic}", token == null ? "siam-skin"
                : own(token));
            Map<String, String> headers = token == null ? new LinkedHashMap<>() : auth(token);
            boolean meant = path.getValue().contains(method) || (method.equals("HEAD")
                && path.getValue().contains("GET"));
            boolean known = token != null && TOKENS.containsKey(token);
            boolean open = !target.startsWith("/api/") || target.startsWith("/api/demo/");
            // a GET or HEAD meant for the path is a read, OPTIONS answers the methods it takes
            boolean read = ((method.equals("GET") || method.equals("HEAD")) && meant
                && (known || open)) || method.equals("OPTIONS") && (known || open);
            if ((method.equals("GET") || method.equals("HEAD")) && meant
                && !target.startsWith("/api/") && !target.startsWith("/v3/")
                && !target.startsWith("/actuator/")) {
              continue; // the dashboard's own pages and scripts are not API answers
            }
            add("method", method + " " + target + " as " + token,
                RawHttp.request(method, target, headers, method.equals("POST")
                    || method.equals("PUT") ? new byte[0] : null), read,
                method.equals("HEAD"));
          }
        }
      }
    }

    /** A valid body with one field's value of the wrong type or out of its bounds. */
    private void wrongField() {
      Endpoint endpoint = pick(WRITES);
      String token = token();
      List<String> names = new ArrayList<>(endpoint.fields().keySet());
      String field = pick(names);
      String value = badValue(endpoint.fields().get(field));
      String body = replace(endpoint.body().replace("{clinic}", own(token)), field, value);
      add("wrong field " + endpoint.fields().get(field), endpoint.method(),
          endpoint.path().replace("{clinic}", own(token)), jsonHeaders(token, endpoint),
          utf8(body));
    }

    /** The body with the field (a dotted path, one level deep at most) set to the JSON value. */
    static String replace(String body, String field, String value) {
      String name = field.contains(".") ? field.substring(field.indexOf('.') + 1) : field;
      int at = body.indexOf("\"" + name + "\":");
      int start = at + name.length() + 3;
      int end = valueEnd(body, start);
      return body.substring(0, start) + value + body.substring(end);
    }

    private static int valueEnd(String body, int start) {
      int depth = 0;
      boolean string = false;
      for (int i = start; i < body.length(); i++) {
        char c = body.charAt(i);
        if (string) {
          if (c == '\\') {
            i++;
          } else if (c == '"') {
            string = false;
            if (depth == 0) {
              return i + 1;
            }
          }
        } else if (c == '"') {
          string = true;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          if (depth == 0) {
            return i;
          }
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        } else if (c == ',' && depth == 0) {
          return i;
        }
      }
      return body.length();
    }

    private String digits(int n) {
      StringBuilder out = new StringBuilder(n);
      out.append((char) ('1' + random.nextInt(9)));
      for (int i = 1; i < n; i++) {
        out.append((char) ('0' + random.nextInt(10)));
      }
      return out.toString();
    }

    private String longText(int n) {
      String alphabet = "abcxyz0129-_ กขค😀é";
      StringBuilder out = new StringBuilder(n);
      while (out.length() < n) {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return out.substring(0, n);
    }

    private String hugeNumber() {
      return switch (random.nextInt(9)) {
        case 0 -> "1e" + (100_000_000 + random.nextInt(1_000_000_000));
        case 1 -> "-1e" + (100_000_000 + random.nextInt(1_000_000_000));
        case 2 -> "1e-" + (100_000_000 + random.nextInt(1_000_000_000));
        case 3 -> "1E+" + (19 + random.nextInt(100_000));
        case 4 -> digits(33 + random.nextInt(900));
        case 5 -> digits(1 + random.nextInt(5)) + "." + digits(19 + random.nextInt(900));
        case 6 -> digits(1001 + random.nextInt(4000));
        case 7 -> "0." + "0".repeat(19 + random.nextInt(500)) + "1";
        default -> "9" + "9".repeat(random.nextInt(40)) + "e99999999999999999999";
      };
    }

    private String badValue(Kind kind) {
      List<String> any = List.of("[]", "{}", "[1]", "{\"a\":1}", "[[[]]]", "true", "false");
      return switch (kind) {
        case STRING -> random.nextInt(3) == 0 ? "\"" + longText(65 + random.nextInt(1200)) + "\""
            : pick(List.of("1", "0", "-1", "1.5", "1e400", "true", "false", "[\"x\"]",
                "{\"x\":\"y\"}", "[]", "{}", digits(1 + random.nextInt(20))));
        case LONG_STRING -> random.nextInt(2) == 0
            ? "\"" + longText(256 + random.nextInt(800)) + "\""
            : pick(List.of("1", "1.5", "true", "[\"x\"]", "{}", "[]", digits(3)));
        case WHOLE -> random.nextInt(3) == 0 ? hugeNumber() : pick(List.of("1.5", "2.0", "1e2",
            "0.1", "-0.5", "\"1\"", "\" 1 \"", "\"1 \"", "\"\"", "true", "false", "[1]", "{}",
            "1.0000000001", "\"0x10\"", "\"NaN\"", digits(20 + random.nextInt(30))));
        case DECIMAL -> random.nextInt(2) == 0 ? hugeNumber() : pick(List.of("\"1\"", "\" 1 \"",
            "\"10\"", "\"1e1\"", "true", "false", "[10]", "{}", "-5", "0", "-0", "1.5",
            "0.0001", "-1e3", "100001", "\"\"", "1.0e-25", "\"NaN\"", "\"Infinity\""));
        case BOOLEAN -> pick(List.of("1", "0", "1.0", "\"true\"", "\"false\"", "\"yes\"", "\"1\"",
            "\"\"", "[]", "{}", "[true]", "2", "-1", "\"TRUE\"", "\" true\""));
        case SEVERITY -> random.nextInt(3) == 0 ? pick(List.of("1e" + (100_000_000
            + random.nextInt(1_000_000_000)), "-1e" + random.nextInt(1_000_000_000),
            digits(2 + random.nextInt(900)), digits(1001 + random.nextInt(3000))))
            : pick(List.of("\"0.5\"", "true",
            "[]", "{}", "2", "-0.1", "1.0000001", "1e400", "-1e400", "\"NaN\"", "\"Infinity\"",
            "\"-Infinity\"", "[0.5]", "\"\"", "false"));
        case ARRAY -> random.nextInt(2) == 0 ? "[" + "0.1,".repeat(32 + random.nextInt(3000))
            + "0.1]" : pick(List.of("\"x\"", "0.5", "{}", "true", "[\"0.5\"]", "[true]",
                "[[0.5]]", "[{}]", "[2]", "[-1]", "[1e400]", "[0.5,\"x\"]"));
        case OBJECT -> pick(List.of("\"x\"", "1", "[]", "true", "[{}]", "\"{}\"", "0.5"));
      } + (random.nextInt(50) == 0 ? pick(any).substring(0, 0) : "");
    }

    /** Malformed, nested, truncated and otherwise broken JSON. */
    private void brokenJson() {
      Endpoint endpoint = pick(WRITES);
      String token = token();
      String valid = endpoint.body().replace("{clinic}", own(token));
      String body = switch (random.nextInt(14)) {
        case 0 -> valid.substring(0, random.nextInt(valid.length()));
        case 1 -> valid + pick(List.of("}", "]", ",", "x", "{}", " 1", "\"", "//c", "{"));
        case 2 -> valid.replaceFirst(":", ":" + pick(List.of("NaN", "Infinity", "-Infinity",
            "+1", "01", ".5", "1.", "0x10", "undefined", "'x'")) + ",\"z\":");
        case 3 -> "{" + "\"a\":{".repeat(17 + random.nextInt(3000)) + "}".repeat(0) ;
        case 4 -> "[".repeat(17 + random.nextInt(5000)) + "]".repeat(random.nextInt(50));
        case 5 -> valid.replaceFirst("\\{", "{" + dupOf(valid) + ",");
        case 6 -> valid.replace("\"", "'");
        case 7 -> valid.replaceFirst("\"([a-zA-Z]+)\":", "$1:");
        case 8 -> "/* c */" + valid;
        case 9 -> pick(List.of("", "null", "[]", "\"x\"", "1", "true", "{", "}", "{\"\":}",
            "{\"a\"}", "{,}", "[,]", "\u0000", "{\"a\":1,}"));
        case 10 -> valid.substring(0, valid.length() - 1) + ",\"" + longText(65 + random.nextInt(
            300)).replace("\"", "") + "\":1}";
        case 11 -> "{\"a\":\"" + "\\u" + pick(List.of("D800", "zzzz", "12", "DFFF")) + "\"}";
        case 12 -> "{" + "\"k" + random.nextInt(1000) + "\":[".repeat(17 + random.nextInt(100))
            + "1" + "]".repeat(17) + "}";
        default -> new String(randomBytes(1 + random.nextInt(200)), StandardCharsets.ISO_8859_1);
      };
      byte[] bytes = random.nextInt(8) == 0 ? invalidUtf8(valid)
          : body.getBytes(random.nextInt(14) == 13 ? StandardCharsets.ISO_8859_1
              : StandardCharsets.UTF_8);
      add("broken JSON", endpoint.method(), endpoint.path().replace("{clinic}", own(token)),
          jsonHeaders(token, endpoint), bytes);
    }

    private String dupOf(String valid) {
      int colon = valid.indexOf(':');
      return valid.substring(1, valid.indexOf(',') > 0 ? valid.indexOf(',') : colon + 2);
    }

    private byte[] randomBytes(int n) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      bytes[0] = '{'; // never a valid body on its own: any body here lacks required fields
      return bytes;
    }

    private byte[] invalidUtf8(String valid) {
      byte[] bytes = utf8(valid);
      int quote = valid.indexOf("\":\"") + 3;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(bytes, 0, quote);
      byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
      byte[] chosen = bad[random.nextInt(bad.length)];
      out.write(chosen, 0, chosen.length);
      out.write(bytes, quote, bytes.length - quote);
      return out.toByteArray();
    }

    /** Bodies over the 64 KiB limit: declared, chunked, padded inside a valid document. */
    private void oversized() {
      Endpoint endpoint = pick(WRITES);
      String token = token();
      String valid = endpoint.body().replace("{clinic}", own(token));
      int size = 64 * 1024 + 1 + random.nextInt(random.nextInt(10) == 0 ? 900_000 : 100_000);
      String padded = valid.substring(0, valid.length() - 1) + "," + " ".repeat(size)
          + "\"pad\":1}";
      Map<String, String> headers = jsonHeaders(token, endpoint);
      byte[] body = utf8(padded);
      if (random.nextBoolean()) {
        headers.put("Transfer-Encoding", "chunked");
        body = HttpDoorTest.chunked(body);
      }
      add("oversized body", endpoint.method(), endpoint.path().replace("{clinic}", own(token)),
          headers, body);
    }

    /** Bad percent-encoding, encoded slashes and NULs, raw bytes and long ids in the URL. */
    private void badUrl() {
      String token = token();
      String clinic = own(token);
      String[] bad = {"%FF%FE", "%", "%G1", "%0", "%2F", "%00", "%5C", "%FF", "%C0%AF", "%E0%80",
          "%25%", "%%", "%2e%2e", "%u0041", "%0D%0A", "%20", "%7F"};
      String piece = pick(List.of(bad));
      String target = switch (random.nextInt(8)) {
        case 0 -> "/api/quota/usage?clinicId=" + piece + clinic;
        case 1 -> "/api/clinics/" + clinic + "/usage?at=" + piece;
        case 2 -> "/api/clinics/" + clinic.substring(0, 3) + piece + clinic.substring(3)
            + "/quota";
        case 3 -> "/api/quota/billing-test?action=" + piece + "&clinicId=" + clinic;
        case 4 -> "/api/clinics/" + clinic + "/quota?x=" + longText(65 + random.nextInt(3000));
        case 5 -> "/api/clinics/" + longText(65 + random.nextInt(3000)) + "/quota";
        case 6 -> "/api/quota/usage?clinicId=" + clinic + "&clinicId=" + clinic + piece;
        default -> "/api/" + pick(List.of("..", ".", "%2e", "", "//", "clinics/" + clinic
            + "/quota/..;/x", "clinics;jsessionid=1/" + clinic)) + "/" + piece;
      };
      byte[] raw = RawHttp.request("GET", target, auth(token), null);
      if (random.nextInt(4) == 0) {
        raw = withRawByte(raw);
      }
      add("bad URL", "GET " + cut(target), raw, false, false);
    }

    private byte[] withRawByte(byte[] raw) {
      byte[] out = raw.clone();
      int space = new String(raw, StandardCharsets.ISO_8859_1).indexOf(' ');
      int at = space + 2 + random.nextInt(5);
      int[] bytes = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC3, 0x0B, '"', '<', '{', '|', '^', '`',
          '\\'};
      out[at] = (byte) bytes[random.nextInt(bytes.length)];
      return out;
    }

    /** Oversized, numerous or malformed headers. */
    private void badHeaders() {
      Endpoint endpoint = pick(WRITES);
      String token = token();
      Map<String, String> headers = jsonHeaders(token, endpoint);
      String body = replace(endpoint.body().replace("{clinic}", own(token)),
          pick(new ArrayList<>(endpoint.fields().keySet())), "[]");
      switch (random.nextInt(6)) {
        case 0 -> headers.put("X-Padding", longText(9_000 + random.nextInt(40_000)));
        case 1 -> {
          for (int i = 0; i < 101 + random.nextInt(200); i++) {
            headers.put("X-H" + i, "v");
          }
        }
        case 2 -> headers.put("Authorization", "Bearer " + longText(9_000 + random.nextInt(9000)));
        case 3 -> headers.put("Bad Header", "x");
        case 4 -> headers.put("Idempotency-Key", pick(List.of(longText(256 + random.nextInt(600)),
            "k\u0001" + random.nextInt(999), "")));
        default -> headers.put("Content-Length", "-" + random.nextInt(99));
      }
      // every one of these bodies also has a field of the wrong type
      add("bad headers", endpoint.method(), endpoint.path().replace("{clinic}", own(token)),
          headers, utf8(body));
    }

    /** Unsupported content and accept types on an otherwise valid write. */
    private void badMediaTypes() {
      Endpoint endpoint = pick(WRITES);
      String token = token();
      Map<String, String> headers = jsonHeaders(token, endpoint);
      if (random.nextBoolean()) {
        headers.put("Content-Type", pick(BAD_CONTENT_TYPES));
      } else {
        headers.put("Accept", pick(BAD_ACCEPTS));
      }
      add("media type", endpoint.method(), endpoint.path().replace("{clinic}", own(token)),
          headers, utf8(endpoint.body().replace("{clinic}", own(token))));
    }

    /** A valid write or read naming a clinic that is not the caller's, or no clinic at all. */
    private void foreignClinic() {
      List<String> staff = TOKENS.keySet().stream().filter(t -> !t.equals("demo-admin"))
          .toList();
      String token = pick(staff);
      String other = random.nextInt(3) == 0 ? pick(FOREIGN_IDS)
          : pick(CLINICS.stream().filter(c -> !c.equals(TOKENS.get(token))).toList());
      String encoded = java.net.URLEncoder.encode(other, StandardCharsets.UTF_8)
          .replace("+", "%20");
      if (random.nextBoolean()) {
        Endpoint endpoint = pick(WRITES.stream().filter(e -> e.path().contains("{clinic}")
            || e.body().contains("{clinic}")).toList());
        String body = endpoint.body().replace("{clinic}", other.replace("\\", "\\\\")
            .replace("\"", "\\\""));
        add("another clinic", endpoint.method(), endpoint.path().replace("{clinic}", encoded),
            jsonHeaders(token, endpoint), utf8(body));
      } else {
        String path = pick(List.of("/api/clinics/{clinic}/quota", "/api/clinics/{clinic}/usage",
            "/api/clinics/{clinic}/reservations/res_1", "/api/quota/usage?clinicId={clinic}",
            "/api/clinics/{clinic}/forecast", "/api/clinics/{clinic}/alerts"));
        add("another clinic", "GET", path.replace("{clinic}", encoded), auth(token), null);
      }
    }

    /** A valid write with no token, an unknown one, or a role that may not do it. */
    private void badToken() {
      Endpoint endpoint = pick(WRITES);
      String clinic = pick(CLINICS);
      Map<String, String> headers = jsonHeaders("x", endpoint);
      headers.remove("Authorization");
      headers.remove("X-API-Key");
      String body = endpoint.body().replace("{clinic}", clinic);
      switch (random.nextInt(7)) {
        case 0 -> { }
        case 1 -> headers.put("Authorization", "Bearer " + pick(List.of("", " ", "demo",
            "demo-admi", "DEMO-ADMIN", "demo-admin-", "null", "undefined", longText(40))));
        case 2 -> headers.put("Authorization", pick(List.of("Basic ZGVtbzpkZW1v",
            "demo-admin", "Bearer", "Token demo-admin", "Bearerdemo-admin")));
        case 3 -> headers.put("X-API-Key", pick(List.of("", "x", "demo-sales", longText(80))));
        case 4 -> {
          // a sales person may not change the plan or reset the caches
          String sales = pick(List.of("demo-sales-siam", "demo-sales-chiangmai"));
          headers.put("Authorization", "Bearer " + sales);
          boolean plan = random.nextBoolean();
          String own = TOKENS.get(sales);
          add("role", plan ? "PUT" : "POST", plan ? "/api/clinics/" + own + "/plan"
              : "/api/quota/performance-test", headers, utf8(plan
                  ? "{\"planId\":\"enterprise\",\"timing\":\"IMMEDIATELY\"}"
                  : "{\"action\":\"reset-cache\"}"));
          return;
        }
        case 5 -> headers.put("Authorization", "Bearer demo-owner-siam" + pick(List.of("x", "1",
            "\u00e9", "%20")));
        default -> headers.put("Cookie", "token=demo-admin");
      }
      add("token", endpoint.method(), endpoint.path().replace("{clinic}", clinic), headers,
          utf8(body));
    }

    private static String cut(String text) {
      return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
  }
}
