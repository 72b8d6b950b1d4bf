package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs decisions on clinics through the store's two calls: load the clinic, decide, apply the
 * decision's write-set; on a {@link WriteConflict} load again and decide again.
 *
 * <p>Decisions on one clinic that arrive while another is being decided or applied wait in that
 * clinic's lane, and the next caller to run takes them all (up to {@value #MAX_BATCH}): they are
 * decided in arrival order, each seeing the writes of those before it, on one snapshot, and applied
 * as one write-set, so a busy clinic costs one load and one write for many decisions. A lone
 * decision runs at once, on its caller's thread; nothing waits for a batch to fill. A decision that
 * throws is left out, its caller gets the exception, and the others are decided again without it.
 *
 * <p>After each write-set it applied, the executor keeps what it now knows of the clinic ({@link
 * KeptClinics}), and the next decision on that clinic runs on it without a load when it covers what
 * the decision names; when it does not, only what it lacks is loaded and laid over it, provided
 * the clinic is still at the kept version (otherwise everything is loaded). The store's version
 * check at apply is the authority, so a stale kept state never grants a unit.
 *
 * <p>A batch that met {@value #LOCK_AFTER} conflicts in a row (other instances wrote the clinic
 * between its load and its apply each time) is loaded, decided and applied holding the clinic in
 * the store ({@link QuotaStore#locked}), so that a busy clinic shared by several instances
 * starves none of them.
 */
final class ClinicExecutor {
  static final int MAX_BATCH = 64;
  /**
   * Conflicts in a row after which a batch is decided and applied holding its clinic in the store
   * ({@link QuotaStore#locked}): other instances keep writing the clinic between this one's load
   * and apply.
   */
  static final int LOCK_AFTER = 3;

  /** Conflicts one batch may meet before the call fails, locked attempts included. */
  static final int MAX_CONFLICTS = 64;

  /** How many clinics' states are kept for decisions without a load. */
  static final int KEPT_CLINICS = 50_000;

  private final QuotaStore store;
  private final ConcurrentHashMap<ClinicId, Lane> lanes = new ConcurrentHashMap<>();
  private final KeptClinics kept = new KeptClinics(KEPT_CLINICS);

  ClinicExecutor(QuotaStore store) {
    this.store = store;
  }

  /** A decision on one clinic: reads and writes only through the transaction it is given. */
  @FunctionalInterface
  interface Decision<T> {
    T decide(ClinicTransaction tx);
  }

  /**
   * Decides {@code decision} on a snapshot that covers at least {@code needs}, and applies what it
   * wrote; returns its result from the run whose writes were applied.
   *
   * @throws QuotaStoreException if the store fails (whether the write applied is then unknown) or
   *     the clinic kept conflicting
   */
  <T> T run(LoadRequest needs, Decision<T> decision) {
    Job<T> job = new Job<>(needs, decision, Thread.currentThread());
    ClinicId clinic = needs.clinic();
    // A job joins the lane mapped at that instant, and a lane leaves the map only while its queue
    // is empty, both atomically per clinic: so one clinic never has two lanes running at once.
    Lane lane = lanes.compute(clinic, (c, l) -> {
      Lane joined = l != null ? l : new Lane();
      joined.queue.add(job);
      return joined;
    });
    boolean interrupted = false;
    // Whoever finds the lane free runs what waits in it; a runner that finishes frees the lane and
    // then wakes the first waiter, so a job queued before that is either run or woken to run.
    while (!job.done) {
      if (lane.busy.compareAndSet(false, true)) {
        try {
          runBatch(lane);
        } finally {
          lane.busy.set(false);
          Job<?> next = lane.queue.peek();
          if (next != null) {
            LockSupport.unpark(next.caller);
          } else {
            lanes.computeIfPresent(clinic, (c, l) -> l == lane && l.queue.isEmpty() ? null : l);
          }
        }
      } else if (!job.done) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return job.result();
  }

  private void runBatch(Lane lane) {
    List<Job<?>> batch = new ArrayList<>();
    for (Job<?> j; batch.size() < MAX_BATCH && (j = lane.queue.poll()) != null; ) {
      batch.add(j);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      decideAndApply(batch);
    } catch (RuntimeException e) {
      for (Job<?> j : batch) {
        if (!j.done) {
          j.fail(e);
        }
      }
    } finally {
      for (Job<?> j : batch) {
        if (j.caller != Thread.currentThread()) {
          LockSupport.unpark(j.caller);
        }
      }
    }
  }

  private void decideAndApply(List<Job<?>> batch) {
    LoadRequest request = batch.get(0).needs;
    for (int i = 1; i < batch.size(); i++) {
      request = request.union(batch.get(i).needs);
    }
    ClinicId clinic = request.clinic();
    ClinicSnapshot facts = kept.facts(request);
    KeptClinics.StandIn standIn = facts == null ? null : standIn(facts, request);
    for (int conflictsMet = 0; ; ) {
      try {
        if (conflictsMet < LOCK_AFTER) {
          attempt(batch, request, standIn);
        } else {
          locked(batch, request);
        }
        for (Job<?> j : batch) {
          j.complete();
        }
        return;
      } catch (WriteConflict conflict) {
        kept.forget(clinic);
        if (++conflictsMet >= MAX_CONFLICTS) {
          throw new QuotaStoreException("apply clinic=" + clinic + ": "
              + conflictsMet + " conflicts in a row", conflict);
        }
        backOff(conflictsMet);
        standIn = null;
      }
    }
  }

  /**
   * {@link #attempt} on a fresh load, holding the clinic in the store ({@link QuotaStore#locked})
   * so that no other instance's write comes between the load and the apply.
   */
  private void locked(List<Job<?>> batch, LoadRequest request) {
    try {
      store.locked(request.clinic(), () -> {
        attempt(batch, request, null);
        return null;
      });
    } catch (RuntimeException e) {
      kept.forget(request.clinic()); // what attempt kept was not committed
      throw e;
    }
  }

  /**
   * Decides the batch on {@code start} (or, when null, on a load of {@code request}), loading
   * more as the decisions ask, and applies the write-set; keeps what the clinic now is.
   *
   * @throws WriteConflict if the clinic moved since it was read; nothing was written
   */
  private void attempt(List<Job<?>> batch, LoadRequest needs, KeptClinics.StandIn start) {
    LoadRequest request = needs;
    KeptClinics.StandIn standIn = start;
    ClinicId clinic = request.clinic();
    while (true) {
      ClinicSnapshot snapshot;
      if (standIn != null) {
        snapshot = standIn.snapshot();
      } else {
        snapshot = store.load(request);
      }
      ClinicTransaction tx;
      LoadRequest wider = null;
      Set<Job<?>> threw = null;
      boolean again;
      do {
        // a decision that throws leaves writes half staged: it is dropped, and the others are
        // decided again on a fresh transaction (decisions only stage writes, so that is safe)
        again = false;
        tx = new ClinicTransaction(snapshot);
        for (Job<?> j : batch) {
          if (threw != null && threw.contains(j)) {
            continue;
          }
          try {
            j.decide(tx);
          } catch (ClinicTransaction.NotLoaded e) {
            wider = e.wider;
            break;
          } catch (RuntimeException e) {
            j.decided(null, e);
            if (threw == null) {
              threw = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            threw.add(j);
            again = true;
            break;
          }
        }
      } while (again);
      if (wider != null) {
        if (standIn == null && wider.equals(request)) {
          throw new IllegalStateException("a decision asked for what was loaded: " + request);
        }
        if (standIn == null) {
          request = wider;
        } else {
          request = request.union(wider);
          standIn = request.expiredAt().isPresent() ? null : standIn(standIn.facts(), request);
        }
        continue;
      }
      Optional<WriteSet> writes = tx.writeSet();
      if (standIn != null) {
        LoadRequest unproven = standIn.unproven(writes);
        if (unproven != null) {
          // what it took to be new was not inserted, so not proven: load just that
          ClinicSnapshot known = overlaid(standIn.facts(), unproven);
          standIn = known == null ? null : KeptClinics.standIn(known, request);
          continue;
        }
      }
      if (writes.isPresent()) {
        try {
          store.apply(writes.get());
        } catch (RuntimeException e) {
          kept.forget(clinic); // a conflict, or a write that may or may not have applied
          throw e;
        }
        kept.applied(snapshot, writes.get());
      } else if (standIn == null) {
        kept.loaded(snapshot);
      }
      return;
    }
  }

  /**
   * {@code facts} answering {@code request}, with what it names that the facts do not hold loaded
   * and laid over them; null when that load finds the clinic moved (then everything is loaded).
   */
  private KeptClinics.StandIn standIn(ClinicSnapshot facts, LoadRequest request) {
    LoadRequest unheld = KeptClinics.unheld(facts, request);
    ClinicSnapshot known = unheld == null ? facts : overlaid(facts, unheld);
    return known == null ? null : KeptClinics.standIn(known, request);
  }

  /**
   * {@code facts} with {@code missing} loaded and laid over them, or null (and the clinic's kept
   * state forgotten) when the load finds the clinic at another version than the facts.
   */
  private ClinicSnapshot overlaid(ClinicSnapshot facts, LoadRequest missing) {
    ClinicSnapshot known = KeptClinics.overlay(facts, store.load(missing));
    if (known == null) {
      kept.forget(facts.clinic());
    }
    return known;
  }

  /** Gives the instance that won a moment, growing with each conflict met in a row. */
  private static void backOff(int conflictsMet) {
    if (conflictsMet > 1) {
      long most = 50_000L << Math.min(conflictsMet - 2, 6);
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(most));
    }
  }

  /** The decisions waiting on one clinic, and whether a caller is running them. */
  private static final class Lane {
    final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean busy = new AtomicBoolean();
  }

  /** One caller's decision and, once run, its outcome. */
  private static final class Job<T> {
    final LoadRequest needs;
    final Decision<T> decision;
    final Thread caller;
    private T pending;
    private RuntimeException pendingFailure;
    private T result;
    private RuntimeException failure;
    volatile boolean done;

    Job(LoadRequest needs, Decision<T> decision, Thread caller) {
      this.needs = needs;
      this.decision = decision;
      this.caller = caller;
    }

    void decide(ClinicTransaction tx) {
      decided(decision.decide(tx), null);
    }

    @SuppressWarnings("unchecked")
    void decided(Object value, RuntimeException e) {
      pending = (T) value;
      pendingFailure = e;
    }

    void complete() {
      result = pending;
      failure = pendingFailure;
      done = true;
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }

    T result() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }
}
