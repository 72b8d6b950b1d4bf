package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: while it holds the database's dispatcher lease, it claims due events
 * ({@link QuotaStore#claimEvents}) until the lease ends, renewing the lease before a delivery
 * could outlast it, so no other dispatcher takes them while it works; it hands each
 * to every sink that has not accepted it yet, and records the outcome: delivered once every sink
 * accepted it, otherwise due again after a backoff that doubles from the first retry up to the
 * longest, and dead after the last attempt. A dispatcher that dies mid-batch leaves its lease
 * and its events to be taken again once the lease ends, so every event reaches every sink at
 * least once.
 *
 * <p>It runs on its own thread every {@link Config#every()} and as soon as a write has queued an
 * event ({@link #nudge()}); {@link #dispatch} runs one pass on the caller's thread.
 */
final class EventDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

  /** The name of the lease that keeps one dispatcher active per database. */
  static final String LEASE = "aura-quota-events";

  /** The batch one background pass claims. */
  static final int BATCH = 20;

  /** The most events one {@link #dispatch} call claims. */
  static final int MAX_DISPATCH = 1_000;

  /**
   * Delivery settings.
   *
   * @param maxAttempts attempts before an event is dead, 1 to 100
   * @param firstRetry the wait after the first failure
   * @param maxRetry the longest wait between attempts
   * @param every how often the background thread looks for due events; zero runs none
   * @param retention how long delivered events are kept readable by cursor
   * @param lease how long the dispatcher lease lasts unless renewed: after a crash, the time
   *     before another instance's dispatcher takes over, and the longest a claim holds
   */
  record Config(int maxAttempts, Duration firstRetry, Duration maxRetry, Duration every,
      Duration retention, Duration lease) {

    /** 12 attempts, 10 s doubling to 1 h, every second, kept 30 days, a 30 s lease. */
    static final Config DEFAULTS = new Config(12, Duration.ofSeconds(10), Duration.ofHours(1),
        Duration.ofSeconds(1), Duration.ofDays(30), Duration.ofSeconds(30));

    Config {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1..100, was " + maxAttempts);
      }
      if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException("retries must be positive, the longest no shorter than "
            + "the first: " + firstRetry + ", " + maxRetry);
      }
      if (every.isNegative() || retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException("every must not be negative and retention must be "
            + "at least a day: " + every + ", " + retention);
      }
      if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("the lease must be 1 s to 1 h, was " + lease);
      }
    }

    /** The wait before the attempt after {@code failures} failed ones. */
    Duration backoff(int failures) {
      Duration wait = firstRetry;
      for (int i = 1; i < failures && wait.compareTo(maxRetry) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
  }

  private final QuotaStore store;
  private final Clock clock;
  private final List<EventSink> sinks;
  private final Config config;
  private final String holder = "dispatcher-" + UUID.randomUUID();
  private final Duration perEvent;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean queued = new AtomicBoolean();
  private Instant nextPurge = Instant.MIN;

  EventDispatcher(QuotaStore store, Clock clock, List<EventSink> sinks, Config config) {
    this.store = store;
    this.clock = clock;
    this.sinks = List.copyOf(sinks);
    this.config = config;
    Duration each = Duration.ofSeconds(1);
    for (EventSink sink : sinks) {
      each = each.plus(sink.timeout());
    }
    this.perEvent = each;
    if (this.sinks.isEmpty() || config.every().isZero()) {
      this.timer = null;
    } else {
      this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aura-quota-events");
        t.setDaemon(true);
        return t;
      });
      long millis = Math.max(1, config.every().toMillis());
      timer.scheduleWithFixedDelay(this::drain, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** The sinks' names. */
  Set<String> sinkNames() {
    Set<String> names = new TreeSet<>();
    sinks.forEach(s -> names.add(s.name()));
    return names;
  }

  /** Asks the background thread to look for due events now; cheap, and a no-op without one. */
  void nudge() {
    if (timer != null && queued.compareAndSet(false, true)) {
      try {
        timer.execute(() -> {
          queued.set(false);
          drain();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        queued.set(false); // closed
      }
    }
  }

  /**
   * Background passes until a pass finds fewer than a batch; failures are logged, not lost. A
   * store that keeps no outbox stops the thread, said once.
   */
  private void drain() {
    try {
      while (dispatch(BATCH) >= BATCH) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } catch (UnsupportedOperationException e) {
      log.error("The quota store keeps no outbox, so no event is delivered to the configured "
          + "listeners and webhooks: {}", e.getMessage());
      timer.shutdown();
    } catch (RuntimeException e) {
      log.warn("Delivering quota events failed; they stay in the outbox and are tried again", e);
    }
  }

  /**
   * One pass on the calling thread: claims up to {@code limit} due events and delivers them;
   * returns how many it claimed (0 when another dispatcher holds the lease or there are no
   * sinks).
   */
  synchronized int dispatch(int limit) {
    if (sinks.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Instant leaseEnd = now.plus(config.lease());
    if (!store.holdLease(LEASE, holder, now, leaseEnd)) {
      return 0;
    }
    List<EventRecord> claimed = store.claimEvents(now, leaseEnd, limit);
    for (EventRecord event : claimed) {
      Instant at = clock.instant();
      if (at.plus(perEvent).isAfter(leaseEnd)) {
        // renewed before it could lapse mid-delivery; refused, the rest wait out their claim
        leaseEnd = at.plus(config.lease());
        if (!store.holdLease(LEASE, holder, at, leaseEnd)) {
          break;
        }
      }
      settle(event);
    }
    if (!now.isBefore(nextPurge)) {
      nextPurge = now.plus(Duration.ofHours(1));
      store.purgeEvents(now.minus(config.retention()), 1_000);
    }
    return claimed.size();
  }

  private void settle(EventRecord event) {
    QuotaEvent published = Outbox.event(event);
    Set<String> done = new TreeSet<>(event.deliveredTo());
    String failure = null;
    for (EventSink sink : sinks) {
      if (done.contains(sink.name()) || !sink.receives(published.type())) {
        continue;
      }
      try {
        sink.deliver(published);
        done.add(sink.name());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = sink.name() + ": interrupted";
        break;
      } catch (Exception e) {
        failure = sink.name() + ": " + e;
        log.debug("Event {} not delivered to {}", event.id(), sink.name(), e);
      }
    }
    Instant now = clock.instant();
    int attempts = event.attempts() + 1;
    EventRecord outcome;
    if (failure == null) {
      outcome = event.withDelivery(DeliveryState.DELIVERED, attempts, now, done,
          Optional.empty());
    } else if (attempts >= config.maxAttempts()) {
      outcome = event.withDelivery(DeliveryState.DEAD, attempts, now, done,
          Optional.of(failure));
      log.warn("Quota event {} ({} of clinic {}) is dead after {} attempts: {}", event.id(),
          event.type(), event.clinic(), attempts, failure);
    } else {
      outcome = event.withDelivery(DeliveryState.PENDING, attempts,
          now.plus(config.backoff(attempts)), done, Optional.of(failure));
    }
    store.updateDelivery(outcome);
  }

  /** Makes a dead event due again now; false if {@code id} names no dead event. */
  boolean redeliver(String id) {
    Optional<EventRecord> event = store.event(id);
    if (event.isEmpty() || event.get().state() != DeliveryState.DEAD) {
      return false;
    }
    boolean revived = store.updateDelivery(Outbox.revived(event.get(), clock.instant()));
    nudge();
    return revived;
  }

  /** Stops the background thread, letting a running delivery finish. */
  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
