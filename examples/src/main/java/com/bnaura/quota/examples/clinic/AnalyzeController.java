package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.QuotaInfo;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/ai/analyze}, as the old system answered it: a quick scan (0.2 units, the Flash
 * model) or, with {@code useProModel}, a clinical analysis (1.0 unit, the pro model), with {@code
 * quotaInfo} in the answer and the old 403 body when the quota is exhausted.
 *
 * <p>With an idempotency key (the {@code Idempotency-Key} header or the body's {@code requestId})
 * a scan is answered once: the answer is kept in the app's database ({@link ScanAnswers}) before it
 * is sent, and a retry with the same key and body gets the same status and body, with {@code
 * "replayed": true}, for as long as the engine keeps the key (35 days by default), also after a
 * restart; nothing is analysed or charged again. The same key with another body (another
 * fingerprint of the fields that change the scan) is 409 {@code IDEMPOTENCY_KEY_REUSED}. While a
 * request with the key is still running, a second one waits for its answer (at most {@code
 * clinic-app.analyze.wait}, 30 s by default, then 409 {@code REQUEST_IN_PROGRESS} with {@code
 * Retry-After}); the two never both call the analyzer. A refusal is not kept by the app: a retry
 * asks the engine again, which replays a stored refusal ({@code QUOTA_EXCEEDED}) as it first
 * answered. A failed analysis (502, units released) is not kept either: a retry analyses again,
 * under a new engine key derived from the client's.
 *
 * <p>The old clients send {@code "userId": "user-uuid"}, a placeholder. A scan is always recorded
 * under the signed-in user (only an admin may name another user): the answer's {@code
 * recordedUserId} says under whom, and {@code userIdNotice} says when the body's {@code userId} was
 * set aside.
 *
 * <p>The analysis is written in the caller's {@code Accept-Language}, Thai or English (the
 * default); a replay answers the stored analysis in the language it was first written in.
 */
@RestController
class AnalyzeController {

  private static final Logger log = LoggerFactory.getLogger(AnalyzeController.class);

  /** How long a request waits between two looks at a key another request holds. */
  private static final Duration POLL = Duration.ofMillis(20);

  /**
   * Reads the answers the app stored itself. The app's own mapper bounds what a request may send
   * (strings of 64 characters, for one); an answer is the app's output, longer than a request's
   * field, and is read as written.
   */
  private static final JsonMapper STORED_ANSWERS = JsonMapper.builder().build();

  private final SkinAnalyzer analyzer;
  private final ScanAnswers answers;
  private final JsonMapper json;
  private final byte[] fingerprintKey;
  private final Duration wait;

  AnalyzeController(SkinAnalyzer analyzer, ScanAnswers answers, JsonMapper json,
      @Value("${bnaura.quota.customer-ref-key:}") String customerRefKey,
      @Value("${clinic-app.analyze.wait:30s}") Duration wait) {
    this.analyzer = analyzer;
    this.answers = answers;
    this.json = json;
    // the fingerprint covers the customer's name and id, so it is keyed like the engine's hash of
    // customer ids: a stored fingerprint cannot be tested against guessed names
    this.fingerprintKey = ("scan-fingerprint:" + customerRefKey).getBytes(StandardCharsets.UTF_8);
    this.wait = wait;
  }

  /**
   * The old request body, plus what the old system lacked.
   *
   * @param customerInfo the customer; the name is never stored
   * @param facialMetrics the measured metrics, each a severity from 0 to 1
   * @param clinicId the clinic; a sales person or owner may leave it out for their own
   * @param userId the staff member; the scan is recorded under the signed-in user unless an admin
   *     names another one (any other value, such as the old clients' {@code "user-uuid"}, is set
   *     aside and the answer says so)
   * @param useProModel {@code true} for a clinical analysis (1.0 unit)
   * @param acceptOverageCharge {@code true} to go ahead into paid overage when the quota is used
   *     up and the clinic's policy asks for consent
   * @param customerId an opaque id of the customer (only a keyed hash is stored); a repeat scan of
   *     the same customer within 24 hours of the first charged one is free
   * @param requestId the idempotency key, if not sent as the {@code Idempotency-Key} header
   */
  record AnalyzeBody(CustomerInfo customerInfo, Metrics facialMetrics, String clinicId,
      String userId, Boolean useProModel, Boolean acceptOverageCharge, String customerId,
      String requestId) {}

