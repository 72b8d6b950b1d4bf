package com.bnaura.quota.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time consumed so far: by this JVM (the client side: engine, jOOQ, driver, pool), and by the
 * whole machine from {@code /proc/stat} (client, database server and anything else running).
 */
final class CpuClock {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private CpuClock() {}

  /** Nanoseconds of CPU this process used, or -1 if the JVM does not say. */
  static long processNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Nanoseconds of busy CPU over all cores of the machine, or -1 off Linux. */
  static long machineBusyNanos() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      String[] f = lines.get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
