package com.bnaura.quota.benchmarks.state;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One benchmark thread's idempotency keys and clinic choices: every key is new (a retry would
 * replay instead of charging), and clinics are drawn uniformly from a seeded random source.
 */
@State(Scope.Thread)
public class ThreadKeys {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String prefix = "k" + Long.toString(System.nanoTime(), 36) + "-"
      + THREADS.incrementAndGet() + "-";
  private final SplittableRandom random = new SplittableRandom(prefix.hashCode());
  private long sequence;

  /** A key never used before. */
  public String nextKey() {
    return prefix + (++sequence);
  }

  /** A clinic index drawn uniformly from {@code 0..clinics-1}. */
  public int nextClinic(int clinics) {
    return random.nextInt(clinics);
  }
}
