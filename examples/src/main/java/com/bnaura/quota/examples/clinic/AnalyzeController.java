package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.QuotaInfo;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/ai/analyze}, as the old system answered it: a quick scan (0.2 units, the Flash
 * model) or, with {@code useProModel}, a clinical analysis (1.0 unit, the pro model), with {@code
 * quotaInfo} in the answer and the old 403 body when the quota is exhausted.
 */
@RestController
class AnalyzeController {

  private final SkinAnalyzer analyzer;

  AnalyzeController(SkinAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /**
   * The old request body, plus what the old system lacked.
   *
   * @param customerInfo the customer; the name is never stored
   * @param facialMetrics the measured metrics, each a severity from 0 to 1
   * @param clinicId the clinic; a sales person or owner may leave it out for their own
   * @param userId the staff member; only an admin may name someone other than themselves
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

  @PostMapping("/api/ai/analyze")
  ResponseEntity<Map<String, Object>> analyze(Caller caller,
      @RequestBody AnalyzeBody body,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey)
      throws GeminiException {
    String clinicId = caller.clinicOrOwn(body.clinicId());
    String userId = userOf(caller, body.userId());
    SkinAnalysisRequest.FacialMetrics metrics = metrics(body.facialMetrics());
    String requestId = idempotencyKey != null ? idempotencyKey
        : body.requestId() != null ? body.requestId() : UUID.randomUUID().toString();
    boolean pro = Boolean.TRUE.equals(body.useProModel());
    SkinAnalysisRequest.Builder request = SkinAnalysisRequest.builder(clinicId, requestId)
        .user(userId)
        .useProModel(pro)
        .acceptOverage(Boolean.TRUE.equals(body.acceptOverageCharge()))
        .metrics(metrics);
    CustomerInfo customer = body.customerInfo();
    if (customer != null) {
      if (customer.age() != null && (customer.age() < 0 || customer.age() > 150)) {
        throw ApiException.invalid("customerInfo.age", "age must be 0 to 150, was "
            + customer.age());
      }
      request.customer(customer.name(), customer.age(), customer.skinType());
    }
    if (body.customerId() != null) {
      request.customerRef(body.customerId());
    }

    ScanOutcome outcome = analyzer.analyze(request.build());
    if (outcome instanceof ScanOutcome.Declined declined) {
      return declined(declined.refused());
    }
    ScanOutcome.Analyzed analyzed = (ScanOutcome.Analyzed) outcome;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("analysis", analyzed.analysis());
    answer.put("modelUsed", analyzed.modelUsed());
    answer.put("offlineDemo", analyzed.offlineDemo());
    answer.put("fromCache", analyzed.fromCache());
    if (analyzed.offlineDemo()) {
      answer.put("notice", "Offline demo analyzer: no AI model was called; the analysis is a fixed"
          + " formula over the facial metrics. Set GOOGLE_AI_API_KEY to use Gemini.");
    }
    answer.put("quotaInfo", quotaInfo(analyzed.quotaInfo()));
    answer.put("requestId", requestId);
    return ResponseEntity.ok(answer);
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

  private static String userOf(Caller caller, String userId) {
    if (userId == null || userId.equals(caller.id())) {
      return caller.id();
    }
    if (caller.role() != Role.ADMIN) {
      throw new ApiException(403, "ROLE_NOT_ALLOWED", "userId",
          "a scan is recorded under the signed-in user; only an admin may name another user");
    }
    return userId;
  }

  private static SkinAnalysisRequest.FacialMetrics metrics(Metrics m) {
    if (m == null) {
      throw ApiException.invalid("facialMetrics", "facialMetrics is required");
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
      throw ApiException.invalid(field, field + " is required");
    }
    if (!(value >= 0 && value <= 1)) {
      throw ApiException.invalid(field, field + " must be from 0 to 1, was " + value);
    }
    return value;
  }
}
