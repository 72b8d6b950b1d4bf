package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Refused;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.model.QuietHours;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox's events and the clinic's quiet hours, for the clinic's owner and the platform
 * admin, and the dead events for the admin ({@link QuotaService#events}, {@link
 * QuotaService#setQuietHours}, {@link QuotaService#deadEvents}, {@link
 * QuotaService#redeliverEvent}).
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/events?after=<cursor>&limit=<1..100>}: the clinic's
 *       events in the order its changes committed, each with its delivery state and its data;
 *       {@code next} is the cursor to read on from (store it and pass it as {@code after}: no
 *       event is missed or seen twice) and {@code more} whether more were stored.
 *   <li>{@code GET /api/clinics/{clinicId}/quiet-hours}: the hours the clinic is closed, {@code
 *       HH:mm-HH:mm} in its zone, or {@code null}.
 *   <li>{@code PUT /api/clinics/{clinicId}/quiet-hours} with {@code {"quietHours":
 *       "20:00-08:00"}} ({@code null} or empty removes them): a warning or a recovery raised then
 *       is held until the clinic opens; critical alerts go out at once.
 *   <li>{@code GET /api/admin/events/dead?limit=<1..100>}: events of every clinic the dispatcher
 *       gave up on, oldest first, each with its clinic and last error.
 *   <li>{@code POST /api/admin/events/{eventId}/redeliver}: makes a dead event due again now.
 * </ul>
 *
 * <p>A bad {@code after}, {@code limit} or {@code quietHours} is a 400 {@code INVALID_ARGUMENT}
 * naming it; another clinic's id is the 404 {@code UNKNOWN_CLINIC} every clinic endpoint answers;
 * a sales user gets the 403 {@code ROLE_NOT_ALLOWED}.
 */
@RestController
class EventsController {

  /** The page when a request names no {@code limit}. */
  static final int DEFAULT_LIMIT = 50;

  /** The largest page one request reads. */
  static final int MAX_LIMIT = 100;

  private final QuotaService quotas;

  EventsController(QuotaService quotas) {
    this.quotas = quotas;
  }

  @GetMapping("/api/clinics/{clinicId}/events")
  Map<String, Object> events(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String after,
      @RequestParam(required = false) Integer limit) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return EventViews.page(clinic, quotas.events(clinic, after, limit(limit)));
  }

  @GetMapping("/api/clinics/{clinicId}/quiet-hours")
  Map<String, Object> quietHours(Caller caller, @PathVariable String clinicId) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return quietHoursOf(clinic);
  }

  /** The clinic's quiet hours: {@code {"quietHours": "20:00-08:00"}}, or {@code null}. */
  record QuietHoursBody(String quietHours) {}

  @PutMapping("/api/clinics/{clinicId}/quiet-hours")
  Map<String, Object> setQuietHours(Caller caller, @PathVariable String clinicId,
      @RequestBody QuietHoursBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    RegistrationResult result = quotas.setQuietHours(clinic, body.quietHours());
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return quietHoursOf(clinic);
  }

  @GetMapping("/api/admin/events/dead")
  Map<String, Object> deadEvents(Caller caller, @RequestParam(required = false) Integer limit) {
    caller.require(Role.ADMIN);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", quotas.deadEvents(limit(limit)).stream().map(EventViews::deadEvent)
        .toList());
    return body;
  }

  @PostMapping("/api/admin/events/{eventId}/redeliver")
  Map<String, Object> redeliver(Caller caller, @PathVariable String eventId) {
    caller.require(Role.ADMIN);
    if (!quotas.redeliverEvent(eventId)) {
      throw new ApiException(404, "UNKNOWN_EVENT", "eventId",
          ErrorText.of("error.event.not_dead", HttpErrors.echo(eventId)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", eventId);
    body.put("redelivered", true);
    return body;
  }

  /** The clinic's stored quiet hours and the zone they are read in. */
  private Map<String, Object> quietHoursOf(String clinic) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clinicId", clinic);
    body.put("quietHours", quotas.quietHours(clinic).map(QuietHours::toString).orElse(null));
    body.put("zone", quotas.status(clinic).zone().getId());
    return body;
  }

  private static int limit(Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalid("limit", "error.events.limit", MAX_LIMIT, limit);
    }
    return limit;
  }
}
