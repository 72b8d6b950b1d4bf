package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.Drift;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.ReconciliationBatch;
import com.bnaura.quota.ReconciliationCursor;
import com.bnaura.quota.ReconciliationReport;
import com.bnaura.quota.model.ClinicId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks, on a background thread of its own while the application context runs, that every
 * clinic's balance rows are what its ledger adds up to ({@link QuotaService#reconcileSome}),
 * walking the clinics in id order and starting over after the last.
 *
 * <p>The work is bounded: at most {@code bnaura.quota.reconciliation.clinics-per-minute} clinics a
 * minute (60 by default), spread over steps every {@code bnaura.quota.reconciliation.interval} (10
 * seconds): each step may check the clinics its share of the minute allows, and a share left over
 * carries to the next step, never beyond one minute's worth. Each clinic costs one fold of its
 * ledger and a few reads; nothing is written, so it is safe on every instance that shares a
 * database.
 *
 * <p>Each drift is logged at WARN by the quota service (clinic, period, field, ledger value, row
 * value). This class keeps what the last check of each clinic found: {@link #drifts()} counts the
 * drifts of every clinic whose last check found some (the {@code bnaura.quota.reconciliation.drifts}
 * gauge), and {@link #recentDrifts()} holds the latest {@value #RECENT_DRIFTS} of them (the health
 * indicator's detail). A clinic checked clean again leaves both. A failing step (the database is
 * down) is logged at WARN and tried again at the next interval; a store that cannot list its
 * clinics stops the schedule with one WARN line.
 */
public final class QuotaReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(QuotaReconciler.class);

  /** The most drifts {@link #recentDrifts()} keeps. */
  public static final int RECENT_DRIFTS = 20;

  /** The most clinics a minute: the most one {@link QuotaService#reconcileSome} step checks. */
  public static final int MAX_CLINICS_PER_MINUTE = 10_000;

  private final QuotaService quotas;
  private final int clinicsPerMinute;
  private final Duration interval;
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final Map<ClinicId, Integer> driftsByClinic = new ConcurrentHashMap<>();
  private final Deque<Drift> recent = new ArrayDeque<>();
  private ReconciliationCursor cursor = ReconciliationCursor.START;
  private static final long MINUTE = 60_000;

  /**
   * What the steps may still check, in clinic-milliseconds of a minute: one clinic is 60,000,
   * a step adds its interval times the bound, and it holds at most one minute's worth.
   */
  private long credit;
  private volatile ScheduledExecutorService executor;

  /**
   * A reconciler of {@code quotas}, not yet started.
   *
   * @param quotas the quota service whose clinics are checked
   * @param clinicsPerMinute the most clinics checked a minute, 1 to {@value
   *     #MAX_CLINICS_PER_MINUTE}
   * @param interval the pause between two steps
   */
  public QuotaReconciler(QuotaService quotas, int clinicsPerMinute, Duration interval) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    if (clinicsPerMinute < 1 || clinicsPerMinute > MAX_CLINICS_PER_MINUTE) {
      throw new IllegalArgumentException("clinicsPerMinute must be 1 to "
          + MAX_CLINICS_PER_MINUTE + ", was " + clinicsPerMinute);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.clinicsPerMinute = clinicsPerMinute;
    this.interval = interval;
  }

  /** The most clinics checked a minute. */
  public int clinicsPerMinute() {
    return clinicsPerMinute;
  }

  /** The pause between two steps. */
  public Duration interval() {
    return interval;
  }

  /** How many clinic checks this reconciler ran since it was created. */
  public long clinicsChecked() {
    return checked.get();
  }

  /** How many times this reconciler walked through every clinic. */
  public long passesCompleted() {
    return passes.get();
  }

  /** How many drifts the last check of each clinic found, summed over the clinics. */
  public int drifts() {
    return driftsByClinic.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** How many clinics had drifts at their last check. */
  public int driftingClinics() {
    return driftsByClinic.size();
  }

  /**
   * The latest drifts found, newest first, at most {@value #RECENT_DRIFTS}; those of a clinic
   * checked clean since are gone.
   */
  public synchronized List<Drift> recentDrifts() {
    return List.copyOf(recent);
  }

  /**
   * Runs one step now: checks the clinics the budget allows after where the last step stopped,
   * and returns how many it checked. Steps of the background thread and of callers take turns.
   */
  public synchronized int step() {
    credit = Math.min(credit + Math.min(interval.toMillis(), MINUTE) * clinicsPerMinute,
        MINUTE * clinicsPerMinute);
    int clinics = (int) (credit / MINUTE);
    if (clinics == 0) {
      return 0;
    }
    ReconciliationBatch batch = quotas.reconcileSome(cursor, clinics);
    credit -= MINUTE * batch.reports().size();
    for (ReconciliationReport report : batch.reports()) {
      record(report);
    }
    cursor = batch.next();
    if (batch.passComplete()) {
      passes.incrementAndGet();
    }
    return batch.reports().size();
  }

  private void record(ReconciliationReport report) {
    checked.incrementAndGet();
    ClinicId clinic = report.clinic();
    recent.removeIf(d -> d.clinic().equals(clinic));
    if (report.drifts().isEmpty()) {
      driftsByClinic.remove(clinic);
      return;
    }
    driftsByClinic.put(clinic, report.drifts().size());
    List<Drift> newest = new ArrayList<>(report.drifts());
    for (int i = newest.size() - 1; i >= 0; i--) {
      recent.addFirst(newest.get(i));
    }
    while (recent.size() > RECENT_DRIFTS) {
      recent.removeLast();
    }
  }

  /** Starts the background thread. */
  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "bnaura-quota-reconciler");
      thread.setDaemon(true);
      return thread;
    });
    ex.scheduleWithFixedDelay(() -> guarded(ex), interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    executor = ex;
  }

  /** Stops the background thread, letting a step under way finish (for up to 10 seconds). */
  @Override
  public void stop() {
    ScheduledExecutorService ex;
    synchronized (this) {
      ex = executor;
      executor = null;
    }
    if (ex == null) {
      return;
    }
    BackgroundThreads.stop(ex);
  }

  /** Whether the background thread runs. */
  @Override
  public boolean isRunning() {
    return executor != null;
  }

  /** Shows the bound and the interval. */
  @Override
  public String toString() {
    return "QuotaReconciler{clinicsPerMinute=" + clinicsPerMinute + ", interval=" + interval
        + ", running=" + isRunning() + "}";
  }

  private void guarded(ScheduledExecutorService ex) {
    try {
      step();
    } catch (UnsupportedOperationException e) {
      log.warn("Reconciliation stopped: {}. QuotaService.reconcile(clinicId) still checks one "
          + "clinic; set bnaura.quota.reconciliation.enabled=false to silence this.",
          e.getMessage());
      synchronized (this) {
        if (executor == ex) {
          executor = null;
        }
      }
      ex.shutdown();
    } catch (RuntimeException e) {
      log.warn("Could not reconcile balances with the ledger (will try again at the next "
          + "interval): {}", e.toString());
    }
  }
}
