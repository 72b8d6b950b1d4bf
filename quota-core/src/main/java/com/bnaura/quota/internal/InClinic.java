package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.LoadRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The template every write of the engine runs in: "in this clinic, decide this" — the decision runs
 * through the {@link ClinicExecutor} on a snapshot covering what it names, the caches learn the
 * clinic changed, and once its writes applied the listener hears its events and its refusal.
 */
final class InClinic {
  private final ClinicExecutor executor;
  private final QuotaCatalog catalog;
  private final Duration keyRetention;
  private final QuotaListener listener;
  private final QuotaCaches caches;
  private final Runnable outboxWritten;

  /**
   * The template; {@code outboxWritten} runs after each applied write that carried an outbox
   * event.
   */
  InClinic(ClinicExecutor executor, QuotaCatalog catalog, Duration keyRetention,
      QuotaListener listener, QuotaCaches caches, Runnable outboxWritten) {
    this.outboxWritten = outboxWritten;
    this.executor = executor;
    this.catalog = catalog;
    this.keyRetention = keyRetention;
    this.listener = listener;
    this.caches = caches;
  }

  /**
   * Decides {@code work} in the clinic {@code needs} names and returns its step once applied.
   *
   * @throws QuotaStoreException named after {@code action} if the store fails
   */
  <T> Step<T> transaction(String action, LoadRequest needs,
      Function<ClinicTransaction, Step<T>> work) {
    ClinicId clinic = needs.clinic();
    Step<T> step;
    try {
      step = executor.run(needs, work::apply);
    } catch (QuotaStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QuotaStoreException(action + " clinic=" + clinic, e);
    } finally {
      caches.written(clinic);
    }
    if (step != null) {
      for (Runnable event : step.events()) {
        event.run();
      }
      if (step.result() instanceof Refused refused && !step.replayed()) {
        listener.onRefused(refused);
      }
    }
    return step;
  }

  /**
   * Decides a write that carries an idempotency key in the clinic {@code needs} names: a clinic
   * that is not registered is refused, a key used within its retention answers its stored outcome
   * (or {@code IDEMPOTENCY_KEY_REUSED} for other parameters), and otherwise {@code decision}
   * decides on the clinic's session at {@code now}.
   */
  <T> Step<T> keyed(String action, LoadRequest needs, Instant now, IdempotencyKey key,
      String fingerprint, Function<ClinicSession, Step<T>> decision) {
    return transaction(action, needs, tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(Messages.unknownClinic(needs.clinic()));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(key, fingerprint);
      if (replay.isPresent()) {
        @SuppressWarnings("unchecked")
        T stored = (T) replay.get();
        return Step.replayed(stored);
      }
      return withEventsOf(s, decision.apply(s));
    });
  }

  /**
   * {@code step} carrying every event {@code s} queued, or null when {@code step} is null and
   * nothing was queued. A decision that answers a refusal or a replay after its session opened a
   * new period still applies that rollover's writes, so it must deliver the rollover's events.
   */
  static <T> Step<T> withEventsOf(ClinicSession s, Step<T> step) {
    List<Runnable> queued = s.events();
    if (step == null) {
      return queued.isEmpty() ? null : new Step<>(null, queued);
    }
    if (step.events() == queued || queued.isEmpty()) {
      return step;
    }
    List<Runnable> all = new ArrayList<>(queued);
    all.addAll(step.events());
    return new Step<>(step.result(), all, step.replayed());
  }

  /** The clinic's session on {@code tx} at {@code now}, or empty if it is not registered. */
  Optional<ClinicSession> session(ClinicTransaction tx, Instant now) {
    return ClinicSession.open(tx, now, catalog, keyRetention, listener, outboxWritten);
  }

  /** Tells the listener of a refusal decided before any transaction, and returns it. */
  <T> T refused(Refused refused) {
    listener.onRefused(refused);
    @SuppressWarnings("unchecked")
    T result = (T) refused;
    return result;
  }

  /** The clinic id, or the refusal of a bad one thrown. */
  static ClinicId clinicOrThrow(String clinicId) {
    try {
      return new ClinicId(clinicId);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
  }
}
