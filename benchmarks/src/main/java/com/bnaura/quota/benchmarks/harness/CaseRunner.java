package com.bnaura.quota.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * Runs one case: {@code threads} threads call one contender back to back; after the warm-up (and
 * what the caller runs at its end, while the threads keep calling), the latency of every call
 * started in the measurement window goes into an HdrHistogram, and the CPU the window used is read.
 * Every grant, warm-up included, is counted and compared with what the database stored over the
 * case.
 *
 * <p>An {@link CaseKind#EXHAUST} case has no warm-up and no fixed length: each thread stops after
 * {@value #STOP_AFTER_REFUSALS} refusals in a row (or after {@value #EXHAUST_LIMIT_MILLIS} ms).
 */
final class CaseRunner {
  static final int STOP_AFTER_REFUSALS = 5;
  static final long EXHAUST_LIMIT_MILLIS = 8_000;
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CaseRunner() {}

  /**
   * Runs the case; {@code afterWarmUp} runs once the warm-up is over, and the measurement window
   * starts when it returns. An {@link CaseKind#EXHAUST} case has no warm-up and does not run it.
   */
  static CaseResult run(String database, Contender contender, ClinicSet set, CaseKind kind,
      int threads, long warmupMillis, long durationMillis, Runnable afterWarmUp) {
    boolean exhaust = kind == CaseKind.EXHAUST;
    long storedBefore = contender.stored(set);
    AtomicLongArray grantedPerClinic = new AtomicLongArray(set.size());
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long now = System.nanoTime();
    long start = now + TimeUnit.MILLISECONDS.toNanos(50);
    Window window = new Window();
    if (exhaust) {
      window.open(start, TimeUnit.MILLISECONDS.toNanos(EXHAUST_LIMIT_MILLIS));
    }
    List<Worker> workers = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    // unique across the instances of a several-instances run, which start in the same millisecond:
    // a key another instance used would replay that instance's outcome and charge nothing
    String runTag = Long.toString(ProcessHandle.current().pid(), 36) + "."
        + Long.toString(System.currentTimeMillis(), 36);
    for (int t = 0; t < threads; t++) {
      Worker w = new Worker(contender, set, exhaust, grantedPerClinic, ready, go, window,
          runTag + "-" + contender.name() + "-" + kind + "-" + threads + "-" + t + "-",
          new SplittableRandom(31L * t + threads));
      workers.add(w);
      Thread thread = new Thread(w, "bench|" + database + "|" + contender.name() + "|" + kind + "|"
          + threads + "|" + t);
      thread.setDaemon(true);
      running.add(thread);
      thread.start();
    }
    await(ready);
    sleepUntil(start);
    go.countDown();
    long cpu0;
    long machine0;
    long cpu1;
    long machine1;
    long windowEnd;
    long measureStart;
    if (exhaust) {
      measureStart = start;
      cpu0 = CpuClock.processNanos();
      machine0 = CpuClock.machineBusyNanos();
      joinAll(running);
      windowEnd = System.nanoTime();
      cpu1 = CpuClock.processNanos();
      machine1 = CpuClock.machineBusyNanos();
    } else {
      sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(warmupMillis));
      afterWarmUp.run();
      cpu0 = CpuClock.processNanos();
      machine0 = CpuClock.machineBusyNanos();
      measureStart = System.nanoTime();
      windowEnd = window.open(measureStart, TimeUnit.MILLISECONDS.toNanos(durationMillis));
      sleepUntil(windowEnd);
      cpu1 = CpuClock.processNanos();
      machine1 = CpuClock.machineBusyNanos();
      joinAll(running);
    }
    long storedAfter = contender.stored(set);
    long held = contender.held(set);

    Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    long ops = 0;
    long refused = 0;
    long free = 0;
    long errors = 0;
    long granted = 0;
    long callerCpu = 0;
    String firstError = null;
    for (Worker w : workers) {
      callerCpu += w.cpuNanos;
      latency.add(w.histogram);
      ops += w.ops;
      refused += w.refused;
      free += w.free;
      errors += w.errors;
      granted += w.granted;
      if (firstError == null) {
        firstError = w.firstError;
      }
    }
    long overspend = 0;
    for (int i = 0; i < set.size(); i++) {
      overspend += Math.max(0, grantedPerClinic.get(i) - set.quotaMilli());
    }
    long windowNanos = windowEnd - measureStart;
    double seconds = windowNanos / 1e9;
    return new CaseResult(database, contender.name(), kind, threads, set.size(), set.quotaMilli(),
        TimeUnit.NANOSECONDS.toMillis(windowNanos), ops, refused, free, errors,
        ops == 0 ? 0 : ops / seconds,
        micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
        micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()),
        granted, storedAfter - storedBefore, held, overspend,
        perOp(callerCpu, 0, ops), perOp(cpu1 - cpu0, cpu0, ops),
        perOp(machine1 - machine0, machine0, ops),
        contender.mustBeExact(), firstError);
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }

  private static double perOp(long nanos, long base, long ops) {
    return base < 0 || ops == 0 ? -1 : nanos / 1_000.0 / ops;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void joinAll(List<Thread> threads) {
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleepUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** When calls are measured: none until it is opened, then those started in [start, end). */
  private static final class Window {
    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    /** Opens the window at {@code at} for {@code nanos}; returns its end. */
    long open(long at, long nanos) {
      end = at + nanos;
      start = at;
      return end;
    }
  }

  /** One calling thread. Its counters are read after it is joined. */
  private static final class Worker implements Runnable {
    final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private final Contender contender;
    private final ClinicSet set;
    private final boolean exhaust;
    private final AtomicLongArray grantedPerClinic;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final Window window;
    private final String keyPrefix;
    private final SplittableRandom random;
    long ops;
    long refused;
    long free;
    long errors;
    long granted;
    long cpuNanos;
    String firstError;

    Worker(Contender contender, ClinicSet set, boolean exhaust, AtomicLongArray grantedPerClinic,
        CountDownLatch ready, CountDownLatch go, Window window, String keyPrefix,
        SplittableRandom random) {
      this.contender = contender;
      this.set = set;
      this.exhaust = exhaust;
      this.grantedPerClinic = grantedPerClinic;
      this.ready = ready;
      this.go = go;
      this.window = window;
      this.keyPrefix = keyPrefix;
      this.random = random;
    }

    @Override
    public void run() {
      ready.countDown();
      await(go);
      long sequence = 0;
      int refusedInARow = 0;
      long cpuStart = -1;
      while (!exhaust || refusedInARow < STOP_AFTER_REFUSALS) {
        long t0 = System.nanoTime();
        if (t0 >= window.end) {
          break;
        }
        int index = set.size() == 1 ? 0 : random.nextInt(set.size());
        Contender.Attempt attempt;
        try {
          attempt = contender.attempt(set, index, keyPrefix + (++sequence));
        } catch (RuntimeException e) {
          errors++;
          refusedInARow++;
          if (firstError == null) {
            firstError = e.toString();
          }
          continue;
        }
        long t1 = System.nanoTime();
        long units = attempt.grantedMilli();
        granted += units;
        if (units > 0) {
          grantedPerClinic.addAndGet(index, units);
          refusedInARow = 0;
        } else if (attempt.refused()) {
          refusedInARow++;
        }
        if (t0 >= window.start) {
          if (cpuStart < 0) {
            cpuStart = THREADS.getCurrentThreadCpuTime();
          }
          histogram.recordValue(Math.min(t1 - t0, HIGHEST_NANOS));
          ops++;
          if (attempt.refused()) {
            refused++;
          } else if (attempt.free()) {
            free++;
          }
        }
      }
      if (cpuStart >= 0) {
        cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
      }
    }
  }
}
