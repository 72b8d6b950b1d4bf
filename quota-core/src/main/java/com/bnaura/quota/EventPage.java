package com.bnaura.quota;

import java.util.List;
import java.util.Objects;

/**
 * One page of a clinic's events, read by cursor ({@link QuotaService#events}).
 *
 * @param events the events, in the order the clinic's changes committed
 * @param next the cursor to read the following page from: the last event's position, or the
 *     cursor given when the page is empty
 * @param more whether more events were stored past this page when it was read
 */
public record EventPage(List<QuotaEvent> events, String next, boolean more) {

  /** Validates and copies. */
  public EventPage {
    events = List.copyOf(events);
    Objects.requireNonNull(next, "next");
  }
}
