package com.bnaura.quota;

/**
 * Hears what the quota service did, after the store committed it. Every method is a no-op by
 * default; override the ones you need.
 *
 * <p>Events come in pairs: {@link #onReserved} is followed by exactly one of {@link #onCommitted},
 * {@link #onReleased} (with {@code expired} false) or {@link #onExpired}. A replayed outcome (a
 * retry with the same idempotency key) fires nothing. {@link #onAlert} follows the event of the
 * usage that reached the alert level.
 *
 * <p>Listeners <b>must be fast and must not block</b>: they run on the caller's thread. An exception
 * thrown by a listener is logged at WARN and swallowed; it never fails the call.
 */
public interface QuotaListener {

  /** A listener that ignores everything. */
  QuotaListener NONE = new QuotaListener() {};

  /** Units were held. */
  default void onReserved(Reserved reserved) {}

  /** A reservation became a charge. */
  default void onCommitted(Committed committed) {}

  /** A reservation was released by the caller. */
  default void onReleased(Released released) {}

  /** A reservation expired and its units went back. */
  default void onExpired(Released expired) {}

  /** A one-step charge happened. */
  default void onConsumed(Consumed consumed) {}

  /** A request was refused. */
  default void onRefused(Refused refused) {}

  /** A top-up was bought. */
  default void onToppedUp(ToppedUp toppedUp) {}

  /** A plan change was accepted. */
  default void onPlanChanged(PlanChanged planChanged) {}

  /**
   * A clinic reached an alert level (WARNING, CRITICAL, EXHAUSTED or OVERAGE_STARTED): called once
   * per clinic, period and level, even when several instances share one store, after the usage
   * that reached it was committed. Sending the email, LINE message or webhook is the host's job;
   * hand it to a queue rather than blocking here.
   */
  default void onAlert(QuotaAlert alert) {}
}
