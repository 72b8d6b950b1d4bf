package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaService;
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

  private final QuotaService quotas;

  ClinicAlerts(QuotaService quotas) {
    this.quotas = quotas;
  }

  /** The clinic's latest {@value #KEPT} alerts, recoveries and period resets, newest first. */
  List<QuotaEvent> latest(String clinicId) {
    return quotas.latestEvents(clinicId, EventViews.ALERT_LIST, KEPT);
  }
}
