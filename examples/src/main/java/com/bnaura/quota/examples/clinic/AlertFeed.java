package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest alerts of each clinic for the owner's dashboard: the levels it reached, its
 * recoveries (a top-up or an upgrade lifting it back above a level) and its period resets. The
 * engine sends each once per clinic; a real host would also send them by e-mail, LINE or a
 * webhook from here. The feed lives in memory: after a restart it starts empty, and the dashboard
 * still shows the current level from the quota status.
 */
@Component
class AlertFeed implements QuotaListener {

  static final int KEPT_PER_CLINIC = 20;

  /** Per clinic, newest first: {@link QuotaAlert}, {@link QuotaRecovered} and {@link PeriodReset}. */
  private final Map<String, Deque<Object>> alerts = new ConcurrentHashMap<>();

  @Override
  public void onAlert(QuotaAlert alert) {
    add(alert.clinic().value(), alert);
  }

  @Override
  public void onRecovered(QuotaRecovered recovered) {
    add(recovered.clinic().value(), recovered);
  }

  @Override
  public void onPeriodReset(PeriodReset reset) {
    add(reset.clinic().value(), reset);
  }

  private void add(String clinicId, Object event) {
    Deque<Object> feed = alerts.computeIfAbsent(clinicId, id -> new ArrayDeque<>());
    synchronized (feed) {
      feed.addFirst(event);
      while (feed.size() > KEPT_PER_CLINIC) {
        feed.removeLast();
      }
    }
  }

  /**
   * The clinic's feed, newest first: each a {@link QuotaAlert}, a {@link QuotaRecovered} or a
   * {@link PeriodReset}.
   */
  List<Object> of(String clinicId) {
    Deque<Object> feed = alerts.get(clinicId);
    if (feed == null) {
      return List.of();
    }
    synchronized (feed) {
      return new ArrayList<>(feed);
    }
  }
}
