package com.bnaura.quota.internal;

import com.bnaura.quota.EventPage;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outbox's rules: what an announced event becomes as a row written with the change (its
 * type, data, id, position, and the hold of a non-critical alert in the clinic's quiet hours),
 * and how rows read back as {@link QuotaEvent}s by cursor.
 */
final class Outbox {
  private static final Pattern CURSOR = Pattern.compile("(\\d{1,18})\\.(\\d{1,9})");

  /** The most events one page reads. */
  static final int MAX_PAGE = 1_000;

  /** An event announced by a decision, before its write-set gives it a position. */
  record Draft(EventPayloads.Payload payload, Instant occurredAt, Instant deliverAfter) {}

  private Outbox() {}

  /**
   * {@code event}, announced at {@code now} by a decision on {@code account}: a non-critical
   * alert raised in the clinic's quiet hours is held until the clinic opens.
   */
  static Draft draft(Object event, AccountRecord account, Instant now) {
    EventPayloads.Payload payload = EventPayloads.of(event);
    Instant deliverAfter = now;
    Optional<QuietHours> quiet = account.quietHours();
    if (payload.alert() && !payload.critical() && quiet.isPresent()) {
      deliverAfter = quiet.get().holdUntil(now, account.zone()).orElse(now);
    }
    return new Draft(payload, now, deliverAfter);
  }

  /**
   * The row of {@code draft}, the {@code index}-th event of the write-set that moves the clinic
   * to {@code version}. Its id is a name-based UUID of the clinic, the account's creation and the
   * position: the same for every delivery and never that of another event.
   */
  static EventRecord row(Draft draft, AccountRecord account, long version, int index) {
    String name = account.clinic().value() + "\n" + account.createdAt() + "\n" + version + "\n"
        + index;
    String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    return EventRecord.written(id, account.clinic(), version, index,
        draft.payload().type().wireName(), draft.payload().critical(), draft.occurredAt(),
        draft.deliverAfter(), draft.payload().data());
  }

  /** The public form of a stored event. */
  static QuotaEvent event(EventRecord r) {
    QuotaEventType type = QuotaEventType.ofWireName(r.type()).orElseThrow(() ->
        new IllegalStateException("event " + r.id() + " has an unknown type " + r.type()));
    return new QuotaEvent(r.id(), r.clinic(), type, position(r.version(), r.index()),
        r.occurredAt(), r.critical(), r.deliverAfter(), r.payload(), r.state(), r.attempts(),
        r.lastError());
  }

  static String position(long version, int index) {
    return version + "." + index;
  }

  /**
   * Up to {@code limit} events of {@code clinic} after {@code after} (a position, or empty or
   * {@code null} for the first).
   *
   * @throws InvalidArgumentException naming {@code after} or {@code limit}
   */
  static EventPage page(QuotaStore store, ClinicId clinic, String after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidArgumentException("limit", "must be 1 to " + MAX_PAGE);
    }
    long version = 0;
    int index = 0;
    String from = after == null ? "" : after;
    if (!from.isEmpty()) {
      Matcher m = from.length() <= 40 ? CURSOR.matcher(from) : null;
      if (m == null || !m.matches()) {
        throw new InvalidArgumentException("after",
            "must be a position such as 42.0, as an event or page gave it");
      }
      version = Long.parseLong(m.group(1));
      index = Integer.parseInt(m.group(2));
    }
    List<EventRecord> rows = store.events(clinic, version, index, limit + 1);
    boolean more = rows.size() > limit;
    List<QuotaEvent> events = new ArrayList<>();
    for (EventRecord r : more ? rows.subList(0, limit) : rows) {
      events.add(event(r));
    }
    String next = events.isEmpty() ? from : events.get(events.size() - 1).position();
    return new EventPage(events, next, more);
  }

  /** A dead event made due again now, with its attempts counted afresh. */
  static EventRecord revived(EventRecord dead, Instant now) {
    return dead.withDelivery(DeliveryState.PENDING, 0, now, dead.deliveredTo(),
        dead.lastError());
  }
}
