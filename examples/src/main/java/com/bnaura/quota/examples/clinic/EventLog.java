package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The demo's receiver of the outbox's events: it logs each at INFO with its id and type. Being a
 * {@link QuotaEventListener} bean, it is registered under its bean name {@value #NAME}, and the
 * quota service's dispatcher delivers every event to it at least once, after the change
 * committed. A real host sends the owner a LINE message or an e-mail here; it drops a repeat by
 * {@link QuotaEvent#id()}, and throws to have the event delivered again later.
 */
@Component(EventLog.NAME)
class EventLog implements QuotaEventListener {

  /** The listener's name, kept with every event it accepted. */
  static final String NAME = "clinicEventLog";

  private static final Logger log = LoggerFactory.getLogger(EventLog.class);

  @Override
  public void onEvent(QuotaEvent event) {
    log.info("quota event {} {} of clinic {} at {}{}", event.id(), event.type().wireName(),
        event.clinic().value(), event.occurredAt(), event.critical() ? " (critical)" : "");
  }
}
