package com.bnaura.quota.benchmarks.state;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One thread's walk through clinics drawn in advance from the dashboard's Zipf skew, so the
 * measured read pays an array read rather than a draw.
 */
@State(Scope.Thread)
public class ZipfCursor {
  private static final int DRAWS = 1 << 16;
  private static final AtomicInteger SEEDS = new AtomicInteger();

  private int[] ranks;
  private int position;

  /** Draws this thread's clinics. */
  @Setup(Level.Trial)
  public void setUp(DashboardState dashboard) {
    ranks = dashboard.zipf().draw(DRAWS, new SplittableRandom(42L + SEEDS.getAndIncrement()));
  }

  /** The next clinic's rank. */
  public int next() {
    int rank = ranks[position];
    position = (position + 1) & (DRAWS - 1);
    return rank;
  }
}
