package com.bnaura.quota.spi;

/** The life of a reservation: {@code PENDING} resolves exactly once to one of the other three. */
public enum ReservationState {
  /** Holding units, waiting for commit or release. */
  PENDING,
  /** Turned into a charge. */
  COMMITTED,
  /** Given back by the caller. */
  RELEASED,
  /** Given back because nobody committed or released it within its TTL. */
  EXPIRED
}
