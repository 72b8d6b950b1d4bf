package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.model.Money;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Actuator endpoint {@code quota}: what the quota engine's caches, sweeper and Gemini analyzer
 * have counted, one clinic's status, a reset of the read caches, and the outbox's dead events with
 * their redelivery.
 *
 * <table>
 *   <caption>Operations (over HTTP, under the management base path)</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /actuator/quota}</td><td>{@code caches}: the read caches' hits, misses,
 *       evictions and size since the last reset, and in {@code caches.total} since start-up;
 *       {@code sweeper}: reservations expired and idempotency keys purged, or {@code null} when
 *       it is off; {@code analyzer}: the Gemini analyzer's counters, or {@code null} without
 *       one</td></tr>
 *   <tr><td>{@code GET /actuator/quota/{clinicId}}</td><td>the clinic's status (plan, units used
 *       and left, overage, period); 404 for an unknown clinic, 400 for a malformed id</td></tr>
 *   <tr><td>{@code POST /actuator/quota}</td><td>empties the quota service's read caches (204);
 *       the counters since reset start again from zero, the totals and the meters do not</td></tr>
 *   <tr><td>{@code GET /actuator/quota/events/dead?limit=100}</td><td>{@code events}: up to
 *       {@code limit} (1 to 1,000, default {@value #DEAD_EVENTS_PAGE}) events of every clinic the
 *       dispatcher gave up on after its maximum attempts, oldest first, each with its {@code
 *       lastError} (naming the sink that failed) and its {@code data}; 400 for a limit out of
 *       range</td></tr>
 *   <tr><td>{@code POST /actuator/quota/events/{eventId}}</td><td>makes the dead event due again
 *       now, its attempts counted afresh; sinks that accepted it before are not sent it again.
 *       {@code redelivered} is {@code false} when the id names no dead event (unknown, pending
 *       or delivered)</td></tr>
 * </table>
 *
 * <p>It is exposed and secured like every other endpoint: not over HTTP unless the application
 * includes it ({@code management.endpoints.web.exposure.include=health,quota}), and behind the
 * application's own security rules for {@code EndpointRequest.toAnyEndpoint()}. The clinic
 * status shows one clinic's usage and a dead event's data, so expose it only to operators. {@code
 * management.endpoint.quota.access=read-only} keeps the reads and refuses the reset and the
 * redelivery.
 */
@Endpoint(id = "quota")
public final class QuotaEndpoint {

  /** How many dead events a listing shows when it names no limit. */
  public static final int DEAD_EVENTS_PAGE = 100;

  private static final String EVENTS = "events";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final QuotaService quotas;
  private final QuotaReservationSweeper sweeper;
  private final Supplier<?> analyzerStats;

  /**
   * The endpoint of {@code quotas}.
   *
   * @param quotas the quota service
   * @param sweeper the reservation sweeper, or {@code null} when it is off
   * @param analyzerStats the Gemini analyzer's counters (a value Jackson writes, e.g. {@code
   *     QuotaEnforcedAnalyzer.Stats}) or {@code null} when there is no analyzer; the supplier
   *     itself may be {@code null}
   */
  public QuotaEndpoint(QuotaService quotas, QuotaReservationSweeper sweeper,
      Supplier<?> analyzerStats) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    this.sweeper = sweeper;
    this.analyzerStats = analyzerStats;
  }

  /** The counters of the caches, the sweeper and the analyzer. */
  @ReadOperation
  public QuotaDescriptor quota() {
    SweeperDescriptor sweeping = sweeper == null ? null : new SweeperDescriptor(
        sweeper.isRunning(), sweeper.interval().toString(), sweeper.expiredReservations(),
        sweeper.purgedKeys());
    return new QuotaDescriptor(quotas.cacheStats(), sweeping,
        analyzerStats == null ? null : analyzerStats.get());
  }

  /**
   * The status of one clinic, or {@code null} (404) when there is no such clinic.
   *
   * @param clinicId the clinic's id
   * @throws InvalidEndpointRequestException (400) for a malformed id
   */
  @ReadOperation
  public Map<String, Object> clinic(@Selector String clinicId) {
    QuotaStatus status;
    try {
      status = quotas.status(clinicId);
    } catch (QuotaRefusedException e) {
      if (e.code() == RefusalCode.UNKNOWN_CLINIC) {
        return null;
      }
      if (e.code() == RefusalCode.INVALID_ARGUMENT) {
        throw new InvalidEndpointRequestException(e.getMessage(), e.refused().message());
      }
      throw e;
    }
    return view(status);
  }

  /** Empties the quota service's read caches. */
  @WriteOperation
  public void resetCaches() {
    quotas.resetCaches();
  }

  /**
   * The dead events of every clinic, oldest first ({@code GET /actuator/quota/events/dead}); 404
   * for any other path of two segments.
   *
   * @param events {@code events}
   * @param state {@code dead}
   * @param limit how many at most, 1 to 1,000; {@value #DEAD_EVENTS_PAGE} when not given
   * @throws InvalidEndpointRequestException (400) for a limit out of range
   */
  @ReadOperation
  public Map<String, Object> deadEvents(@Selector String events, @Selector String state,
      @Nullable Integer limit) {
    if (!EVENTS.equals(events) || !"dead".equals(state)) {
      return null;
    }
    List<QuotaEvent> dead = refusedAsBadRequest(() ->
        quotas.deadEvents(limit == null ? DEAD_EVENTS_PAGE : limit));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", dead.stream().map(QuotaEndpoint::view).toList());
    return body;
  }

  /**
   * Sends a dead event again ({@code POST /actuator/quota/events/{eventId}}): due now, its
   * attempts counted afresh.
   *
   * @param events {@code events}
   * @param eventId the event's id
   * @return {@code eventId} and {@code redelivered}, false when the id names no dead event
   * @throws InvalidEndpointRequestException (400) for another first segment or a malformed id
   */
  @WriteOperation
  public Map<String, Object> redeliverEvent(@Selector String events, @Selector String eventId) {
    if (!EVENTS.equals(events)) {
      throw new InvalidEndpointRequestException("no write operation under " + events,
          "the only write under a path of two segments is events/{eventId}");
    }
    boolean redelivered = refusedAsBadRequest(() -> quotas.redeliverEvent(eventId));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", eventId);
    body.put("redelivered", redelivered);
    return body;
  }

  private static <T> T refusedAsBadRequest(Supplier<T> call) {
    try {
      return call.get();
    } catch (QuotaRefusedException e) {
      if (e.code() == RefusalCode.INVALID_ARGUMENT) {
        throw new InvalidEndpointRequestException(e.getMessage(), e.refused().message());
      }
      throw e;
    }
  }

  /** An event with its data as a JSON object and its last delivery error. */
  private static Map<String, Object> view(QuotaEvent e) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", e.id());
    view.put("clinic", e.clinic().value());
    view.put("type", e.type().wireName());
    view.put("position", e.position());
    view.put("occurredAt", e.occurredAt().toString());
    view.put("critical", e.critical());
    view.put("deliverAfter", e.deliverAfter().toString());
    view.put("state", e.state().name());
    view.put("attempts", e.attempts());
    view.put("lastError", e.lastError().orElse(null));
    view.put("data", JSON.readValue(e.data(), OBJECT));
    return view;
  }

  /** Units and money as their exact decimal strings: {@code "99.800"}, {@code "THB 75.00"}. */
  private static Map<String, Object> view(QuotaStatus s) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("clinic", s.clinic().value());
    view.put("plan", s.plan().value());
    view.put("unlimited", s.unlimited());
    view.put("monthlyAllowance", s.monthlyAllowance().toString());
    view.put("monthlyUsed", s.monthlyUsed().toString());
    view.put("monthlyRemaining", s.monthlyRemaining().toString());
    view.put("addonBalance", s.addonBalance().toString());
    view.put("totalRemaining", s.totalRemaining().toString());
    view.put("percentRemaining", s.percentRemaining().toPlainString());
    view.put("reserved", s.reserved().toString());
    view.put("overageUnits", s.overageUnits().toString());
    view.put("overageCost", s.overageCost().toString());
    view.put("overagePrice", s.overagePrice().map(Money::toString).orElse(null));
    view.put("overagePolicy", s.policy().name());
    view.put("overageCap", s.overageCap().map(Money::toString).orElse(null));
    view.put("alertLevel", s.alertLevel().map(Enum::name).orElse(null));
    view.put("periodStart", s.periodStart().toString());
    view.put("resetAt", s.resetAt().toString());
    view.put("zone", s.zone().getId());
    view.put("asOf", s.asOf().toString());
    return view;
  }

  /**
   * The answer of {@code GET /actuator/quota}.
   *
   * @param caches the read caches' counters, since the last reset and in total
   * @param sweeper the sweeper's counters, or {@code null} when it is off
   * @param analyzer the Gemini analyzer's counters, or {@code null} without one
   */
  public record QuotaDescriptor(CacheStatsSnapshot caches, SweeperDescriptor sweeper,
      Object analyzer) implements OperationResponseBody {}

  /**
   * What the reservation sweeper has done since start-up.
   *
   * @param running whether its thread runs
   * @param interval the pause between two sweeps, e.g. {@code PT30S}
   * @param expiredReservations reservations it expired
   * @param purgedKeys idempotency keys it purged
   */
  public record SweeperDescriptor(boolean running, String interval, long expiredReservations,
      long purgedKeys) {}
}