  /** The customer, as the old body has it. */
  record CustomerInfo(String name, Integer age, String skinType) {}

  /** The facial metrics, as the old body has them. */
  record Metrics(Double facialAsymmetry, Double skinTexture, List<Double> volumeLoss,
      Double wrinkleDepth, Double poreSize) {}

  /** Who the scan is recorded under, and why the body's {@code userId} was set aside, if it was. */
  private record Recorded(String userId, String notice) {}

  @PostMapping("/api/ai/analyze")
  ResponseEntity<?> analyze(Caller caller,
      @RequestBody AnalyzeBody body,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
      Locale locale)
      throws GeminiException {
    Locale language = Languages.of(locale);
    String clinicId = caller.clinicOrOwn(body.clinicId());
    Recorded recorded = recordedUser(caller, body.userId());
    SkinAnalysisRequest.FacialMetrics metrics = metrics(body.facialMetrics());
    CustomerInfo customer = body.customerInfo();
    if (customer != null && customer.age() != null
        && (customer.age() < 0 || customer.age() > 150)) {
      throw ApiException.invalid("customerInfo.age", "error.age", customer.age());
    }
    String given = idempotencyKey != null ? idempotencyKey : body.requestId();
    if (given == null) {
      // the old clients send no key: each call is a new scan, and there is nothing to keep
      String fresh = UUID.randomUUID().toString();
      return scan(body, clinicId, recorded, metrics, fresh, fresh, language).response();
    }
    String key = key(idempotencyKey != null ? "Idempotency-Key" : "requestId", given);
    String fingerprint = fingerprint(recorded, body, metrics);
    ScanAnswers.Claim claim = claimWaiting(clinicId, key, fingerprint);
    if (claim instanceof ScanAnswers.Finished finished) {
      return replay(finished);
    }
    if (claim instanceof ScanAnswers.Conflict) {
      return ResponseEntity.status(409).body(ApiError.of("IDEMPOTENCY_KEY_REUSED",
          ErrorText.of("error.key_reused", abbreviated(key)).render(language),
          idempotencyKey != null ? "Idempotency-Key" : "requestId"));
    }
    if (claim instanceof ScanAnswers.Busy) {
      return ResponseEntity.status(409).header("Retry-After", "1").body(ApiError.of(
          "REQUEST_IN_PROGRESS", ErrorText.of("error.in_progress").render(language),
          idempotencyKey != null ? "Idempotency-Key" : "requestId"));
    }
    return scanOnce(body, clinicId, recorded, metrics, key, (ScanAnswers.Granted) claim,
        language);
  }

  /** Runs a claimed scan and keeps its answer; gives the key up when there is nothing to keep. */
  private ResponseEntity<Map<String, Object>> scanOnce(AnalyzeBody body, String clinicId,
      Recorded recorded, SkinAnalysisRequest.FacialMetrics metrics, String key,
      ScanAnswers.Granted claim, Locale language) throws GeminiException {
    int nextAttempt = claim.attempt();
    boolean settled = false;
    try {
      ScanRun run = scan(body, clinicId, recorded, metrics, key, engineKey(key, claim.attempt()),
          language);
      if (run.analyzed()) {
        // kept before it is sent: an answer the client saw is always the one a retry gets
        answers.finish(clinicId, key, claim, run.response().getStatusCode().value(),
            json.writeValueAsString(run.response().getBody()));
      } else {
        answers.reopen(clinicId, key, claim, claim.attempt());
      }
      settled = true;
      return run.response();
    } catch (GeminiException e) {
      // the analyzer released the units: the next try needs an engine key of its own
      nextAttempt = claim.attempt() + 1;
      throw e;
    } finally {
      if (!settled) {
        reopenQuietly(clinicId, key, claim, nextAttempt);
      }
    }
  }

