package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spring.autoconfigure.QuotaEndpoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The old system's quota endpoints, with their request and response bodies, so its clients keep
 * working: {@code /api/quota/billing-test} (GET and POST), {@code /api/quota/performance-test} and
 * {@code /api/quota/usage} (which the old system could not serve). The cache statistics and the
 * cache reset of {@code performance-test} are the Actuator endpoint {@code quota}'s ({@link
 * QuotaEndpoint}, {@code /actuator/quota}), answered in the old shape.
 */
@RestController
class LegacyQuotaController {

  private final QuotaService quotas;
  private final ClinicOperations operations;
  private final QuotaEndpoint endpoint;

  LegacyQuotaController(QuotaService quotas, ClinicOperations operations,
      QuotaEndpoint endpoint) {
    this.quotas = quotas;
    this.operations = operations;
    this.endpoint = endpoint;
  }

  @GetMapping("/api/quota/billing-test")
  Map<String, Object> billingRead(Caller caller, @RequestParam String action,
      @RequestParam(required = false) String clinicId) {
    String clinic = caller.clinicOrOwn(clinicId);
    Object data = switch (action) {
      case "quota-config" -> JsonViews.status(quotas.status(clinic));
      case "usage-stats" -> JsonViews.usageStats(quotas.usageStats(clinic));
      case "recommendations" -> Map.of("clinicId", clinic,
          "recommendations", JsonViews.recommendations(quotas.recommendations(clinic)));
      default -> throw ApiException.invalid("action", "error.legacy.read_action", action);
    };
    return success(data);
  }

  /**
   * The old POST body: {@code action} and {@code clinicId}, with {@code scanCount} (or {@code
   * pack}) for {@code purchase-topup}, {@code planId} (or {@code plan}/{@code newPlan}) and
   * optional {@code timing} for {@code update-plan}, {@code feature} for {@code check-feature}.
   */
  record BillingBody(String action, String clinicId, BigDecimal scanCount, String pack,
      String planId, String plan, String newPlan, String timing, String feature) {}

  @PostMapping("/api/quota/billing-test")
  ResponseEntity<Map<String, Object>> billingWrite(Caller caller, @RequestBody BillingBody body,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    if (body.action() == null) {
      throw ApiException.invalid("action", "error.legacy.action_required");
    }
    String clinic = caller.clinicOrOwn(body.clinicId());
    Object data = switch (body.action()) {
      case "purchase-topup" -> operations.topUp(caller, clinic, body.scanCount(), body.pack(),
          idempotencyKey);
      case "update-plan" -> operations.changePlan(caller, clinic, firstOf(body.planId(),
          body.plan(), body.newPlan()), body.timing(), idempotencyKey);
      case "check-feature" -> operations.feature(clinic, body.feature());
      default -> throw ApiException.invalid("action", "error.legacy.write_action",
          body.action());
    };
    return ResponseEntity.ok(success(data));
  }

  @GetMapping("/api/quota/usage")
  Map<String, Object> usage(Caller caller, @RequestParam(required = false) String clinicId) {
    return success(JsonViews.status(quotas.status(caller.clinicOrOwn(clinicId))));
  }

  @GetMapping("/api/quota/performance-test")
  Map<String, Object> performance(Caller caller, @RequestParam String test) {
    caller.require(Role.ADMIN);
    if (!test.equals("stats") && !test.equals("cache")) {
      throw ApiException.invalid("test", "error.legacy.test", test);
    }
    CacheStatsSnapshot snapshot = endpoint.quota().caches();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("stats", counts(snapshot.combined()));
    if (test.equals("cache")) {
      body.put("caches", Map.of(
          "status", counts(snapshot.status()),
          "usageStats", counts(snapshot.usageStats()),
          "recommendations", counts(snapshot.recommendations())));
      body.put("targetHitRate", 80);
      body.put("meetsTarget", snapshot.combined().requests() > 0
          && hitRate(snapshot.combined()).compareTo(BigDecimal.valueOf(80)) >= 0);
    }
    return body;
  }

  /** The old POST body of {@code /api/quota/performance-test}: {@code {"action": "reset-cache"}}. */
  record PerformanceBody(String action) {}

  @PostMapping("/api/quota/performance-test")
  Map<String, Object> resetCache(Caller caller, @RequestBody PerformanceBody body) {
    caller.require(Role.ADMIN);
    if (!"reset-cache".equals(body.action())) {
      throw ApiException.invalid("action", "error.legacy.reset");
    }
    endpoint.resetCaches();
    return Map.of("success", true, "message", "caches cleared");
  }

  private static Map<String, Object> counts(CacheStatsSnapshot.Counts counts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hits", counts.hits());
    body.put("misses", counts.misses());
    body.put("hitRate", hitRate(counts));
    body.put("cacheSize", counts.size());
    return body;
  }

  /** Percent, to one decimal, counted in whole requests. */
  private static BigDecimal hitRate(CacheStatsSnapshot.Counts counts) {
    return counts.requests() == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(counts.hits() * 1000 / counts.requests(), 1)
            .setScale(1, RoundingMode.UNNECESSARY);
  }

  private static String firstOf(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static Map<String, Object> success(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("data", data);
    return body;
  }
}
