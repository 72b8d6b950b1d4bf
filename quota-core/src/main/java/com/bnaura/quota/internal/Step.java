package com.bnaura.quota.internal;

import com.bnaura.quota.Refused;
import java.util.List;

/**
 * A decision's result and the listener calls to make once its writes applied.
 *
 * @param result the result handed to the caller
 * @param events the listener calls, in order
 * @param replayed whether the result is a stored outcome replayed for a retried key
 */
record Step<T>(T result, List<Runnable> events, boolean replayed) {
  Step(T result, List<Runnable> events) {
    this(result, events, false);
  }

  static <T> Step<T> refusal(Refused refused) {
    @SuppressWarnings("unchecked")
    T result = (T) refused;
    return new Step<>(result, List.of());
  }

  static <T> Step<T> replayed(T result) {
    return new Step<>(result, List.of(), true);
  }
}
