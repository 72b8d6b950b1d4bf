package com.bnaura.quota;

/**
 * Hears what the quota service did, after the store committed it. Every method is a no-op by
 * default; override the ones you need.
 *
 * <p>Events come in pairs: {@link #onReserved} is followed by exactly one of {@link #onCommitted},
 * {@link #onReleased} (with {@code expired} false) or {@link #onExpired}. A replayed outcome (a
 * retry with the same idempotency key) fires nothing. {@link #onAlert} follows the event of the
 * usage that reached the alert level, {@link #onRecovered} the event of the write that lifted the
 * clinic back above it. {@link #onPeriodReset} comes first, before the event of the write that
 * opened the new period.
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

  /**
   * A charge was refunded or disputed, or a grant voided, after the write was committed. A void
   * calls it when its units went, before its money is paid back.
   */
  default void onReversed(Reversed reversed) {}

  /** A plan change was accepted. */
  default void onPlanChanged(PlanChanged planChanged) {}

  /**
   * A clinic reached an alert level (WARNING, CRITICAL, EXHAUSTED or OVERAGE_STARTED): called once
   * per clinic, period and level, even when several instances share one store, after the usage
   * that reached it was committed. Sending the email, LINE message or webhook is the host's job;
   * hand it to a queue rather than blocking here.
   */
  default void onAlert(QuotaAlert alert) {}

  /**
   * A clinic is back above alert levels it had reached this period, after a top-up, a plan change,
   * or units held by a reservation coming back: called once per recovery, even when several
   * instances share one store, after the write that raised the balance was committed. The levels
   * it names are armed again, so a later fall below them calls {@link #onAlert} once more.
   */
  default void onRecovered(QuotaRecovered recovered) {}

  /**
   * A clinic's period ended and the next one opened, with the monthly units that expired unused
   * and the add-on that carried over: called once per clinic and reset, even when several
   * instances share one store, after the write that opened the new period was committed.
   */
  default void onPeriodReset(PeriodReset reset) {}

  /**
   * A charge left the clinic at or below its auto top-up threshold and a payment was requested in
   * the same write; the instance that wrote it pays it next, off the caller's thread.
   */
  default void onAutoTopUpRequested(AutoTopUpPayment payment) {}

  /**
   * An auto top-up payment failed: nothing granted, auto top-up switched off. Alert the owner.
   */
  default void onAutoTopUpFailed(AutoTopUpFailed failed) {}

  /** The monthly ceiling stopped an auto top-up; once per period. */
  default void onAutoTopUpCeilingReached(AutoTopUpCeilingReached reached) {}
}
