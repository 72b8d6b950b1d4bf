package com.bnaura.quota.internal;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.AutoTopUpCeilingReached;
import com.bnaura.quota.AutoTopUpFailed;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.Reversed;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the outbox writes of each event the engine announces: its {@link QuotaEventType}, whether
 * it is critical (delivered even in the clinic's quiet hours), and its data as JSON. Amounts are
 * decimal strings, instants ISO-8601, owner-facing texts in English and Thai.
 *
 * <p>Critical: the alert levels that stop or start charging money ({@code CRITICAL},
 * {@code EXHAUSTED}, {@code OVERAGE_STARTED}) and a failed auto top-up or its ceiling. A
 * {@code WARNING} alert and a recovery are not, and wait out quiet hours. Other events are no
 * alerts and are never held.
 */
final class EventPayloads {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One announced event, written. */
  record Payload(QuotaEventType type, boolean critical, boolean alert, String data) {}

  private EventPayloads() {}

  /**
   * The payload of {@code event}, one of the engine's announced event records.
   *
   * @throws IllegalArgumentException for any other object
   */
  static Payload of(Object event) {
    ObjectNode d = JSON.createObjectNode();
    if (event instanceof QuotaAlert a) {
      d.put("level", a.level().name());
      period(d, "period", a.period());
      d.put("percentRemaining", a.percentRemaining().toPlainString());
      d.put("remaining", a.remaining().toString());
      text(d, a.text());
      boolean critical = a.level() != AlertLevel.WARNING;
      return payload(QuotaEventType.ALERT, critical, true, d);
    }
    if (event instanceof QuotaRecovered r) {
      period(d, "period", r.period());
      ArrayNode levels = d.putArray("recovered");
      r.recovered().forEach(l -> levels.add(l.name()));
      d.put("percentRemaining", r.percentRemaining().toPlainString());
      d.put("remaining", r.unlimited() ? "unlimited" : r.remaining().toString());
      text(d, r.text());
      return payload(QuotaEventType.ALERT_RECOVERED, false, true, d);
    }
    if (event instanceof PeriodReset p) {
      period(d, "closed", p.closed());
      period(d, "opened", p.opened());
      d.put("plan", p.plan().value());
      d.put("unlimited", p.unlimited());
      d.put("granted", p.granted().toString());
      d.put("expiredUnused", p.expiredUnused().toString());
      d.put("addonCarriedOver", p.addonCarriedOver().toString());
      ArrayNode grants = d.putArray("grantsCarriedOver");
      for (GrantStatus g : p.grantsCarriedOver()) {
        ObjectNode n = grants.addObject();
        n.put("grantId", g.id().value());
        g.pack().ifPresent(pack -> n.put("pack", pack));
        n.put("remaining", g.remaining().toString());
        g.expiresAt().ifPresent(at -> n.put("expiresAt", at.toString()));
      }
      d.put("zone", p.zone().getId());
      text(d, p.text());
      return payload(QuotaEventType.PERIOD_RESET, false, false, d);
    }
    if (event instanceof ToppedUp t) {
      d.put("transactionId", t.transactionId());
      d.put("units", t.units().toString());
      money(d, "totalCost", t.totalCost());
      d.put("addonBalance", t.addonBalance().toString());
      t.pack().ifPresent(pack -> d.put("pack", pack));
      d.put("paymentReference", t.paymentReference());
      d.put("grantId", t.grant().value());
      t.expiresAt().ifPresent(at -> d.put("expiresAt", at.toString()));
      return payload(QuotaEventType.TOPPED_UP, false, false, d);
    }
    if (event instanceof PlanChanged c) {
      d.put("from", c.from().value());
      d.put("to", c.to().value());
      d.put("immediate", c.immediate());
      d.put("effectiveAt", c.effectiveAt().toString());
      money(d, "proratedCharge", c.proratedCharge());
      money(d, "proratedCredit", c.proratedCredit());
      return payload(QuotaEventType.PLAN_CHANGED, false, false, d);
    }
    if (event instanceof Reversed r) {
      d.put("kind", r.kind().name());
      d.put("key", r.key().value());
      r.chargeKey().ifPresent(k -> d.put("chargeKey", k.value()));
      r.grant().ifPresent(g -> d.put("grantId", g.value()));
      d.put("units", r.units().toString());
      deduction(d.putObject("returned"), r.returned());
      d.put("notRevived", r.notRevived().toString());
      d.put("lapsed", r.lapsed().toString());
      money(d, "credited", r.credited());
      r.refund().ifPresent(f -> {
        ObjectNode n = d.putObject("refund");
        money(n, "amount", f.amount());
        n.put("state", f.state().name());
        n.put("reference", f.reference());
      });
      return payload(r.kind() == ReversalKind.VOID ? QuotaEventType.GRANT_VOIDED
          : QuotaEventType.CHARGE_REVERSED, false, false, d);
    }
    if (event instanceof AutoTopUpPayment p) {
      payment(d, p);
      return payload(QuotaEventType.AUTO_TOP_UP_REQUESTED, false, false, d);
    }
    if (event instanceof AutoTopUpFailed f) {
      payment(d.putObject("payment"), f.payment());
      d.put("reason", f.reason());
      text(d, f.text());
      return payload(QuotaEventType.AUTO_TOP_UP_FAILED, true, true, d);
    }
    if (event instanceof AutoTopUpCeilingReached c) {
      period(d, "period", c.period());
      money(d, "ceiling", c.ceiling());
      money(d, "spent", c.spent());
      money(d, "price", c.price());
      text(d, c.text());
      return payload(QuotaEventType.AUTO_TOP_UP_CEILING_REACHED, true, true, d);
    }
    throw new IllegalArgumentException("not an announced event: " + event);
  }

  private static Payload payload(QuotaEventType type, boolean critical, boolean alert,
      ObjectNode data) {
    return new Payload(type, critical, alert, JSON.writeValueAsString(data));
  }

  private static void period(ObjectNode d, String field, BillingPeriod period) {
    ObjectNode n = d.putObject(field);
    n.put("start", period.start().toString());
    n.put("end", period.end().toString());
  }

  private static void money(ObjectNode d, String field, Money money) {
    ObjectNode n = d.putObject(field);
    n.put("amount", money.toBigDecimal().toPlainString());
    n.put("currency", money.currency().getCurrencyCode());
  }

  private static void text(ObjectNode d, LocalizedText text) {
    ObjectNode n = d.putObject("message");
    n.put("en", text.english());
    n.put("th", text.thai());
  }

  private static void deduction(ObjectNode n, Deduction d) {
    n.put("fromMonthly", d.fromMonthly().toString());
    n.put("fromAddon", d.fromAddon().toString());
    n.put("overage", d.overage().toString());
  }

  private static void payment(ObjectNode d, AutoTopUpPayment p) {
    d.put("key", p.key());
    d.put("state", p.state().name());
    d.put("units", p.units().toString());
    p.pack().ifPresent(pack -> d.put("pack", pack));
    money(d, "amount", p.amount());
    p.reference().ifPresent(r -> d.put("reference", r));
    p.failureReason().ifPresent(r -> d.put("failureReason", r));
  }
}
