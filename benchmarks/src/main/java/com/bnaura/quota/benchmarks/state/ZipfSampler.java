package com.bnaura.quota.benchmarks.state;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with Zipf probabilities: rank {@code k} is drawn in proportion to
 * {@code 1 / (k + 1)^exponent}, so a few clinics take most of the reads, as dashboards of busy
 * clinics do. Immutable; draws take the caller's random source.
 */
public final class ZipfSampler {
  private final double[] cumulative;

  /**
   * A sampler over {@code n} ranks.
   *
   * @throws IllegalArgumentException if {@code n < 1} or {@code exponent} is negative or not finite
   */
  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, was " + n);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent must be finite and >= 0, was " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** How many ranks. */
  public int size() {
    return cumulative.length;
  }

  /** Draws one rank. */
  public int next(SplittableRandom random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
  }

  /** Draws {@code count} ranks in advance, so the measured loop pays only an array read. */
  public int[] draw(int count, SplittableRandom random) {
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = next(random);
    }
    return ranks;
  }

  /** The share of draws that land on the {@code top} most frequent ranks. */
  public double shareOfTop(int top) {
    return top <= 0 ? 0 : cumulative[Math.min(top, cumulative.length) - 1];
  }
}
