package com.bnaura.quota.gemini.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between retries; tests replace it to record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
