package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Expires reservations past their TTL (giving their units back), finishes auto top-up payments
 * whose driver stopped, and forgets idempotency keys past their retention, on a background thread
 * of its own, while the application context runs.
 *
 * <p>It calls {@link QuotaService#expireReservations()} and {@link QuotaService#resumePayments}
 * every {@code bnaura.quota.sweeper.interval} (30 seconds by default) and {@link
 * QuotaService#purgeIdempotencyKeys()} every {@code bnaura.quota.sweeper.purge-interval} (one
 * hour). All are safe on every instance that shares a database. A failing sweep (the database is
 * down) is logged at WARN and tried again at the next interval; it never stops the schedule.
 * {@code bnaura.quota.sweeper.enabled=false} turns it off, for an application that sweeps from a
 * scheduler of its own.
 */
public final class QuotaReservationSweeper implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(QuotaReservationSweeper.class);

  /** The most clinics one resume of payments drives. */
  static final int RESUME_BATCH = 500;

  private final QuotaService quotas;
  private final Duration interval;
  private final Duration purgeInterval;
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong purged = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();
  private volatile ScheduledExecutorService executor;

  /**
   * A sweeper of {@code quotas}, not yet started.
   *
   * @param quotas the quota service to sweep
   * @param interval the pause between two sweeps for expired reservations
   * @param purgeInterval the pause between two purges of old idempotency keys
   */
  public QuotaReservationSweeper(QuotaService quotas, Duration interval, Duration purgeInterval) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    this.interval = requirePositive(interval, "interval");
    this.purgeInterval = requirePositive(purgeInterval, "purgeInterval");
  }

  /** The pause between two sweeps for expired reservations. */
  public Duration interval() {
    return interval;
  }

  /** How many reservations this sweeper expired since it was created. */
  public long expiredReservations() {
    return expired.get();
  }

  /** How many idempotency keys this sweeper purged since it was created. */
  public long purgedKeys() {
    return purged.get();
  }

  /** How many auto top-up payments this sweeper moved on since it was created. */
  public long resumedPayments() {
    return resumed.get();
  }

  /**
   * Drives the open auto top-up payments now (up to 500 clinics), and returns
   * how many it moved; a store that cannot list open payments has none to resume.
   */
  public int resumePayments() {
    int n;
    try {
      n = quotas.resumePayments(RESUME_BATCH);
    } catch (UnsupportedOperationException e) {
      log.debug("the store cannot list open payments: {}", e.getMessage());
      return 0;
    }
    resumed.addAndGet(n);
    if (n > 0) {
      log.debug("moved {} auto top-up payments on", n);
    }
    return n;
  }

  /** Expires the reservations past their TTL now, and returns how many it expired. */
  public int sweep() {
    int n = quotas.expireReservations();
    expired.addAndGet(n);
    if (n > 0) {
      log.debug("expired {} reservations past their TTL", n);
    }
    return n;
  }

  /** Starts the background thread. */
  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "bnaura-quota-sweeper");
      thread.setDaemon(true);
      return thread;
    });
    ex.scheduleWithFixedDelay(() -> guarded("expire reservations", this::sweep),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    ex.scheduleWithFixedDelay(() -> guarded("resume payments", this::resumePayments),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    ex.scheduleWithFixedDelay(() -> guarded("purge idempotency keys", this::purge),
        purgeInterval.toMillis(), purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    executor = ex;
  }

  /** Stops the background thread, letting a sweep under way finish (for up to 10 seconds). */
  @Override
  public synchronized void stop() {
    ScheduledExecutorService ex = executor;
    if (ex == null) {
      return;
    }
    executor = null;
    BackgroundThreads.stop(ex);
  }

  /** Whether the background thread runs. */
  @Override
  public boolean isRunning() {
    return executor != null;
  }

  /** Shows the intervals. */
  @Override
  public String toString() {
    return "QuotaReservationSweeper{interval=" + interval + ", purgeInterval=" + purgeInterval
        + ", running=" + isRunning() + "}";
  }

  private int purge() {
    int n = quotas.purgeIdempotencyKeys();
    purged.addAndGet(n);
    if (n > 0) {
      log.debug("purged {} idempotency keys past their retention", n);
    }
    return n;
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("Could not {} (will try again at the next interval): {}", what, e.toString());
    }
  }

  private static Duration requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
