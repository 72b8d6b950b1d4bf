package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.DeliveryState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event of the outbox: a change of a clinic that its owner or the host application acts on,
 * written in the same transaction as the change, then delivered to the host's {@link
 * QuotaEventListener}s and webhooks and readable by cursor ({@link QuotaService#events}).
 *
 * <p>{@link #json()} is the body a webhook receives:
 *
 * <pre>{@code
 * {"id":"6f1c…","type":"alert","clinicId":"siam-clinic","position":"42.0",
 *  "occurredAt":"2026-03-14T16:05:00Z","critical":false,
 *  "data":{"level":"WARNING","percentRemaining":"20.00","remaining":"100.000",…}}
 * }</pre>
 *
 * @param id the event's stable id, the same on every delivery: drop a repeat by it
 * @param clinic the clinic
 * @param type what it tells of
 * @param position its place among the clinic's events, a cursor ({@code version.index})
 * @param occurredAt when the change happened
 * @param critical whether it goes out even in the clinic's quiet hours
 * @param deliverAfter the earliest it goes out: the clinic's opening time for a non-critical
 *     alert raised in its quiet hours, {@code occurredAt} otherwise
 * @param data the event's fields as a JSON object; amounts are decimal strings
 * @param state where its delivery stands
 * @param attempts how many delivery attempts it has had
 * @param lastError the last delivery failure, naming the sink
 */
public record QuotaEvent(
    String id,
    ClinicId clinic,
    QuotaEventType type,
    String position,
    Instant occurredAt,
    boolean critical,
    Instant deliverAfter,
    String data,
    DeliveryState state,
    int attempts,
    Optional<String> lastError) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Validates. */
  public QuotaEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(deliverAfter, "deliverAfter");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastError, "lastError");
  }

  /**
   * The event as one JSON object: {@code id}, {@code type} (its {@link QuotaEventType#wireName()}),
   * {@code clinicId}, {@code position}, {@code occurredAt}, {@code critical} and {@code data}. The
   * same text for every delivery of the event.
   */
  public String json() {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id);
    body.put("type", type.wireName());
    body.put("clinicId", clinic.value());
    body.put("position", position);
    body.put("occurredAt", occurredAt.toString());
    body.put("critical", critical);
    body.set("data", JSON.readTree(data));
    return JSON.writeValueAsString(body);
  }
}
