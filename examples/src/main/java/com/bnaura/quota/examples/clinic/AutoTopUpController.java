package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.AutoTopUpResult;
import com.bnaura.quota.AutoTopUpStatus;
import com.bnaura.quota.PendingUnits;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.TopUpPack;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinic's auto top-up, for its owner and the platform admin ({@link
 * QuotaService#configureAutoTopUp}).
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/auto-top-up}: the settings, whether they are on (and
 *       why not), what auto top-up bought this period, the payment under way, and the units
 *       pending apart from the settled balances (held by open reservations, awaiting payment).
 *   <li>{@code PUT /api/clinics/{clinicId}/auto-top-up} with an {@code Idempotency-Key}: sets and
 *       switches it on, {@code {"thresholdUnits": 20, "pack": "pack-100", "monthlyCeiling":
 *       9600}} ({@code thresholdPercent} instead of {@code thresholdUnits}, {@code units} instead
 *       of {@code pack}, {@code grantOnAuthorisation} optional); the engine checks every field and
 *       a bad one is a 400 {@code INVALID_ARGUMENT} naming it.
 *   <li>{@code DELETE /api/clinics/{clinicId}/auto-top-up} with an {@code Idempotency-Key}:
 *       switches it off, keeping the settings to show.
 * </ul>
 *
 * <p>Money is a plain decimal in the catalog's currency, units a plain decimal, as in every answer
 * of the app.
 */
@RestController
class AutoTopUpController {
  private final QuotaService quotas;

  AutoTopUpController(QuotaService quotas) {
    this.quotas = quotas;
  }

  /**
   * The settings an owner sends.
   *
   * @param thresholdUnits buy when this many units or fewer remain
   * @param thresholdPercent or: when this whole percent or less remains
   * @param pack the catalog pack to buy
   * @param units or: how many units to buy
   * @param monthlyCeiling the most auto top-ups may cost in one period
   * @param grantOnAuthorisation grant the units when the payment is authorised (default: captured)
   */
  record AutoTopUpBody(BigDecimal thresholdUnits, Integer thresholdPercent, String pack,
      Long units, BigDecimal monthlyCeiling, Boolean grantOnAuthorisation) {}

  @GetMapping("/api/clinics/{clinicId}/auto-top-up")
  Map<String, Object> get(Caller caller, @PathVariable String clinicId) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return view(quotas.status(clinic));
  }

  @PutMapping("/api/clinics/{clinicId}/auto-top-up")
  Map<String, Object> put(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody AutoTopUpBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    AutoTopUp settings = settings(body);
    written(quotas.configureAutoTopUp(clinic, settings, idempotencyKey));
    return view(quotas.status(clinic));
  }

  @DeleteMapping("/api/clinics/{clinicId}/auto-top-up")
  Map<String, Object> delete(Caller caller, @PathVariable String clinicId,
      @RequestHeader("Idempotency-Key") String idempotencyKey) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    written(quotas.disableAutoTopUp(clinic, idempotencyKey));
    return view(quotas.status(clinic));
  }

  private static void written(AutoTopUpResult result) {
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
  }

  /** The body as the engine's settings; the engine checks them, the app only converts. */
  private AutoTopUp settings(AutoTopUpBody body) {
    if (body == null) {
      return null;
    }
    try {
      Units threshold = body.thresholdUnits() == null ? null
          : Units.of("thresholdUnits", body.thresholdUnits());
      Money ceiling = body.monthlyCeiling() == null ? null
          : Money.parse("monthlyCeiling", body.monthlyCeiling().toPlainString(),
              quotas.catalog().currency());
      return new AutoTopUp(threshold, body.thresholdPercent(), body.pack(),
          body.units() == null ? 0 : body.units(), ceiling,
          Boolean.TRUE.equals(body.grantOnAuthorisation()));
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
  }

  /**
   * What the owner's panel shows of the clinic's auto top-up and pending units, with the packs
   * the catalog sells to choose from.
   */
  private Map<String, Object> view(QuotaStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", s.clinic().value());
    Optional<AutoTopUpStatus> auto = s.autoTopUp();
    body.put("configured", auto.isPresent());
    body.put("enabled", auto.map(AutoTopUpStatus::enabled).orElse(false));
    body.put("disabledReason", auto.flatMap(AutoTopUpStatus::disabledReason).orElse(null));
    AutoTopUp a = auto.map(AutoTopUpStatus::settings).orElse(null);
    body.put("thresholdUnits", a == null || a.thresholdUnits() == null ? null
        : JsonViews.units(a.thresholdUnits()));
    body.put("thresholdPercent", a == null ? null : a.thresholdPercent());
    body.put("pack", a == null ? null : a.pack());
    body.put("units", a == null || a.pack() != null ? null : a.units());
    body.put("monthlyCeiling", a == null ? null : JsonViews.money(a.monthlyCeiling()));
    body.put("grantOnAuthorisation", a != null && a.grantOnAuthorisation());
    body.put("currency", s.overageCost().currency().getCurrencyCode());
    body.put("purchasesThisPeriod", auto.map(AutoTopUpStatus::purchases).orElse(0));
    body.put("spentThisPeriod", JsonViews.money(auto.map(AutoTopUpStatus::spent)
        .orElse(Money.zero(s.overageCost().currency()))));
    body.put("ceilingReached", auto.map(AutoTopUpStatus::ceilingReached).orElse(false));
    body.put("openPayment", s.openPayment().map(AutoTopUpController::payment).orElse(null));
    PendingUnits p = s.pending();
    Map<String, Object> pending = new LinkedHashMap<>();
    pending.put("reservedMonthly", JsonViews.units(p.reservedMonthly()));
    pending.put("reservedAddon", JsonViews.units(p.reservedAddon()));
    pending.put("reservedOverage", JsonViews.units(p.reservedOverage()));
    pending.put("awaitingPayment", JsonViews.units(p.awaitingPayment()));
    body.put("pending", pending);
    Map<String, Object> settled = new LinkedHashMap<>();
    settled.put("monthlyRemaining", s.unlimited() ? null : JsonViews.units(s.monthlyRemaining()));
    settled.put("addonBalance", JsonViews.units(s.addonBalance()));
    body.put("settled", settled);
    List<Map<String, Object>> packs = new ArrayList<>();
    for (TopUpPack pack : quotas.catalog().topUps().packs()) {
      Map<String, Object> offer = new LinkedHashMap<>();
      offer.put("name", pack.name());
      offer.put("units", JsonViews.units(pack.units()));
      offer.put("price", JsonViews.money(pack.price()));
      packs.add(offer);
    }
    body.put("packs", packs);
    return body;
  }

  private static Map<String, Object> payment(AutoTopUpPayment p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", p.key());
    body.put("state", p.state().name());
    body.put("units", JsonViews.units(p.units()));
    body.put("pack", p.pack().orElse(null));
    body.put("amount", JsonViews.money(p.amount()));
    body.put("attempts", p.attempts());
    body.put("requestedAt", p.createdAt().toString());
    return body;
  }
}
