package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;

/**
 * Counts, per thread, the events the quota service fired, so that {@link ObservedQuotaService} can
 * tell a replay from a first answer: the service fires an event for every outcome it decides
 * (a refusal included) on the caller's thread before the call returns, and none for a replayed
 * outcome ({@link QuotaListener}'s contract). It only counts when it is one of the service's
 * listeners, which the auto-configured service makes it.
 */
final class QuotaEventCounter implements QuotaListener {

  private final ThreadLocal<long[]> events = ThreadLocal.withInitial(() -> new long[1]);

  /** The events fired on this thread so far. */
  long count() {
    return events.get()[0];
  }

  private void fired() {
    events.get()[0]++;
  }

  @Override
  public void onReserved(Reserved reserved) {
    fired();
  }

  @Override
  public void onCommitted(Committed committed) {
    fired();
  }

  @Override
  public void onReleased(Released released) {
    fired();
  }

  @Override
  public void onExpired(Released expired) {
    fired();
  }

  @Override
  public void onConsumed(Consumed consumed) {
    fired();
  }

  @Override
  public void onRefused(Refused refused) {
    fired();
  }

  @Override
  public void onToppedUp(ToppedUp toppedUp) {
    fired();
  }

  @Override
  public void onPlanChanged(PlanChanged planChanged) {
    fired();
  }
}
