package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One event in the outbox: written in the same {@link WriteSet} as the change it tells of, then
 * delivered by the dispatcher, which changes only its delivery fields ({@link #state},
 * {@link #attempts}, {@link #nextAttemptAt}, {@link #deliveredTo}, {@link #lastError}).
 *
 * <p>{@link #version} and {@link #index} place the event among the clinic's events: the version
 * the write-set moved the clinic to, and the event's place within it. That order is the order
 * the clinic's changes committed, so a cursor over it never skips one.
 *
 * @param id the event's stable id, the same on every delivery: receivers drop a duplicate by it
 * @param clinic the clinic
 * @param version the clinic's version once the change applied
 * @param index the event's place among those of the same version, from 0
 * @param type the event's type name, such as {@code alert}
 * @param critical whether it is delivered even in the clinic's quiet hours
 * @param occurredAt when the change happened
 * @param deliverAfter the earliest instant it is delivered: after the clinic's quiet hours for a
 *     non-critical alert, {@code occurredAt} otherwise
 * @param payload the event's data as a JSON object
 * @param state its delivery state
 * @param attempts how many delivery attempts it has had
 * @param nextAttemptAt when it is next due; a claim moves this to the claim's end
 * @param deliveredTo the sinks that have accepted it
 * @param lastError the last failure, at most {@link #MAX_ERROR_LENGTH} characters
 */
public record EventRecord(
    String id,
    ClinicId clinic,
    long version,
    int index,
    String type,
    boolean critical,
    Instant occurredAt,
    Instant deliverAfter,
    String payload,
    DeliveryState state,
    int attempts,
    Instant nextAttemptAt,
    Set<String> deliveredTo,
    Optional<String> lastError) {

  /** The longest failure text kept. */
  public static final int MAX_ERROR_LENGTH = 500;

  /** A sink's name: letters, digits, dot, dash, underscore and colon, 1 to 64 characters. */
  public static final Pattern SINK_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** Validates and copies; {@link #deliveredTo} is kept sorted. */
  public EventRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(deliverAfter, "deliverAfter");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
    if (id.isEmpty() || id.length() > 64) {
      throw new IllegalArgumentException("an event id has 1 to 64 characters");
    }
    if (version < 1 || index < 0 || attempts < 0) {
      throw new IllegalArgumentException("version from 1, index and attempts from 0");
    }
    for (String sink : deliveredTo) {
      if (!SINK_NAME.matcher(sink).matches()) {
        throw new IllegalArgumentException("not a sink name: " + sink);
      }
    }
    deliveredTo = Collections.unmodifiableSortedSet(new TreeSet<>(deliveredTo));
    lastError = lastError.map(e -> e.length() > MAX_ERROR_LENGTH
        ? e.substring(0, MAX_ERROR_LENGTH) : e);
  }

  /**
   * A new event as a change writes it: pending, no attempts, due at {@code deliverAfter}.
   */
  public static EventRecord written(String id, ClinicId clinic, long version, int index,
      String type, boolean critical, Instant occurredAt, Instant deliverAfter, String payload) {
    return new EventRecord(id, clinic, version, index, type, critical, occurredAt, deliverAfter,
        payload, DeliveryState.PENDING, 0, deliverAfter, Set.of(), Optional.empty());
  }

  /** This event with new delivery fields. */
  public EventRecord withDelivery(DeliveryState state, int attempts, Instant nextAttemptAt,
      Set<String> deliveredTo, Optional<String> lastError) {
    return new EventRecord(id, clinic, version, index, type, critical, occurredAt, deliverAfter,
        payload, state, attempts, nextAttemptAt, deliveredTo, lastError);
  }

  /** This event claimed until {@code until}: no other claim takes it before then. */
  public EventRecord claimedUntil(Instant until) {
    return withDelivery(state, attempts, until, deliveredTo, lastError);
  }

  /** The sinks it has been delivered to, joined by commas in name order, as stores keep them. */
  public String deliveredToText() {
    return String.join(",", deliveredTo);
  }

  /** The sinks named by {@link #deliveredToText()}'s form; empty text names none. */
  public static Set<String> parseDeliveredTo(String text) {
    if (text == null || text.isEmpty()) {
      return Set.of();
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(Arrays.asList(text.split(","))));
  }
}
