package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.Drift;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the quota engine under the name {@code quota}: {@code UP} when its store answers,
 * {@code DOWN} with the store's error when it does not.
 *
 * <p>Details: {@code store}, the kind of store; {@code clinicsWithExpiredReservations}, how many
 * clinics hold reservations past their TTL that no sweep has reclaimed yet (counted up to {@value
 * #COUNT_LIMIT}; a number that stays above zero means the sweeper is off or failing); {@code
 * sweeper}, its interval or {@code off}; {@code reconciliation}, {@code off} or what the {@link
 * QuotaReconciler} found: {@code clinicsPerMinute}, {@code clinicsChecked}, {@code drifts} (the
 * count) and {@code recentDrifts}, the latest drifts (at most {@value QuotaReconciler#RECENT_DRIFTS},
 * each with {@code clinic}, {@code period}, {@code field}, {@code ledger} and {@code row}); {@code
 * deadEvents}, how many outbox events the dispatcher gave up on after its maximum attempts
 * (counted up to {@value #DEAD_EVENTS_LIMIT}, shown as {@code "100+"} past that; absent when the
 * store keeps no outbox); and, with the quota service, {@code cacheHitRate} and {@code
 * cacheRequests} of its read caches since they were built or reset. A drift leaves the status
 * {@code UP}: the books of one clinic disagreeing is for an operator to look into, not a reason to
 * take the instance out of traffic. A dead event leaves it {@code UP} too: the change it told of
 * is committed, and the event waits in the outbox for an operator to fix its receiver and send it
 * again ({@code QuotaService.redeliverEvent}, or the {@code quota} endpoint's redeliver
 * operation). The check is two indexed reads of the store; the reconciliation's figures come from
 * its own background walk. It never calls Gemini or any other remote service, and never changes
 * anything.
 *
 * <p>It belongs in the readiness group, not the liveness one: an instance whose store does not
 * answer should get no traffic, and a restart does not bring the database back.
 *
 * <pre>
 * management.endpoint.health.probes.enabled=true
 * management.endpoint.health.group.readiness.include=readinessState,quota
 * </pre>
 */
public final class QuotaHealthIndicator extends AbstractHealthIndicator {

  /** The most clinics with expired reservations one check counts. */
  public static final int COUNT_LIMIT = 1000;

  /** The most dead events one check counts; more are shown as {@code "100+"}. */
  public static final int DEAD_EVENTS_LIMIT = 100;

  private final QuotaStore store;
  private final QuotaService quotas;
  private final Clock clock;
  private final QuotaReservationSweeper sweeper;
  private final QuotaReconciler reconciler;

  /**
   * A health indicator of {@code store}, with no reconciler.
   *
   * @param store the store the quota service uses
   * @param quotas the quota service, whose cache statistics are reported, or {@code null}
   * @param clock the quota service's clock, which decides what has expired
   * @param sweeper the reservation sweeper, or {@code null} when it is off
   */
  public QuotaHealthIndicator(QuotaStore store, QuotaService quotas, Clock clock,
      QuotaReservationSweeper sweeper) {
    this(store, quotas, clock, sweeper, null);
  }

  /**
   * A health indicator of {@code store}.
   *
   * @param store the store the quota service uses
   * @param quotas the quota service, whose cache statistics are reported, or {@code null}
   * @param clock the quota service's clock, which decides what has expired
   * @param sweeper the reservation sweeper, or {@code null} when it is off
   * @param reconciler the reconciler whose findings are reported, or {@code null} when it is off
   */
  public QuotaHealthIndicator(QuotaStore store, QuotaService quotas, Clock clock,
      QuotaReservationSweeper sweeper, QuotaReconciler reconciler) {
    super("Quota store health check failed");
    this.store = Objects.requireNonNull(store, "store");
    this.quotas = quotas;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = sweeper;
    this.reconciler = reconciler;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    int expired = store.clinicsWithExpiredReservations(clock.instant(), COUNT_LIMIT).size();
    builder.up()
        .withDetail("store", store.getClass().getSimpleName())
        .withDetail("clinicsWithExpiredReservations", expired)
        .withDetail("sweeper", sweeper == null ? "off" : "every " + sweeper.interval())
        .withDetail("reconciliation", reconciler == null ? "off" : reconciliation(reconciler));
    Object dead = deadEvents();
    if (dead != null) {
      builder.withDetail("deadEvents", dead);
    }
    if (quotas != null) {
      CacheStatsSnapshot.Counts caches = quotas.cacheStats().combined();
      builder.withDetail("cacheHitRate", Math.round(caches.hitRate() * 10_000) / 10_000.0)
          .withDetail("cacheRequests", caches.requests());
    }
  }

  /**
   * How many events are dead: a number up to {@value #DEAD_EVENTS_LIMIT}, {@code "100+"} past it,
   * or {@code null} for a store that keeps no outbox.
   */
  private Object deadEvents() {
    int dead;
    try {
      dead = store.eventsIn(DeliveryState.DEAD, DEAD_EVENTS_LIMIT + 1).size();
    } catch (UnsupportedOperationException e) {
      return null;
    }
    return dead > DEAD_EVENTS_LIMIT ? DEAD_EVENTS_LIMIT + "+" : dead;
  }

  private static Map<String, Object> reconciliation(QuotaReconciler reconciler) {
    List<Map<String, Object>> recent = new ArrayList<>();
    for (Drift d : reconciler.recentDrifts()) {
      Map<String, Object> drift = new LinkedHashMap<>();
      drift.put("clinic", d.clinic().value());
      drift.put("period", d.periodStart().map(Object::toString).orElse("account"));
      drift.put("field", d.field().column());
      drift.put("ledger", d.ledgerText());
      drift.put("row", d.rowText());
      recent.add(drift);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("clinicsPerMinute", reconciler.clinicsPerMinute());
    details.put("clinicsChecked", reconciler.clinicsChecked());
    details.put("drifts", reconciler.drifts());
    details.put("recentDrifts", recent);
    return details;
  }
}
