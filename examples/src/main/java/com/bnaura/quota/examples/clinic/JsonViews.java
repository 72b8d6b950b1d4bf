package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.Availability;
import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the API, which the old system's clients read: field names of their own, and
 * units and money as JSON numbers in whole units and baht ({@code 0.2}, {@code 4800}), converted
 * exactly from the engine's milli-units and satang, where {@code QuotaJacksonModule} writes the
 * strings {@code "0.200"} and {@code "THB 4800.00"}. The ids are put in as they are and written by
 * {@code QuotaJacksonModule} (registered in the app's mapper, {@link JsonConfiguration}) as their
 * value; as map keys (usage by operation and by user) they are their value.
 */
final class JsonViews {

  private JsonViews() {}

  /** Units as an exact decimal number of units, without trailing zeros ({@code 0.2}, {@code 95}). */
  static BigDecimal units(Units units) {
    return plain(units.toBigDecimal());
  }

  /** Money as an exact decimal amount in the currency's main unit ({@code 60}, {@code 4800.5}). */
  static BigDecimal money(Money money) {
    return plain(money.toBigDecimal());
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * The quota status: the old system's {@code quota-config} fields ({@code monthlyQuota}, {@code
   * currentUsage}, {@code plan}, {@code resetDate}, {@code overageRate}) and everything else a
   * dashboard shows.
   */
  static Map<String, Object> status(QuotaStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", s.clinic());
    body.put("plan", s.plan());
    body.put("unlimited", s.unlimited());
    body.put("monthlyQuota", s.unlimited() ? null : units(s.monthlyAllowance()));
    body.put("currentUsage", units(s.monthlyUsed()));
    body.put("monthlyRemaining", s.unlimited() ? null : units(s.monthlyRemaining()));
    body.put("addonBalance", units(s.addonBalance()));
    body.put("grants", s.grants().stream().map(JsonViews::grant).toList());
    body.put("totalRemaining", s.unlimited() ? null : units(s.totalRemaining()));
    body.put("percentRemaining", s.percentRemaining());
    body.put("reserved", units(s.reserved()));
    body.put("overageUnits", units(s.overageUnits()));
    body.put("overageBalance", money(s.overageCost()));
    body.put("overageRate", s.overagePrice().map(JsonViews::money).orElse(null));
    body.put("overagePolicy", s.policy().name());
    body.put("overageCap", s.overageCap().map(JsonViews::money).orElse(null));
    body.put("currency", s.overageCost().currency().getCurrencyCode());
    body.put("alertLevel", s.alertLevel().map(Enum::name).orElse(null));
    body.put("periodStart", s.periodStart().toString());
    body.put("resetDate", s.resetAt().toString());
    body.put("zone", s.zone().getId());
    body.put("asOf", s.asOf().toString());
    return body;
  }

  /**
   * One add-on grant of a status: {@code grantId}, {@code pack} ({@code null} when bought by
   * count), {@code bought}, {@code remaining}, {@code reserved} (held by pending reservations),
   * {@code expiresAt} ({@code null}: never expires) and {@code priority} (lower burns first).
   */
  static Map<String, Object> grant(GrantStatus g) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("grantId", g.id());
    body.put("pack", g.pack().orElse(null));
    body.put("bought", units(g.bought()));
    body.put("remaining", units(g.remaining()));
    body.put("reserved", units(g.reserved()));
    body.put("expiresAt", g.expiresAt().map(Object::toString).orElse(null));
    body.put("priority", g.priority());
    return body;
  }

  /**
   * A refusal: code, message, field and, for {@code QUOTA_EXCEEDED}, the shortfall with {@code
   * "quotaExceeded": true}. Any other 403 says {@code "quotaExceeded": false}, so an old client
   * never offers "Buy More Scans" for it. Ids the message quotes are cut to a short prefix.
   */
  static Map<String, Object> refusal(Refused refused) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("code", refused.code().name());
    body.put("message", HttpErrors.shortenQuotes(refused.message()));
    refused.field().ifPresent(field -> body.put("field", field));
    refused.clinic().ifPresent(clinic -> body.put("clinicId", clinic));
    refused.retryAfter().ifPresent(wait -> body.put("retryAfterSeconds", wait.toSeconds()));
    refused.shortfall().ifPresent(shortfall -> body.putAll(shortfall(shortfall)));
    if (refused.shortfall().isEmpty() && refused.code().httpStatus() == 403) {
      body.put("quotaExceeded", false);
    }
    return body;
  }

  /** What a {@code QUOTA_EXCEEDED} says about the missing units, as in the old 403 body. */
  static Map<String, Object> shortfall(QuotaShortfall s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("quotaExceeded", true);
    body.put("remainingQuota", units(s.remaining()));
    body.put("requested", units(s.requested()));
    body.put("willIncurCharge", s.willIncurCharge());
    body.put("estimatedCost", money(s.estimatedCost()));
    body.put("overageRate", s.overagePrice().map(JsonViews::money).orElse(null));
    body.put("messageThai", s.messageThai());
    body.put("topUpSuggestion", s.suggestedTopUp().map(JsonViews::pack).orElse(null));
    return body;
  }

  static Map<String, Object> pack(TopUpPack pack) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pack.name());
    body.put("scanCount", units(pack.units()));
    body.put("price", money(pack.price()));
    return body;
  }

  /** How a charge was split: monthly first, then add-on, then overage. */
  static Map<String, Object> charge(Charge charge) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("units", units(charge.units()));
    body.put("fromMonthly", units(charge.split().fromMonthly()));
    body.put("fromAddon", units(charge.split().fromAddon()));
    body.put("overage", units(charge.split().overage()));
    body.put("overageCost", money(charge.overageCost()));
    body.put("free", charge.isFree());
    body.put("waived", units(charge.waived()));
    body.put("exemption", charge.exemption().orElse(null));
    return body;
  }

  /** The old {@code purchase-topup} answer plus the add-on balance in units. */
  static Map<String, Object> toppedUp(ToppedUp t) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("totalCost", money(t.totalCost()));
    body.put("newQuota", units(t.addonBalance()));
    body.put("addonBalance", units(t.addonBalance()));
    body.put("scanCount", units(t.units()));
    body.put("transactionId", t.transactionId());
    body.put("paymentReference", t.paymentReference());
    body.put("currency", t.totalCost().currency().getCurrencyCode());
    return body;
  }

  static Map<String, Object> reserved(Reserved r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reservationId", r.id());
    body.put("clinicId", r.clinic());
    body.put("operation", r.operation());
    body.put("hold", charge(r.hold()));
    body.put("expiresAt", r.expiresAt().toString());
    body.put("remaining", units(r.remaining()));
    return body;
  }

  static Map<String, Object> usageStats(UsageStats s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", s.clinic());
    body.put("periodStart", s.period().start().toString());
    body.put("periodEnd", s.period().end().toString());
    body.put("current", s.current());
    body.put("totalScans", s.charged().count());
    body.put("totalUnits", units(s.charged().units()));
    body.put("fromMonthly", units(s.split().fromMonthly()));
    body.put("fromAddon", units(s.split().fromAddon()));
    body.put("overageUnits", units(s.overageUnits()));
    body.put("overageCost", money(s.overageCost()));
    Map<String, Object> byOperation = new LinkedHashMap<>();
    s.byOperation().forEach((op, tally) -> byOperation.put(op.value(), tally(tally)));
    body.put("byOperation", byOperation);
    Map<String, Object> byUser = new LinkedHashMap<>();
    s.byUser().forEach((user, tally) -> byUser.put(user.value(), tally(tally)));
    body.put("byUser", byUser);
    Map<String, Object> byDay = new LinkedHashMap<>();
    s.byDay().forEach((day, tally) -> byDay.put(day.toString(), tally(tally)));
    body.put("byDay", byDay);
    body.put("freeRepeatScans", tally(s.exemptRepeats()));
    body.put("unbilled", tally(s.unbilled()));
    body.put("failedCalls", s.failedCalls());
    Map<String, Object> reservations = new LinkedHashMap<>();
    reservations.put("open", s.reservations().open());
    reservations.put("openUnits", units(s.reservations().openUnits()));
    reservations.put("committed", s.reservations().committed());
    reservations.put("released", s.reservations().released());
    reservations.put("expired", s.reservations().expired());
    body.put("reservations", reservations);
    body.put("asOf", s.asOf().toString());
    return body;
  }

  private static Map<String, Object> tally(UsageStats.Tally tally) {
    return Map.of("count", tally.count(), "units", units(tally.units()));
  }

  /** The forecast, with its sentence for people ({@code message}) in {@code locale}. */
  static Map<String, Object> forecast(BurnForecast f, Locale locale) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", f.clinic());
    body.put("unlimited", f.unlimited());
    body.put("dailyRate", units(f.dailyRate()));
    body.put("daysOfData", f.daysOfData());
    body.put("insufficientData", f.insufficientData());
    body.put("monthlyRemaining", units(f.monthlyRemaining()));
    body.put("addonBalance", units(f.addonBalance()));
    body.put("monthlyRunsOut", f.monthlyRunsOut().map(Object::toString).orElse(null));
    body.put("addonRunsOut", f.addonRunsOut().map(Object::toString).orElse(null));
    body.put("resetDate", f.resetDate().toString());
    body.put("projectedUse", units(f.projectedUse()));
    body.put("projectedShortfall", units(f.projectedShortfall()));
    List<Map<String, Object>> series = new ArrayList<>();
    for (BurnForecast.Day day : f.series()) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("date", day.date().toString());
      point.put("open", day.open());
      point.put("actual", units(day.actual()));
      point.put("projected", units(day.projected()));
      series.add(point);
    }
    body.put("series", series);
    body.put("message", f.message(locale));
    body.put("asOf", f.asOf().toString());
    return body;
  }

  /** The recommendations as the old endpoints answer them: each {@code message} in English. */
  static List<Map<String, Object>> recommendations(Recommendations r) {
    return recommendations(r, Locale.ENGLISH);
  }

  /** The recommendations, each {@code message} in {@code locale}. */
  static List<Map<String, Object>> recommendations(Recommendations r, Locale locale) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Recommendations.Recommendation item : r.items()) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (item instanceof Recommendations.BuyTopUp buy) {
        body.put("type", "BUY_TOP_UP");
        body.put("pack", pack(buy.pack()));
        body.put("saving", money(buy.saving()));
      } else if (item instanceof Recommendations.Upgrade up) {
        body.put("type", "UPGRADE");
        body.put("plan", up.to());
        body.put("saving", money(up.saving()));
      } else if (item instanceof Recommendations.Downgrade down) {
        body.put("type", "DOWNGRADE");
        body.put("plan", down.to());
        body.put("saving", money(down.monthlySaving()));
      }
      body.put("message", item.message(locale));
      items.add(body);
    }
    return items;
  }

  /** Whether one operation may go ahead now, with why not ({@code message}) in {@code locale}. */
  static Map<String, Object> availability(Availability a, Locale locale) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("canProceed", a.canProceed());
    body.put("units", units(a.units()));
    body.put("remaining", units(a.remaining()));
    body.put("willIncurCharge", a.willIncurCharge());
    body.put("estimatedCost", money(a.estimatedCost()));
    body.put("currency", a.estimatedCost().currency().getCurrencyCode());
    body.put("message", a.message(locale).orElse(null));
    return body;
  }
}
