package com.bnaura.quota.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;

/** Set-up and check work spread over a few threads (the common pool has one thread on 2 cores). */
final class Parallel {
  private static final int THREADS = 8;

  private Parallel() {}

  /** Runs {@code work} for every index {@code 0..n-1}. */
  static void forEach(int n, IntConsumer work) {
    sum(n, i -> {
      work.accept(i);
      return 0;
    });
  }

  /** Sums {@code work} over every index {@code 0..n-1}. */
  static long sum(int n, IntToLongFunction work) {
    int threads = Math.min(THREADS, n);
    if (threads <= 1) {
      long total = 0;
      for (int i = 0; i < n; i++) {
        total += work.applyAsLong(i);
      }
      return total;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        parts.add(pool.submit(() -> {
          long total = 0;
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            total += work.applyAsLong(i);
          }
          return total;
        }));
      }
      long total = 0;
      for (Future<Long> part : parts) {
        total += part.get();
      }
      return total;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
