package com.bnaura.quota.model;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A billing period: the half-open interval {@code [start, end)} in which one monthly allowance is
 * granted and after which its unused part expires.
 *
 * <p>Periods are computed from an instant and the clinic's time zone, never from the JVM's default
 * zone: {@code monthOf(2026-01-31T17:00Z, Asia/Bangkok)} is February, because that instant is
 * already 1 February 00:00 in Bangkok.
 *
 * @param start the first instant of the period, inclusive
 * @param end the first instant after the period, exclusive
 */
public record BillingPeriod(Instant start, Instant end) {

  /** Validates the interval. */
  public BillingPeriod {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period end " + end + " must be after start " + start);
    }
  }

  /** The calendar month of {@code zone} that contains {@code instant}. */
  public static BillingPeriod monthOf(Instant instant, ZoneId zone) {
    return ResetSchedule.calendarMonth().periodContaining(instant, zone);
  }

  /** Whether {@code instant} lies in {@code [start, end)}. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
