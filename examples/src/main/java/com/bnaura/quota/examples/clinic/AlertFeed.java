package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest alerts of each clinic for the owner's dashboard. The engine fires each level
 * once per clinic per period; a real host would also send them by e-mail, LINE or a webhook from
 * here. The feed lives in memory: after a restart it starts empty, and the dashboard still shows
 * the current level from the quota status.
 */
@Component
class AlertFeed implements QuotaListener {

  static final int KEPT_PER_CLINIC = 20;

  private final Map<String, Deque<QuotaAlert>> alerts = new ConcurrentHashMap<>();

  @Override
  public void onAlert(QuotaAlert alert) {
    Deque<QuotaAlert> feed = alerts.computeIfAbsent(alert.clinic().value(),
        id -> new ArrayDeque<>());
    synchronized (feed) {
      feed.addFirst(alert);
      while (feed.size() > KEPT_PER_CLINIC) {
        feed.removeLast();
      }
    }
  }

  /** The clinic's alerts, newest first. */
  List<QuotaAlert> of(String clinicId) {
    Deque<QuotaAlert> feed = alerts.get(clinicId);
    if (feed == null) {
      return List.of();
    }
    synchronized (feed) {
      return new ArrayList<>(feed);
    }
  }
}
