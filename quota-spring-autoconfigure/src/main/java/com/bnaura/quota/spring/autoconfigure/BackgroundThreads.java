package com.bnaura.quota.spring.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** How the auto-configuration's background threads (sweeper, reconciler) stop. */
final class BackgroundThreads {
  private BackgroundThreads() {}

  /**
   * Shuts {@code executor} down, letting a step under way finish for up to 10 seconds, then
   * interrupting it; an interrupt of the caller is kept for the caller to see.
   */
  static void stop(ScheduledExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
