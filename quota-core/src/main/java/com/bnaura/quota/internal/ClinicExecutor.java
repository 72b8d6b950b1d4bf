package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * throws has its writes undone and its caller gets the exception; the others go on.
 *
 * <p>After each write-set it applied, the executor keeps the clinic's account and current period
 * as they now stand, at their new version. A decision that writes its idempotency key whatever it
 * decides, and names no reservation, customer or other period, is decided on that kept state
 * without a load, taking its key to be new: if another instance moved the clinic, or the key exists
 * after all, the apply conflicts (a version check, a duplicate key), the kept state is dropped, and
 * the decision is made again on a fresh load. The store's check at apply is the authority, so a
 * stale kept state never grants a unit.
 */
final class ClinicExecutor {
  static final int MAX_BATCH = 64;
  /** Conflicts one batch may meet before the call fails: another instance keeps winning. */
  static final int MAX_CONFLICTS = 64;

  /** How many clinics' states are kept for decisions without a load. */
  static final int KEPT_CLINICS = 50_000;

  private final QuotaStore store;
  private final ConcurrentHashMap<ClinicId, Lane> lanes = new ConcurrentHashMap<>();
  private final Cache<ClinicId, ClinicSnapshot> kept =
      Caffeine.newBuilder().maximumSize(KEPT_CLINICS).build();
  private final AtomicLong loadsSkipped = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();

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
    return run(needs, decision, false);
  }

  /**
   * Like {@link #run(LoadRequest, Decision)}, for a decision that writes its idempotency key
   * whatever it decides ({@code writesItsKey}): it may be decided on the state kept after this
   * instance's last write to the clinic, without a load (see the class comment).
   */
  <T> T run(LoadRequest needs, Decision<T> decision, boolean writesItsKey) {
    Job<T> job = new Job<>(needs, decision, writesItsKey, Thread.currentThread());
    ClinicId clinic = needs.clinic();
    Lane lane = lanes.computeIfAbsent(clinic, c -> new Lane());
    lane.queue.add(job);
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
            lanes.remove(clinic, lane);
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

  /** How many write-sets met a conflict and were decided again, since this engine was built. */
  long conflicts() {
    return conflicts.get();
  }

  /** How many batches were decided on a kept state instead of a load. */
  long loadsSkipped() {
    return loadsSkipped.get();
  }

  /** How many decisions were applied in a write-set together with an earlier one. */
  long coalesced() {
    return coalesced.get();
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
    boolean mayUseKept = true;
    for (int i = 0; i < batch.size(); i++) {
      Job<?> j = batch.get(i);
      request = i == 0 ? request : request.union(j.needs);
      mayUseKept &= j.writesItsKey;
    }
    ClinicId clinic = request.clinic();
    ClinicSnapshot snapshot = mayUseKept ? keptFor(request) : null;
    boolean fromKept = snapshot != null;
    int conflictsMet = 0;
    while (true) {
      if (snapshot == null) {
        snapshot = store.load(request);
        fromKept = false;
      } else if (fromKept) {
        loadsSkipped.incrementAndGet();
      }
      ClinicTransaction tx = new ClinicTransaction(snapshot);
      LoadRequest wider = null;
      for (Job<?> j : batch) {
        tx.mark();
        try {
          j.decide(tx);
        } catch (ClinicTransaction.NotLoaded e) {
          wider = e.wider;
          break;
        } catch (RuntimeException e) {
          tx.rollback();
          j.decided(null, e);
        }
      }
      if (wider != null) {
        if (wider.equals(request) && !fromKept) {
          throw new IllegalStateException("a decision asked for what was loaded: " + request);
        }
        request = wider;
        snapshot = null;
        continue;
      }
      Optional<WriteSet> writes = tx.writeSet();
      if (fromKept && !insertsEveryKey(writes, request)) {
        // only an insert proves a key new: a decision that did not write its key is made on a load
        snapshot = null;
        continue;
      }
      if (writes.isPresent()) {
        try {
          store.apply(writes.get());
        } catch (WriteConflict conflict) {
          kept.invalidate(clinic);
          conflicts.incrementAndGet();
          if (++conflictsMet >= MAX_CONFLICTS) {
            throw new QuotaStoreException("apply clinic=" + clinic + ": "
                + conflictsMet + " conflicts in a row", conflict);
          }
          backOff(conflictsMet);
          snapshot = null;
          continue;
        } catch (RuntimeException e) {
          kept.invalidate(clinic); // the write may or may not have applied
          throw e;
        }
        keep(snapshot, writes.get());
      } else if (!fromKept) {
        keep(snapshot);
      }
      if (batch.size() > 1) {
        coalesced.addAndGet(batch.size() - 1L);
      }
      for (Job<?> j : batch) {
        j.complete();
      }
      return;
    }
  }

  private static boolean insertsEveryKey(Optional<WriteSet> writes, LoadRequest request) {
    if (writes.isEmpty()) {
      return request.keys().isEmpty();
    }
    Set<IdempotencyKey> inserted = new HashSet<>();
    for (WriteSet.Row<IdempotencyRecord> row : writes.get().keys()) {
      if (row.inserted()) {
        inserted.add(row.row().key());
      }
    }
    return inserted.containsAll(request.keys());
  }

  /** The kept state of the request's clinic as a snapshot answering {@code request}, if kept. */
  private ClinicSnapshot keptFor(LoadRequest request) {
    if (!request.reservations().isEmpty() || !request.customers().isEmpty()
        || !request.periodStarts().isEmpty() || request.expiredAt().isPresent()) {
      return null;
    }
    ClinicSnapshot state = kept.getIfPresent(request.clinic());
    if (state == null) {
      return null;
    }
    return new ClinicSnapshot(request, state.account(), state.version(), state.ledgerSize(),
        state.periods(), Map.of(), Map.of(), Map.of(), List.of());
  }

  /** The kept state of {@code clinic}: its account and current period at {@code version}. */
  private static ClinicSnapshot state(ClinicId clinic, AccountRecord account, long version,
      long ledgerSize, PeriodRecord current) {
    return new ClinicSnapshot(LoadRequest.of(clinic), Optional.of(account), version, ledgerSize,
        Map.of(current.period().start(), current), Map.of(), Map.of(), Map.of(), List.of());
  }

  /** Keeps what {@code snapshot} loaded of the account and its current period. */
  private void keep(ClinicSnapshot snapshot) {
    Optional<AccountRecord> account = snapshot.account();
    if (account.isEmpty()) {
      return;
    }
    PeriodRecord current = snapshot.periods().get(account.get().currentPeriod().start());
    if (current != null) {
      kept.put(snapshot.clinic(), state(snapshot.clinic(), account.get(),
          snapshot.version(), snapshot.ledgerSize(), current));
    }
  }

  /** Keeps the account and current period as {@code writes}, read on {@code snapshot}, left them. */
  private void keep(ClinicSnapshot snapshot, WriteSet writes) {
    AccountRecord account = writes.account();
    Instant start = account.currentPeriod().start();
    PeriodRecord current = null;
    for (WriteSet.Row<PeriodRecord> row : writes.periods()) {
      if (row.row().period().start().equals(start)) {
        current = row.row();
      }
    }
    if (current == null) {
      current = snapshot.periods().get(start);
    }
    if (current == null) {
      kept.invalidate(writes.clinic());
      return;
    }
    kept.put(writes.clinic(), state(writes.clinic(), account, writes.nextVersion(),
        writes.ledgerSize() + writes.ledger().size(), current));
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
    final boolean writesItsKey;
    final Thread caller;
    private T pending;
    private RuntimeException pendingFailure;
    private T result;
    private RuntimeException failure;
    volatile boolean done;

    Job(LoadRequest needs, Decision<T> decision, boolean writesItsKey, Thread caller) {
      this.needs = needs;
      this.decision = decision;
      this.writesItsKey = writesItsKey;
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
