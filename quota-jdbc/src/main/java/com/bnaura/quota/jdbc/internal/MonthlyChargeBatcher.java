package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.MonthlyCharge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Sends the one-statement charges of concurrent callers together: group commit for {@link
 * PostgresMonthlyCharge}.
 *
 * <p>A caller queues its charge, and if fewer than {@code senders} statements are in flight it
 * becomes a sender: it takes up to {@code maxCharges} queued charges on different clinics (its own
 * among them when it is near the head of the queue) and sends them as one statement on one
 * connection, then hands each caller its own answer. Otherwise it waits, and a sender that finishes
 * wakes the caller at the head of the queue to send the next batch. Nobody waits for a batch to
 * fill: a lone caller sends its charge at once, alone; under load, charges that arrived while
 * statements were in flight leave together, so the database commits (and flushes its log) once per
 * batch instead of once per charge.
 *
 * <p>Each charge is still decided on its own rows and written atomically with its ledger entry and
 * key; a caller hears "applied" only after the statement that wrote it committed. A charge on a
 * clinic already in the batch waits for the next one, so one statement never charges a clinic
 * twice. When a statement fails, every caller in it gets the failure (nothing of that statement was
 * written), and the engine runs each charge through its transaction.
 */
final class MonthlyChargeBatcher {
  private final DSLContext dsl;
  private final PostgresMonthlyCharge single;
  private final int maxCharges;
  private final Semaphore senders;
  private final ConcurrentLinkedDeque<Waiting> queue = new ConcurrentLinkedDeque<>();

  /** A charge and the thread waiting for its answer. */
  private static final class Waiting {
    final MonthlyCharge charge;
    final Thread caller;
    Optional<MonthlyCharge.Applied> applied = Optional.empty();
    RuntimeException failure;
    volatile boolean done;

    Waiting(MonthlyCharge charge, Thread caller) {
      this.charge = charge;
      this.caller = caller;
    }

    void answer(Optional<MonthlyCharge.Applied> result) {
      applied = result;
      done = true;
      LockSupport.unpark(caller);
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
      LockSupport.unpark(caller);
    }
  }

  MonthlyChargeBatcher(DSLContext dsl, PostgresMonthlyCharge single, int maxCharges,
      int senders) {
    this.dsl = dsl;
    this.single = single;
    this.maxCharges = maxCharges;
    this.senders = new Semaphore(senders);
  }

  /**
   * Applies {@code charge} in the next statement that has room for it and returns its answer.
   * Waiting is not interruptible: once a charge is queued, a sender may already be writing it, so
   * an interrupt is kept for the caller to see afterwards.
   *
   * @throws DataAccessException if the statement that carried the charge failed
   */
  Optional<MonthlyCharge.Applied> apply(MonthlyCharge charge) {
    Waiting mine = new Waiting(charge, Thread.currentThread());
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
      throw new DataAccessException("one-step charge on clinic " + charge.clinic()
          + " failed in its batch", mine.failure);
    }
    return mine.applied;
  }

  private void sendOneBatch() {
    List<Waiting> batch = take();
    if (batch.isEmpty()) {
      return;
    }
    try {
      if (batch.size() == 1) {
        Waiting only = batch.get(0);
        only.answer(dsl.connectionResult(c -> single.applyOne(c, only.charge)));
        return;
      }
      List<MonthlyCharge> charges = new ArrayList<>(batch.size());
      for (Waiting w : batch) {
        charges.add(w.charge);
      }
      List<Optional<MonthlyCharge.Applied>> answers =
          dsl.connectionResult(c -> single.applyAll(c, charges));
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).answer(answers.get(i));
      }
    } catch (RuntimeException | Error e) {
      RuntimeException failure = e instanceof RuntimeException r ? r
          : new IllegalStateException("batch sender failed", e);
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

  /**
   * Takes from the head of the queue up to {@code maxCharges} charges on different clinics with the
   * same plans as the first; the ones passed over go back to the head in their order.
   */
  private List<Waiting> take() {
    List<Waiting> batch = new ArrayList<>(Math.min(maxCharges, 16));
    List<Waiting> passed = null;
    Set<ClinicId> clinics = new HashSet<>();
    int looked = 0;
    Waiting w;
    while (batch.size() < maxCharges && looked < 2 * maxCharges
        && (w = queue.pollFirst()) != null) {
      looked++;
      if ((batch.isEmpty() || w.charge.plans().equals(batch.get(0).charge.plans()))
          && clinics.add(w.charge.clinic())) {
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
