package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resource endpoints: one clinic's quota, usage, forecast, alerts, top-ups, plan and
 * reservations under {@code /api/clinics/{clinicId}}. Writes take an {@code Idempotency-Key}
 * header: the same key with the same body returns the first answer and charges nothing more.
 * Sentences for people (refusals, recommendations, alerts, the forecast, availability) are in the
 * caller's {@code Accept-Language}, Thai or English.
 */
@RestController
class ClinicsController {

  private final QuotaService quotas;
  private final ClinicOperations operations;
  private final DemoProperties demo;
  private final ClinicAlerts alerts;
  private final SkinAnalyzer analyzer;

  ClinicsController(QuotaService quotas, ClinicOperations operations, DemoProperties demo,
      ClinicAlerts alerts, SkinAnalyzer analyzer) {
    this.quotas = quotas;
    this.operations = operations;
    this.demo = demo;
    this.alerts = alerts;
    this.analyzer = analyzer;
  }

  /** Who the credential belongs to, and whether scans use the offline demo analyzer. */
  @GetMapping("/api/me")
  Map<String, Object> me(Caller caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", caller.user().id());
    body.put("name", caller.user().name());
    body.put("role", caller.role().name());
    body.put("clinicId", caller.user().clinicId());
    body.put("offlineDemo", analyzer.offlineDemo());
    return body;
  }

  /** The clinics the caller may see (an admin: all) with their plan, balance and alert level. */
  @GetMapping("/api/clinics")
  List<Map<String, Object>> clinics(Caller caller) {
    List<Map<String, Object>> clinics = new ArrayList<>();
    for (DemoProperties.Clinic clinic : demo.clinics()) {
      if (caller.role() == Role.ADMIN || clinic.id().equals(caller.user().clinicId())) {
        QuotaStatus status = quotas.status(clinic.id());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clinicId", clinic.id());
        row.put("name", clinic.name());
        row.putAll(JsonViews.status(status));
        clinics.add(row);
      }
    }
    return clinics;
  }

  @GetMapping("/api/clinics/{clinicId}/quota")
  Map<String, Object> quota(Caller caller, @PathVariable String clinicId) {
    return JsonViews.status(quotas.status(caller.clinic(clinicId)));
  }

  /** Usage of the current period, or of the period that contains {@code at}. */
  @GetMapping("/api/clinics/{clinicId}/usage")
  Map<String, Object> usage(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String at) {
    String clinic = caller.clinic(clinicId);
    if (at == null) {
      return JsonViews.usageStats(quotas.usageStats(clinic));
    }
    try {
      return JsonViews.usageStats(quotas.usageStats(clinic, Instant.parse(at)));
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("at", "error.at", HttpErrors.echo(at));
    }
  }

  /**
   * The burn forecast, with {@code topUpSuggestion}: the engine's smallest purchase that covers
   * the forecast need (the units projected to the period's end beyond what remains, {@code
   * projectedShortfall}), with its price; {@code null} when nothing is projected short, when the
   * forecast has too few days of data to be trusted, or when no single top-up covers it.
   */
  @GetMapping("/api/clinics/{clinicId}/forecast")
  Map<String, Object> forecast(Caller caller, @PathVariable String clinicId, Locale locale) {
    BurnForecast forecast = quotas.forecast(caller.clinic(clinicId));
    Map<String, Object> body = JsonViews.forecast(forecast, Languages.of(locale));
    Optional<TopUpPack> offer = forecast.unlimited() || forecast.insufficientData()
        || !forecast.projectedShortfall().isPositive() ? Optional.empty()
        : quotas.catalog().topUps().smallestCovering(forecast.projectedShortfall());
    body.put("topUpSuggestion", offer.map(this::offer).orElse(null));
    return body;
  }

