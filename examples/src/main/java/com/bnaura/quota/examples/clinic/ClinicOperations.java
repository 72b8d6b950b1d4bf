package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Refused;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.TopUpPricing;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The writes that both the old endpoints and the resource endpoints offer: buying a top-up,
 * changing the plan and checking a feature. Input is checked here, naming the field, before the
 * quota service sees it.
 */
@Component
class ClinicOperations {

  private final QuotaService quotas;

  ClinicOperations(QuotaService quotas) {
    this.quotas = quotas;
  }

  /**
   * Buys a top-up of whole scans (units) or a named pack. Any role may buy for its own clinic: a
   * sales person at the counter is who presses "Buy More Scans".
   *
   * @param idempotencyKey the key; without one, every call is a new purchase
   */
  Map<String, Object> topUp(Caller caller, String clinicId, BigDecimal scanCount, String pack,
      String idempotencyKey) {
    caller.require(Role.SALES, Role.OWNER, Role.ADMIN);
    String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    TopUpRequest request;
    if (pack != null) {
      if (scanCount != null) {
        throw ApiException.invalid("pack", "error.topup.both");
      }
      request = TopUpRequest.pack(clinicId, pack, key);
    } else {
      request = TopUpRequest.units(clinicId, wholeScans(scanCount), key);
    }
    TopUpResult result = quotas.purchaseTopUp(request);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return JsonViews.toppedUp((ToppedUp) result);
  }

  long wholeScans(BigDecimal scanCount) {
    TopUpPricing pricing = quotas.catalog().topUps();
    if (scanCount == null) {
      throw ApiException.invalid("scanCount", "error.topup.count_required", pricing.minUnits(),
          pricing.maxUnits());
    }
    if (scanCount.signum() != 0 && scanCount.stripTrailingZeros().scale() > 0
        || scanCount.compareTo(BigDecimal.valueOf(pricing.minUnits())) < 0
        || scanCount.compareTo(BigDecimal.valueOf(pricing.maxUnits())) > 0) {
      throw ApiException.invalid("scanCount", "error.topup.count", pricing.minUnits(),
          pricing.maxUnits(), scanCount.toPlainString());
    }
    return scanCount.longValueExact();
  }

  /**
   * Changes the plan: upgrades at once, downgrades at the next period unless {@code timing} says
   * {@code IMMEDIATELY}. Only the owner or an admin may.
   */
  Map<String, Object> changePlan(Caller caller, String clinicId, String plan, String timing,
      String idempotencyKey) {
    caller.require(Role.OWNER, Role.ADMIN);
    if (plan == null || plan.isBlank()) {
      throw ApiException.invalid("planId", "error.plan.required",
          quotas.catalog().plans().stream().map(p -> p.id().value()).toList());
    }
    PlanChangeResult result = quotas.changePlan(new PlanChangeRequest(clinicId, plan,
        timing(timing), idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString()));
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return planChanged((PlanChanged) result);
  }

  /** What {@link #changePlan} would answer now, changing nothing (owner and admin). */
  Map<String, Object> quotePlanChange(Caller caller, String clinicId, String plan, String timing) {
    caller.require(Role.OWNER, Role.ADMIN);
    if (plan == null || plan.isBlank()) {
      throw ApiException.invalid("planId", "error.plan.required",
          quotas.catalog().plans().stream().map(p -> p.id().value()).toList());
    }
    PlanChangeResult result = quotas.quotePlanChange(new PlanChangeRequest(clinicId, plan,
        timing(timing), "quote"));
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    Map<String, Object> body = planChanged((PlanChanged) result);
    body.remove("success");
    quotas.catalog().plan(((PlanChanged) result).to())
        .ifPresent(p -> body.put("toName", p.displayName()));
    return body;
  }

  private static Map<String, Object> planChanged(PlanChanged changed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("clinicId", changed.clinic().value());
    body.put("from", changed.from().value());
    body.put("to", changed.to().value());
    body.put("immediate", changed.immediate());
    body.put("effectiveAt", changed.effectiveAt().toString());
    body.put("proratedCharge", JsonViews.money(changed.proratedCharge()));
    body.put("proratedCredit", JsonViews.money(changed.proratedCredit()));
    return body;
  }

  private static PlanChangeRequest.Timing timing(String timing) {
    if (timing == null) {
      return PlanChangeRequest.Timing.DEFAULT;
    }
    try {
      return PlanChangeRequest.Timing.valueOf(timing.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("timing", "error.plan.timing", timing);
    }
  }

  /** Whether the clinic's plan includes the feature. */
  Map<String, Object> feature(String clinicId, String feature) {
    if (feature == null || feature.isBlank()) {
      throw ApiException.invalid("feature", "error.feature.required");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", clinicId);
    body.put("feature", feature);
    body.put("hasFeature", quotas.hasFeature(clinicId, feature));
    return body;
  }
}