  private void reopenQuietly(String clinicId, String key, ScanAnswers.Granted claim,
      int nextAttempt) {
    try {
      answers.reopen(clinicId, key, claim, nextAttempt);
    } catch (RuntimeException e) {
      log.warn("scan {} of clinic {} could not be reopened; a retry waits for its claim to run"
          + " out", key, clinicId, e);
    }
  }

  /**
   * The engine's idempotency key of a try: the client's key for the first, a key derived from it
   * for each try after a failed one (the engine refuses a key whose reservation was released).
   */
  static String engineKey(String key, int attempt) {
    if (attempt == 1) {
      return key;
    }
    return "retry" + attempt + "-" + HexFormat.of().formatHex(sha256(key));
  }

  /** Asks again while another request holds the key, up to the configured wait. */
  private ScanAnswers.Claim claimWaiting(String clinicId, String key, String fingerprint) {
    // a timeout of this request, not a domain time: measured on the monotonic clock
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      ScanAnswers.Claim claim = answers.claim(clinicId, key, fingerprint);
      if (!(claim instanceof ScanAnswers.Busy) || System.nanoTime() - deadline >= 0) {
        return claim;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return claim;
      }
    }
  }

  private ResponseEntity<Map<String, Object>> replay(ScanAnswers.Finished finished) {
    Map<String, Object> body = STORED_ANSWERS.readerFor(LinkedHashMap.class)
        .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readValue(finished.answer());
    body.put("replayed", true);
    return ResponseEntity.status(finished.status()).body(body);
  }

  /** One try of a scan and the answer for it. */
  private record ScanRun(ResponseEntity<Map<String, Object>> response, boolean analyzed) {}

  private ScanRun scan(AnalyzeBody body, String clinicId, Recorded recorded,
      SkinAnalysisRequest.FacialMetrics metrics, String requestId, String engineKey,
      Locale language) throws GeminiException {
    boolean pro = Boolean.TRUE.equals(body.useProModel());
    SkinAnalysisRequest.Builder request = SkinAnalysisRequest.builder(clinicId, engineKey)
        .user(recorded.userId())
        .useProModel(pro)
        .acceptOverage(Boolean.TRUE.equals(body.acceptOverageCharge()))
        .metrics(metrics)
        .language(language);
    CustomerInfo customer = body.customerInfo();
    if (customer != null) {
      request.customer(customer.name(), customer.age(), customer.skinType());
    }
    if (body.customerId() != null) {
      request.customerRef(body.customerId());
    }

    ScanOutcome outcome = analyzer.analyze(request.build());
    if (outcome instanceof ScanOutcome.Declined declined) {
      return new ScanRun(declined(declined.refused()), false);
    }
    ScanOutcome.Analyzed analyzed = (ScanOutcome.Analyzed) outcome;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("analysis", analyzed.analysis());
    answer.put("modelUsed", analyzed.modelUsed());
    answer.put("offlineDemo", analyzed.offlineDemo());
    answer.put("fromCache", analyzed.fromCache());
    if (analyzed.offlineDemo()) {
      answer.put("notice", Languages.THAI.equals(language)
          ? "ตัววิเคราะห์สาธิตแบบออฟไลน์ (Offline demo analyzer): ไม่มีการเรียกใช้ AI"
              + " ผลวิเคราะห์คำนวณจากค่าใบหน้าด้วยสูตรคงที่ ตั้งค่า GOOGLE_AI_API_KEY เพื่อใช้ Gemini"
          : "Offline demo analyzer: no AI model was called; the analysis is a fixed"
              + " formula over the facial metrics. Set GOOGLE_AI_API_KEY to use Gemini.");
    }
    answer.put("quotaInfo", quotaInfo(analyzed.quotaInfo()));
    answer.put("requestId", requestId);
    answer.put("recordedUserId", recorded.userId());
    if (recorded.notice() != null) {
      answer.put("userIdNotice", recorded.notice());
    }
    answer.put("replayed", false);
    return new ScanRun(ResponseEntity.ok(answer), true);
  }

  /** The old 403 body for an exhausted quota; any other refusal in the API's usual shape. */
  private static ResponseEntity<Map<String, Object>> declined(Refused refused) {
    if (refused.code() != RefusalCode.QUOTA_EXCEEDED || refused.shortfall().isEmpty()) {
      return ApiErrorHandler.refusal(refused);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", "Cannot perform AI analysis");
    body.put("code", "403_QUOTA_EXCEEDED");
    body.put("message", refused.shortfall().get().messageThai());
    body.put("messageEnglish", refused.message());
    Map<String, Object> shortfall = JsonViews.shortfall(refused.shortfall().get());
    shortfall.remove("messageThai");
    body.putAll(shortfall);
    return ResponseEntity.status(403).body(body);
  }

  private static Map<String, Object> quotaInfo(QuotaInfo info) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("consumed", JsonViews.units(info.consumed()));
    body.put("remaining", info.unlimited() ? null : JsonViews.units(info.remaining()));
    body.put("willIncurCharge", info.willIncurCharge());
    body.put("free", info.consumed().isZero());
    return body;
  }

  /**
   * The user a scan is recorded under: the signed-in user, or whom an admin names. A staff member
   * cannot record under someone else, and a body naming another user (the old clients send the
   * placeholder {@code "user-uuid"}) is recorded under the caller, with a notice.
   */
  private static Recorded recordedUser(Caller caller, String userId) {
    if (userId == null || userId.equals(caller.id())) {
      return new Recorded(caller.id(), null);
    }
    if (caller.role() == Role.ADMIN) {
      return new Recorded(userId, null);
    }
    return new Recorded(caller.id(), "userId '" + abbreviated(userId) + "' is not the signed-in"
        + " user; the scan is recorded under '" + caller.id() + "'");
  }

  /** The key, checked as the engine checks it, before the app's table sees it. */
  private static String key(String field, String value) {
    try {
      return IdempotencyKey.of(value).value();
    } catch (InvalidArgumentException e) {
      throw ApiException.invalid(field, "error.field_reason", field, e.reasonText());
    }
  }

  /**
   * A keyed hash of the fields that change what a scan does or answers: the user it is recorded
   * under, the model, the overage consent, the customer and the metrics. The clinic and the key
   * are the row's own; the body's {@code requestId} and a set-aside {@code userId} change nothing.
   */
  private String fingerprint(Recorded recorded, AnalyzeBody body,
      SkinAnalysisRequest.FacialMetrics m) {
    CustomerInfo c = body.customerInfo();
    List<Object> fields = Arrays.asList("scan/1", recorded.userId(),
        Boolean.TRUE.equals(body.useProModel()), Boolean.TRUE.equals(body.acceptOverageCharge()),
        body.customerId(), c == null ? null : c.name(), c == null ? null : c.age(),
        c == null ? null : c.skinType(), m.facialAsymmetry(), m.skinTexture(), m.volumeLoss(),
        m.wrinkleDepth(), m.poreSize());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(json.writeValueAsBytes(fields)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** At most 40 characters of a value the caller sent, for a message. */
  private static String abbreviated(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }

  private static SkinAnalysisRequest.FacialMetrics metrics(Metrics m) {
    if (m == null) {
      throw ApiException.invalid("facialMetrics", "error.required", "facialMetrics");
    }
    List<Double> volumeLoss = m.volumeLoss() == null ? List.of() : m.volumeLoss();
    for (int i = 0; i < volumeLoss.size(); i++) {
      severity("facialMetrics.volumeLoss[" + i + "]", volumeLoss.get(i));
    }
    return new SkinAnalysisRequest.FacialMetrics(
        severity("facialMetrics.facialAsymmetry", m.facialAsymmetry()),
        severity("facialMetrics.skinTexture", m.skinTexture()),
        volumeLoss,
        severity("facialMetrics.wrinkleDepth", m.wrinkleDepth()),
        severity("facialMetrics.poreSize", m.poreSize()));
  }

  private static double severity(String field, Double value) {
    if (value == null) {
      throw ApiException.invalid(field, "error.required", field);
    }
    if (!(value >= 0 && value <= 1)) {
      throw ApiException.invalid(field, "error.range01", field, value);
    }
    return value;
  }
}
