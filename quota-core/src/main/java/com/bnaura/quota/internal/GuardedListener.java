package com.bnaura.quota.internal;

import com.bnaura.quota.AutoTopUpCeilingReached;
import com.bnaura.quota.AutoTopUpFailed;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the host's listeners; a listener that throws is logged at WARN and skipped. */
final class GuardedListener implements QuotaListener {
  private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

  private final List<QuotaListener> listeners;

  GuardedListener(List<QuotaListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<QuotaListener> call) {
    for (QuotaListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("quota listener {} failed on {}; ignored", listener, event, e);
      }
    }
  }

  @Override
  public void onReserved(Reserved reserved) {
    each("onReserved", l -> l.onReserved(reserved));
  }

  @Override
  public void onCommitted(Committed committed) {
    each("onCommitted", l -> l.onCommitted(committed));
  }

  @Override
  public void onReleased(Released released) {
    each("onReleased", l -> l.onReleased(released));
  }

  @Override
  public void onExpired(Released expired) {
    each("onExpired", l -> l.onExpired(expired));
  }

  @Override
  public void onConsumed(Consumed consumed) {
    each("onConsumed", l -> l.onConsumed(consumed));
  }

  @Override
  public void onRefused(Refused refused) {
    each("onRefused", l -> l.onRefused(refused));
  }

  @Override
  public void onToppedUp(ToppedUp toppedUp) {
    each("onToppedUp", l -> l.onToppedUp(toppedUp));
  }

  @Override
  public void onPlanChanged(PlanChanged planChanged) {
    each("onPlanChanged", l -> l.onPlanChanged(planChanged));
  }

  @Override
  public void onAlert(QuotaAlert alert) {
    each("onAlert", l -> l.onAlert(alert));
  }

  @Override
  public void onRecovered(QuotaRecovered recovered) {
    each("onRecovered", l -> l.onRecovered(recovered));
  }

  @Override
  public void onPeriodReset(PeriodReset reset) {
    each("onPeriodReset", l -> l.onPeriodReset(reset));
  }

  @Override
  public void onAutoTopUpRequested(AutoTopUpPayment payment) {
    each("onAutoTopUpRequested", l -> l.onAutoTopUpRequested(payment));
  }

  @Override
  public void onAutoTopUpFailed(AutoTopUpFailed failed) {
    each("onAutoTopUpFailed", l -> l.onAutoTopUpFailed(failed));
  }

  @Override
  public void onAutoTopUpCeilingReached(AutoTopUpCeilingReached reached) {
    each("onAutoTopUpCeilingReached", l -> l.onAutoTopUpCeilingReached(reached));
  }
}
