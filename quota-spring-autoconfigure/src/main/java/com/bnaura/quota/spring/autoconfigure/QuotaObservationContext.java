package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.Refused;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an observation of one quota call knows: the operation ({@code reserve}, {@code commit},
 * {@code release}, {@code consume}, {@code record-usage}, {@code cached-answer}, {@code top-up},
 * {@code plan-change}, {@code reversal} or {@code void}), the kind of store, and once the call returned, its result and whether it
 * was a replay. A call that threw has no result; the observation carries the exception ({@link
 * #getError()}).
 *
 * <p>It never holds the request: clinic, user and customer ids stay out of the observation, so a
 * {@link QuotaObservationConvention} cannot make them tags by mistake.
 */
public final class QuotaObservationContext extends Observation.Context {

  private final String operation;
  private final String store;
  private Object result;
  private Boolean replayed;

  /**
   * The context of a call of {@code operation} against a store of kind {@code store}.
   *
   * @param operation the quota operation, e.g. {@code reserve}
   * @param store the kind of store, e.g. {@code JdbcQuotaStore}
   */
  public QuotaObservationContext(String operation, String store) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The quota operation, e.g. {@code reserve}. */
  public String operation() {
    return operation;
  }

  /** The kind of store the service writes to, e.g. {@code JdbcQuotaStore}. */
  public String store() {
    return store;
  }

  /** The call's result ({@code Reserved}, {@code Refused}, ...), empty while it runs or if it threw. */
  public Optional<Object> result() {
    return Optional.ofNullable(result);
  }

  /** The refusal the call returned, if it returned one. */
  public Optional<Refused> refusal() {
    return result instanceof Refused refused ? Optional.of(refused) : Optional.empty();
  }

  /**
   * Whether the result replays an earlier outcome for the same idempotency key or reservation;
   * empty when the service cannot tell (it was not built with the auto-configuration's
   * listeners).
   */
  public Optional<Boolean> replayed() {
    return Optional.ofNullable(replayed);
  }

  void completed(Object result, Boolean replayed) {
    this.result = result;
    this.replayed = replayed;
  }
}
