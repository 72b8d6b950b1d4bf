package com.bnaura.quota.spi;

/** Where an outbox event's delivery stands. */
public enum DeliveryState {
  /** Not yet delivered to every sink: due at its next attempt. */
  PENDING,
  /** Delivered to every sink the dispatcher had when it settled the event. */
  DELIVERED,
  /** Given up after the dispatcher's maximum attempts; an operator may send it again. */
  DEAD
}
