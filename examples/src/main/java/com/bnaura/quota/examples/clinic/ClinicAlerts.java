package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.EventPage;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The latest alerts of a clinic for its owner's dashboard, read from the outbox: the levels it
 * reached, its recoveries (a top-up or an upgrade lifting it back above a level) and its period
 * resets. The engine writes each with the change it tells of, so the list is the same after a
 * restart and on every instance that shares the database; delivered events are kept for the
 * service's event retention (30 days by default).
 */
@Component
class ClinicAlerts {

  /** How many entries the list shows. */
  static final int KEPT = 20;

  /** The page the clinic's events are read in. */
  private static final int PAGE = 1_000;

  private final QuotaService quotas;

  ClinicAlerts(QuotaService quotas) {
    this.quotas = quotas;
  }

  /**
   * The clinic's latest {@value #KEPT} alerts, recoveries and period resets, newest first. The
   * outbox is read by cursor from its oldest kept event, the way it is written: the list keeps
   * the last ones it passes.
   */
  List<QuotaEvent> latest(String clinicId) {
    Deque<QuotaEvent> kept = new ArrayDeque<>();
    String after = null;
    EventPage page;
    do {
      page = quotas.events(clinicId, after, PAGE);
      for (QuotaEvent event : page.events()) {
        if (EventViews.inAlertList(event.type())) {
          kept.addFirst(event);
          if (kept.size() > KEPT) {
            kept.removeLast();
          }
        }
      }
      after = page.next();
    } while (page.more());
    return List.copyOf(kept);
  }
}
