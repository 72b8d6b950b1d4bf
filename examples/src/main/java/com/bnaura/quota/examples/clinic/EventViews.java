package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.EventPage;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON shapes of the outbox's events: an event as a clinic's owner reads it (its data a JSON
 * object, as the engine wrote it), a dead event as the admin reads it (with the clinic and the
 * last delivery error), and an alert, recovery or period reset as an entry of the dashboard's
 * alert list, in the shape the list had before it was read from the outbox.
 */
final class EventViews {

  /**
   * Reads the data the engine wrote with each event: trusted JSON of a few kilobytes, not a
   * request body, so not through the app's bounded request mapper.
   */
  private static final JsonMapper STORED = JsonMapper.builder().build();

  private EventViews() {}

  /** A page of one clinic's events, with the cursor to read on from and whether there is more. */
  static Map<String, Object> page(String clinicId, EventPage page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", clinicId);
    body.put("events", page.events().stream().map(EventViews::event).toList());
    body.put("next", page.next());
    body.put("more", page.more());
    return body;
  }

  /**
   * One event: {@code id}, {@code type} (its wire name, as a webhook receives it), {@code
   * position} (a cursor), {@code occurredAt}, {@code critical}, {@code deliverAfter} (later than
   * {@code occurredAt} for an alert held by the clinic's quiet hours), {@code state} and {@code
   * attempts} of its delivery, and {@code data}.
   */
  static Map<String, Object> event(QuotaEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", e.id());
    body.put("type", e.type().wireName());
    body.put("position", e.position());
    body.put("occurredAt", e.occurredAt().toString());
    body.put("critical", e.critical());
    body.put("deliverAfter", e.deliverAfter().toString());
    body.put("state", e.state().name());
    body.put("attempts", e.attempts());
    body.put("data", data(e));
    return body;
  }

  /** A dead event for the admin: the event with its {@code clinicId} and {@code lastError}. */
  static Map<String, Object> deadEvent(QuotaEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", e.clinic().value());
    body.putAll(event(e));
    body.put("lastError", e.lastError().orElse(null));
    return body;
  }

  /**
   * An entry of the clinic's alert list: an alert ({@code level} {@code WARNING}, {@code
   * CRITICAL}, {@code EXHAUSTED} or {@code OVERAGE_STARTED}), a recovery ({@code level} {@code
   * RECOVERED}, with the levels it armed again) or a period reset ({@code level} {@code RESET},
   * with the monthly units that expired unused and the add-on carried over), each with {@code at},
   * its sentence for people ({@code message}) in {@code locale} and its {@code eventId}.
   *
   * @throws IllegalArgumentException for an event of another type
   */
  static Map<String, Object> feedEntry(QuotaEvent e, Locale locale) {
    JsonNode d = data(e);
    Map<String, Object> body = new LinkedHashMap<>();
    switch (e.type()) {
      case ALERT -> {
        body.put("level", d.path("level").asString());
        body.put("clinicId", e.clinic());
        body.put("percentRemaining", new BigDecimal(d.path("percentRemaining").asString()));
        body.put("remaining", units(d.path("remaining").asString()));
        body.put("periodStart", d.path("period").path("start").asString());
      }
      case ALERT_RECOVERED -> {
        body.put("level", "RECOVERED");
        body.put("clinicId", e.clinic());
        List<String> recovered = new ArrayList<>();
        d.path("recovered").forEach(level -> recovered.add(level.asString()));
        body.put("recovered", recovered);
        body.put("percentRemaining", new BigDecimal(d.path("percentRemaining").asString()));
        String remaining = d.path("remaining").asString();
        body.put("remaining", "unlimited".equals(remaining) ? null : units(remaining));
        body.put("periodStart", d.path("period").path("start").asString());
      }
      case PERIOD_RESET -> {
        body.put("level", "RESET");
        body.put("clinicId", e.clinic());
        body.put("closedPeriodStart", d.path("closed").path("start").asString());
        String opened = d.path("opened").path("start").asString();
        body.put("periodStart", opened);
        body.put("resetDate", Instant.parse(opened)
            .atZone(ZoneId.of(d.path("zone").asString())).toLocalDate().toString());
        body.put("expiredUnused", units(d.path("expiredUnused").asString()));
        body.put("addonCarriedOver", units(d.path("addonCarriedOver").asString()));
        body.put("granted", d.path("unlimited").asBoolean() ? null
            : units(d.path("granted").asString()));
      }
      default -> throw new IllegalArgumentException("not an entry of the alert list: "
          + e.type().wireName());
    }
    body.put("at", e.occurredAt().toString());
    body.put("message", message(d, locale));
    body.put("eventId", e.id());
    return body;
  }

  /** Whether {@code type} is listed among the clinic's alerts. */
  /** The event types the owner's alert list shows. */
  static final Set<QuotaEventType> ALERT_LIST = Set.copyOf(EnumSet.of(QuotaEventType.ALERT,
      QuotaEventType.ALERT_RECOVERED, QuotaEventType.PERIOD_RESET));

  private static JsonNode data(QuotaEvent e) {
    return STORED.readTree(e.data());
  }

  /** The event's sentence in Thai for a Thai locale, else in English. */
  private static String message(JsonNode data, Locale locale) {
    JsonNode message = data.path("message");
    String language = Languages.THAI.equals(Languages.of(locale)) ? "th" : "en";
    return message.path(language).asString(message.path("en").asString(null));
  }

  /** Units of the event's data ({@code "100.000"}) as the app writes units ({@code 100}). */
  private static BigDecimal units(String text) {
    return JsonViews.units(Units.parse(text));
  }
}
