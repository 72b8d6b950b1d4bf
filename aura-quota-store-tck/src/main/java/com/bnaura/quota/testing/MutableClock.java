package com.bnaura.quota.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand: {@code clock.advance(Duration.ofHours(24))}. Thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code instant} in UTC. */
  public static MutableClock at(Instant instant) {
    return new MutableClock(new AtomicReference<>(instant), ZoneOffset.UTC);
  }

  /** A clock standing at the ISO-8601 instant {@code text}, e.g. {@code 2026-03-10T03:00:00Z}. */
  public static MutableClock at(String text) {
    return at(Instant.parse(text));
  }

  /** Moves the clock forward (or backward, for a negative duration). */
  public MutableClock advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
    return this;
  }

  /** Sets the clock to {@code instant}. */
  public MutableClock set(Instant instant) {
    now.set(instant);
    return this;
  }

  /** Sets the clock to the ISO-8601 instant {@code text}. */
  public MutableClock set(String text) {
    return set(Instant.parse(text));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
