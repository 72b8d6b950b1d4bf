package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
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
 * sweeper}, its interval or {@code off}; and, with the quota service, {@code cacheHitRate} and
 * {@code cacheRequests} of its read caches since they were built or reset. The check is one
 * indexed read of the store. It never calls Gemini or any other remote service, and never changes
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

  private final QuotaStore store;
  private final QuotaService quotas;
  private final Clock clock;
  private final QuotaReservationSweeper sweeper;

  /**
   * A health indicator of {@code store}.
   *
   * @param store the store the quota service uses
   * @param quotas the quota service, whose cache statistics are reported, or {@code null}
   * @param clock the quota service's clock, which decides what has expired
   * @param sweeper the reservation sweeper, or {@code null} when it is off
   */
  public QuotaHealthIndicator(QuotaStore store, QuotaService quotas, Clock clock,
      QuotaReservationSweeper sweeper) {
    super("Quota store health check failed");
    this.store = Objects.requireNonNull(store, "store");
    this.quotas = quotas;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = sweeper;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    int expired = store.clinicsWithExpiredReservations(clock.instant(), COUNT_LIMIT).size();
    builder.up()
        .withDetail("store", store.getClass().getSimpleName())
        .withDetail("clinicsWithExpiredReservations", expired)
        .withDetail("sweeper", sweeper == null ? "off" : "every " + sweeper.interval());
    if (quotas != null) {
      CacheStatsSnapshot.Counts caches = quotas.cacheStats().combined();
      builder.withDetail("cacheHitRate", Math.round(caches.hitRate() * 10_000) / 10_000.0)
          .withDetail("cacheRequests", caches.requests());
    }
  }
}
