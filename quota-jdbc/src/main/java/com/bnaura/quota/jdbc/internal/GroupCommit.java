package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the write-sets of concurrent callers together: group commit, one transaction and one
 * commit (one log flush; on H2 one file write) for many write-sets on different clinics.
 *
 * <p>A caller queues its write-set, and if fewer than {@code maxInFlight} transactions are in
 * flight it becomes a sender: it takes up to {@code maxWriteSets} queued write-sets on different
 * clinics (its own among them when it is near the head of the queue), writes them as one JDBC
 * batch in one transaction, commits, and hands each caller its own answer. Otherwise it waits, and
 * a sender that finishes wakes the caller at the head of the queue to send the next batch. Nobody
 * waits for a batch to fill: a lone caller sends its write-set at once, alone; under load, the
 * write-sets that arrived while transactions were in flight leave together.
 *
 * <p>Each write-set still applies or conflicts on its own. When some did not match (their clinic
 * moved), the transaction is rolled back, those callers hear {@link WriteConflict}, and the rest
 * are sent again without them. When the batch fails before its commit (a duplicate key, a
 * deadlock, a broken connection) or at it, it is rolled back and each write-set is applied alone, so
 * a duplicate key is one caller's conflict and a transient failure is retried. A commit whose
 * outcome is unknown is safe to follow that way: a write-set it did commit meets, alone, the
 * version it moved its clinic to and conflicts, and the engine's new decision replays it.
 *
 * <p>The write-sets of one transaction are written in clinic order, so two transactions in flight
 * take their clinics' account rows in the same order and cannot deadlock on each other.
 */
final class GroupCommit {
  private final JdbcStoreSupport store;
  private final int maxWriteSets;
  private final Semaphore senders;
  private final ConcurrentLinkedDeque<Waiting> queue = new ConcurrentLinkedDeque<>();

  /** A write-set and the thread waiting for its answer. */
  private static final class Waiting {
    final WriteSet writes;
    final Thread caller;
    RuntimeException failure;
    volatile boolean done;

    Waiting(WriteSet writes, Thread caller) {
      this.writes = writes;
      this.caller = caller;
    }

    void applied() {
      done = true;
      LockSupport.unpark(caller);
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
      LockSupport.unpark(caller);
    }
  }

  GroupCommit(JdbcStoreSupport store, int maxWriteSets, int maxInFlight) {
    this.store = store;
    this.maxWriteSets = maxWriteSets;
    this.senders = new Semaphore(maxInFlight);
  }

  /**
   * Applies {@code writes} in the next transaction that has room for it. Waiting is not
   * interruptible: once a write-set is queued, a sender may already be writing it, so an interrupt
   * is kept for the caller to see afterwards.
   *
   * @throws WriteConflict if the write-set conflicted; nothing of it was written
   * @throws com.bnaura.quota.QuotaStoreException if the database failed
   */
  void apply(WriteSet writes) {
    Waiting mine = new Waiting(writes, Thread.currentThread());
    queue.addLast(mine);
    boolean interrupted = false;
    while (!mine.done) {
      if (senders.tryAcquire()) {
        try {
          sendOneBatch();
        } finally {
          senders.release();
          Waiting next = queue.peekFirst();
          if (next != null) {
            LockSupport.unpark(next.caller);
          }
        }
      } else {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void sendOneBatch() {
    List<Waiting> batch = take();
    if (batch.isEmpty()) {
      return;
    }
    try {
      send(batch);
    } catch (RuntimeException | Error e) {
      RuntimeException failure = e instanceof RuntimeException r ? r
          : new IllegalStateException("group commit sender failed", e);
      for (Waiting w : batch) {
        if (!w.done) {
          w.fail(failure);
        }
      }
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  private void send(List<Waiting> batch) {
    List<Waiting> pending = new ArrayList<>(batch);
    pending.sort(Comparator.comparing(w -> w.writes.clinic().value()));
    while (pending.size() > 1) {
      List<WriteSet> writes = new ArrayList<>(pending.size());
      for (Waiting w : pending) {
        writes.add(w.writes);
      }
      JdbcStoreSupport.Outcome outcome;
      try {
        outcome = store.once(writes);
      } catch (JdbcStoreSupport.Failed f) {
        // rolled back, or (at the commit) unknown: alone, each write-set that did commit meets
        // its moved version and conflicts, so it is decided again and replayed, not applied twice
        if (SqlFailures.retryable(f.failure())) {
          store.countRetry();
        }
        for (Waiting w : pending) {
          alone(w);
        }
        return;
      }
      if (outcome.conflicts.isEmpty()) {
        pending.forEach(Waiting::applied);
        return;
      }
      List<Waiting> rest = new ArrayList<>(pending.size());
      for (int i = 0; i < pending.size(); i++) {
        String conflict = outcome.conflicts.get(i);
        if (conflict != null) {
          pending.get(i).fail(new WriteConflict(pending.get(i).writes.clinic(), conflict));
        } else {
          rest.add(pending.get(i));
        }
      }
      pending = rest;
    }
    if (pending.size() == 1) {
      alone(pending.get(0));
    }
  }

  private void alone(Waiting w) {
    try {
      store.applyAlone(w.writes);
      w.applied();
    } catch (RuntimeException e) {
      w.fail(e);
    }
  }

  /**
   * Takes from the head of the queue up to {@code maxWriteSets} write-sets on different clinics;
   * the ones passed over go back to the head in their order.
   */
  private List<Waiting> take() {
    Waiting first = queue.pollFirst();
    if (first == null) {
      return List.of();
    }
    Waiting next = queue.pollFirst();
    if (next == null) {
      return List.of(first);
    }
    List<Waiting> batch = new ArrayList<>(Math.min(maxWriteSets, 16));
    List<Waiting> passed = null;
    Set<ClinicId> clinics = new HashSet<>();
    batch.add(first);
    clinics.add(first.writes.clinic());
    queue.addFirst(next);
    int looked = 1;
    Waiting w;
    while (batch.size() < maxWriteSets && looked < 2 * maxWriteSets
        && (w = queue.pollFirst()) != null) {
      looked++;
      if (clinics.add(w.writes.clinic())) {
        batch.add(w);
      } else {
        if (passed == null) {
          passed = new ArrayList<>();
        }
        passed.add(w);
      }
    }
    if (passed != null) {
      for (int i = passed.size() - 1; i >= 0; i--) {
        queue.addFirst(passed.get(i));
      }
    }
    return batch;
  }
}