  @GetMapping("/api/clinics/{clinicId}/recommendations")
  List<Map<String, Object>> recommendations(Caller caller, @PathVariable String clinicId,
      Locale locale) {
    return JsonViews.recommendations(quotas.recommendations(caller.clinic(clinicId)),
        Languages.of(locale));
  }

  /**
   * Whether one {@code operation} (such as {@code QUICK_SCAN}) may go ahead now, holding nothing:
   * its units, what would be left, whether it bills overage and, when it cannot, why not.
   */
  @GetMapping("/api/clinics/{clinicId}/availability")
  Map<String, Object> availability(Caller caller, @PathVariable String clinicId,
      @RequestParam String operation, Locale locale) {
    return JsonViews.availability(quotas.checkQuotaAvailability(caller.clinic(clinicId),
        operation), Languages.of(locale));
  }

  /**
   * The current alert level and the clinic's latest alerts, recoveries and period resets, newest
   * first (owner and admin), read from the outbox ({@link ClinicAlerts}), so they outlive a
   * restart.
   */
  @GetMapping("/api/clinics/{clinicId}/alerts")
  Map<String, Object> alerts(Caller caller, @PathVariable String clinicId, Locale locale) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", clinic);
    body.put("level", quotas.status(clinic).alertLevel().map(Enum::name).orElse(null));
    Locale language = Languages.of(locale);
    body.put("alerts", alerts.latest(clinic).stream()
        .map(a -> EventViews.feedEntry(a, language)).toList());
    return body;
  }

  @GetMapping("/api/clinics/{clinicId}/features/{feature}")
  Map<String, Object> feature(Caller caller, @PathVariable String clinicId,
      @PathVariable String feature) {
    return operations.feature(caller.clinic(clinicId), feature);
  }

  /** The catalog's plans, for the plan selector: id, name, monthly price and allowance. */
  @GetMapping("/api/plans")
  List<Map<String, Object>> plans(Caller caller) {
    List<Map<String, Object>> plans = new ArrayList<>();
    for (Plan plan : quotas.catalog().plans()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("planId", plan.id().value());
      row.put("name", plan.displayName());
      row.put("monthlyPrice", JsonViews.money(plan.monthlyPrice()));
      row.put("unlimited", plan.allowance().unlimited());
      row.put("monthlyQuota", plan.allowance().unlimited() ? null
          : JsonViews.units(plan.allowance().units()));
      row.put("overageRate", plan.overagePrice().map(JsonViews::money).orElse(null));
      row.put("currency", plan.monthlyPrice().currency().getCurrencyCode());
      plans.add(row);
    }
    return plans;
  }

  /** The clinic's staff, id and display name, so usage by staff member can show names. */
  @GetMapping("/api/clinics/{clinicId}/staff")
  List<Map<String, Object>> staff(Caller caller, @PathVariable String clinicId) {
    String clinic = caller.clinic(clinicId);
    List<Map<String, Object>> staff = new ArrayList<>();
    for (DemoProperties.User user : demo.users()) {
      if (clinic.equals(user.clinicId())) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", user.id());
        row.put("name", user.name());
        row.put("role", user.role().name());
        staff.add(row);
      }
    }
    return staff;
  }

  /**
   * The price of a top-up before it is bought: {@code scanCount} whole units, the pack {@code
   * pack}, or, with {@code need}, the engine's cheapest purchase that covers that many units. The
   * answer's {@code buy} is the body to send to {@code POST .../topups} for exactly that purchase.
   */
  @GetMapping("/api/clinics/{clinicId}/topups/quote")
  Map<String, Object> topUpQuote(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) BigDecimal scanCount,
      @RequestParam(required = false) String pack,
      @RequestParam(required = false) BigDecimal need) {
    caller.clinic(clinicId);
    TopUpPricing pricing = quotas.catalog().topUps();
    TopUpPack offer;
    if ((scanCount != null ? 1 : 0) + (pack != null ? 1 : 0) + (need != null ? 1 : 0) != 1) {
      throw ApiException.invalid("scanCount", "error.topup.one_of");
    }
    if (pack != null) {
      offer = pricing.pack(pack).orElseThrow(() -> ApiException.invalid("pack",
          "error.topup.no_pack", HttpErrors.shortenQuotes(pack),
          pricing.packs().stream().map(TopUpPack::name).toList()));
    } else if (scanCount != null) {
      long whole = operations.wholeScans(scanCount);
      offer = new TopUpPack(whole + " units", Units.of(whole), pricing.priceOf(whole));
    } else {
      offer = pricing.smallestCovering(units("need", need)).orElseThrow(() ->
          ApiException.invalid("need", "error.topup.no_cover", need.toPlainString()));
    }
    return offer(offer);
  }

  /**
   * A top-up offer: its name, units and price, {@code pack} (the catalog's pack name, or {@code
   * null} for units bought by count) and {@code buy}, the body of {@code POST .../topups} for it.
   */
  private Map<String, Object> offer(TopUpPack offer) {
    boolean named = quotas.catalog().topUps().pack(offer.name()).filter(offer::equals)
        .isPresent();
    Map<String, Object> body = new LinkedHashMap<>(JsonViews.pack(offer));
    body.put("pack", named ? offer.name() : null);
    body.put("currency", offer.price().currency().getCurrencyCode());
    body.put("buy", named ? Map.of("pack", offer.name())
        : Map.of("scanCount", JsonViews.units(offer.units())));
    return body;
  }

  /**
   * What a plan change would do now, changing nothing: {@code immediate}, {@code effectiveAt} and
   * the prorated charge or credit, as the engine would bill them (owner and admin).
   */
  @GetMapping("/api/clinics/{clinicId}/plan/quote")
  Map<String, Object> planQuote(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String planId,
      @RequestParam(required = false) String timing) {
    return operations.quotePlanChange(caller, caller.clinic(clinicId), planId, timing);
  }

  /** A top-up: {@code {"scanCount": 100}} or {@code {"pack": "..."}}. */
  record TopUpBody(BigDecimal scanCount, String pack) {}

  @PostMapping("/api/clinics/{clinicId}/topups")
  ResponseEntity<Map<String, Object>> topUp(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody TopUpBody body) {
    return ResponseEntity.status(201).body(operations.topUp(caller, caller.clinic(clinicId),
        body.scanCount(), body.pack(), idempotencyKey));
  }

  /** A plan change: {@code {"planId": "professional", "timing": "DEFAULT"}}. */
  record PlanBody(String planId, String timing) {}

  @PutMapping("/api/clinics/{clinicId}/plan")
  Map<String, Object> plan(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody PlanBody body) {
    return operations.changePlan(caller, caller.clinic(clinicId), body.planId(), body.timing(),
        idempotencyKey);
  }

  /**
   * A reservation or a one-step charge.
   *
   * @param operation {@code QUICK_SCAN}, {@code CLINICAL_ANALYSIS}, {@code CHAT_ADVISOR} or an
   *     alias such as {@code quick}
   * @param quantity how many operations, default 1; a sales user always records one, so for
   *     {@code SALES} anything but 1 is a 400 naming {@code quantity} (owners and admins are
   *     bounded by the engine's per-request limits)
   * @param customerRef an opaque customer id for the 24-hour repeat rule
   * @param acceptOverage go ahead into paid overage where the policy asks for consent
   */
  record UsageBody(String operation, Long quantity, String customerRef, Boolean acceptOverage) {}

  @PostMapping("/api/clinics/{clinicId}/reservations")
  ResponseEntity<Map<String, Object>> reserve(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody UsageBody body) {
    ReserveResult result = quotas.tryReserve(usage(caller, caller.clinic(clinicId), body,
        idempotencyKey));
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return ResponseEntity.status(201).body(JsonViews.reserved((Reserved) result));
  }

  @GetMapping("/api/clinics/{clinicId}/reservations/{reservationId}")
  Map<String, Object> reservation(Caller caller, @PathVariable String clinicId,
      @PathVariable String reservationId) {
    return Map.of("reservationId", reservationId,
        "state", quotas.reservationState(caller.clinic(clinicId), reservationId).name());
  }

  /**
   * The commit of a reservation.
   *
   * @param actualUnits the units actually used, if less than reserved (such as {@code 0.5})
   * @param model the model that answered
   */
  record CommitBody(BigDecimal actualUnits, String model) {}

  @PostMapping("/api/clinics/{clinicId}/reservations/{reservationId}/commit")
  ResponseEntity<Map<String, Object>> commit(Caller caller, @PathVariable String clinicId,
      @PathVariable String reservationId, @RequestBody(required = false) CommitBody body) {
    CommitRequest.Builder request = CommitRequest.builder(caller.clinic(clinicId), reservationId);
    if (body != null && body.actualUnits() != null) {
      request.actualUnits(units("actualUnits", body.actualUnits()));
    }
    if (body != null && body.model() != null) {
      request.model(body.model());
    }
    CommitResult result = quotas.tryCommit(request.build());
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    Committed committed = (Committed) result;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("reservationId", committed.reservation().value());
    answer.put("charge", JsonViews.charge(committed.charge()));
    answer.put("late", committed.late());
    answer.put("billed", committed.billed());
    answer.put("unbilledReason", committed.unbilledReason().map(Enum::name).orElse(null));
    answer.put("remaining", JsonViews.units(committed.remaining()));
    return ResponseEntity.ok(answer);
  }

  @PostMapping("/api/clinics/{clinicId}/reservations/{reservationId}/release")
  ResponseEntity<Map<String, Object>> release(Caller caller, @PathVariable String clinicId,
      @PathVariable String reservationId) {
    ReleaseResult result = quotas.tryRelease(caller.clinic(clinicId), reservationId);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    Released released = (Released) result;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("reservationId", released.reservation().value());
    answer.put("returnedUnits", JsonViews.units(released.returned().total()));
    answer.put("expired", released.expired());
    return ResponseEntity.ok(answer);
  }

  /** A charge in one step, for usage recorded after the fact. */
  @PostMapping("/api/clinics/{clinicId}/charges")
  ResponseEntity<Map<String, Object>> charge(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody UsageBody body) {
    ConsumeResult result = quotas.tryConsume(usage(caller, caller.clinic(clinicId), body,
        idempotencyKey));
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    Consumed consumed = (Consumed) result;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("charge", JsonViews.charge(consumed.charge()));
    answer.put("billed", consumed.billed());
    answer.put("remaining", JsonViews.units(consumed.remaining()));
    return ResponseEntity.status(201).body(answer);
  }

  private static UsageRequest usage(Caller caller, String clinicId, UsageBody body,
      String idempotencyKey) {
    if (body.operation() == null) {
      throw ApiException.invalid("operation", "error.operation.required");
    }
    if (caller.role() == Role.SALES && body.quantity() != null && body.quantity() != 1) {
      throw ApiException.invalid("quantity", "error.sales.quantity", body.quantity());
    }
    UsageRequest.Builder request = UsageRequest.builder(clinicId, body.operation(),
        idempotencyKey).user(caller.id());
    if (body.quantity() != null) {
      request.quantity(body.quantity());
    }
    if (body.customerRef() != null) {
      request.customerRef(body.customerRef());
    }
    if (body.acceptOverage() != null) {
      request.acceptOverage(body.acceptOverage());
    }
    return request.build();
  }

  private static Units units(String field, BigDecimal value) {
    try {
      return Units.of(field, value);
    } catch (com.bnaura.quota.model.InvalidArgumentException e) {
      throw ApiException.invalid(field, "error.field_reason", e.field(), e.reasonText());
    }
  }
}
