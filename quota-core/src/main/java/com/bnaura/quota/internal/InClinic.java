package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.LoadRequest;
import java.time.Duration;
import java.time.Instant;
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

  InClinic(ClinicExecutor executor, QuotaCatalog catalog, Duration keyRetention,
      QuotaListener listener, QuotaCaches caches) {
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

  /** The clinic's session on {@code tx} at {@code now}, or empty if it is not registered. */
  Optional<ClinicSession> session(ClinicTransaction tx, Instant now) {
    return ClinicSession.open(tx, now, catalog, keyRetention, listener);
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
