package com.bnaura.quota.gemini;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.SkinAnalysisRequest.FacialMetrics;
import com.bnaura.quota.gemini.internal.Sleeper;
import com.bnaura.quota.model.Allowance;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared test data: a quota service on a hand-moved clock, scripted Gemini answers. */
final class Fixtures {

  static final String API_KEY = "AIzaTestKey-0123456789abcdefghijklmnop";
  static final String QUICK_MODEL = "flash-test";
  static final String PRO_MODEL = "pro-test";
  static final String CHAT_MODEL = "chat-test";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A plan of exactly 10 units a month, overage never allowed. */
  static final PlanId TEN = PlanId.of("ten-units");

  private Fixtures() {}

  static QuotaCatalog catalog() {
    return QuotaCatalog.builder().from(QuotaCatalog.defaults())
        .plan(new Plan(TEN, "Ten", Allowance.ofUnits(10), Money.of("0", Money.THB),
            Optional.empty(), OveragePolicy.BLOCK, Set.of(), false))
        .build();
  }

  static MutableClock clock() {
    return MutableClock.at("2026-03-10T03:00:00Z");
  }

  static QuotaService quotas(QuotaStore store, MutableClock clock) {
    return QuotaService.builder().store(store).clock(clock).catalog(catalog())
        .customerRefKey("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)).build();
  }

  static void register(QuotaService quotas, String clinic, String plan) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan).build());
  }

  /** Records the waits between retries instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  static GeminiClient.Builder client(MockWebServer server, Sleeper sleeper) {
    return GeminiClient.builder()
        .apiKey(API_KEY)
        .baseUrl(server.url("/v1beta").toString())
        .sleeper(sleeper)
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(40))
        .readTimeout(Duration.ofSeconds(5));
  }

  static QuotaEnforcedAnalyzer.Builder analyzer(GenerativeModel client, QuotaService quotas,
      MutableClock clock) {
    return QuotaEnforcedAnalyzer.builder()
        .gemini(client)
        .quotas(quotas)
        .clock(clock)
        .model(com.bnaura.quota.model.OperationId.QUICK_SCAN, QUICK_MODEL)
        .model(com.bnaura.quota.model.OperationId.CLINICAL_ANALYSIS, PRO_MODEL)
        .model(com.bnaura.quota.model.OperationId.CHAT_ADVISOR, CHAT_MODEL);
  }

  static FacialMetrics metrics(double wrinkleDepth) {
    return new FacialMetrics(0.3, 0.7, List.of(0.2, 0.4), wrinkleDepth, 0.6);
  }

  static SkinAnalysisRequest.Builder scan(String clinic, String requestId) {
    return SkinAnalysisRequest.builder(clinic, requestId)
        .user("sales-7")
        .customer("Somchai Jaidee", 30, "Combination")
        .metrics(metrics(0.5));
  }

  static String analysisJson() {
    return """
        {"overallScore": 83, "summary": "Good skin with early volume loss.",
         "skinMetrics": {"texture": 70, "wrinkles": 62, "pores": 55, "volume": 48, "symmetry": 80},
         "recommendations": [
           {"treatment": "Hyaluronic acid filler", "reason": "Mid-face volume loss", "priority": "high"},
           {"treatment": "Daily SPF 50", "reason": "Prevents further photo-ageing", "priority": "medium"}
         ]}""";
  }

  /** A generateContent answer whose text is {@code text}. */
  static String answer(String text, String modelVersion) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").addObject()
        .put("text", text);
    candidate.put("finishReason", "STOP");
    root.putObject("usageMetadata").put("promptTokenCount", 812).put("candidatesTokenCount", 240)
        .put("thoughtsTokenCount", 64).put("totalTokenCount", 1116);
    root.put("modelVersion", modelVersion).put("responseId", "resp-1");
    return root.toString();
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  static MockResponse okAnalysis(String model) {
    return ok(answer(analysisJson(), model));
  }

  static MockResponse error(int code, String status, String message, String... details) {
    String body = "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\""
        + status + "\",\"details\":[" + String.join(",", details) + "]}}";
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  static String retryInfo(String delay) {
    return "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay
        + "\"}";
  }

  static String quotaFailure(String quotaId) {
    return "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{"
        + "\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_requests\","
        + "\"quotaId\":\"" + quotaId + "\",\"quotaValue\":\"250\"}]}";
  }

  static List<LedgerEntry> ledger(QuotaStore store, String clinic, LedgerKind kind) {
    return store.ledger(ClinicId.of(clinic), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
        .stream().filter(e -> e.kind() == kind).toList();
  }

  static JsonNode bodyOf(RecordedRequest request) throws IOException {
    return JSON.readTree(request.getBody().utf8());
  }
}
