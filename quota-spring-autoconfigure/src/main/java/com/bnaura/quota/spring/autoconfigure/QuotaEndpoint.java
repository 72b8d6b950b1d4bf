package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.model.Money;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code quota}: what the quota engine's caches, sweeper and Gemini analyzer
 * have counted, one clinic's status, and a reset of the read caches.
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
 * </table>
 *
 * <p>It is exposed and secured like every other endpoint: not over HTTP unless the application
 * includes it ({@code management.endpoints.web.exposure.include=health,quota}), and behind the
 * application's own security rules for {@code EndpointRequest.toAnyEndpoint()}. The clinic
 * status shows one clinic's usage, so expose it only to operators. {@code
 * management.endpoint.quota.access=read-only} keeps the reads and refuses the reset.
 */
@Endpoint(id = "quota")
public final class QuotaEndpoint {

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
