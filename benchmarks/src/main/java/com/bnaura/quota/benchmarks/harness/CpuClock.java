package com.bnaura.quota.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time consumed so far: by this JVM (the client side: engine, jOOQ, driver, pool), by the
 * whole machine from {@code /proc/stat} (client, database server and anything else running), and
 * by the processes of one name from {@code /proc/<pid>/stat} (the database server, when it runs on
 * this machine).
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

  /**
   * Nanoseconds of CPU (user and system) each live process whose command name is {@code command}
   * ({@code postgres}, {@code mariadbd}) used so far, by process id; empty off Linux.
   */
  static Map<Long, Long> processNanos(String command) {
    Map<Long, Long> byPid = new HashMap<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return byPid;
    }
    try (Stream<Path> pids = Files.list(proc)) {
      for (Path pid : pids.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(pid.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < open || !stat.substring(open + 1, close).equals(command)) {
            continue;
          }
          // after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
          // utime stime ...
          String[] f = stat.substring(close + 2).split(" ");
          byPid.put(Long.valueOf(pid.getFileName().toString()),
              (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
          // the process ended while it was read: it is not counted
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return byPid;
  }

  /**
   * The CPU the processes used between two readings of {@link #processNanos}: each process of
   * {@code after} less what it had used in {@code before} (a process started in between counts
   * from 0). A process that ended in between is not in {@code after}, and what it used in between
   * is not counted.
   */
  static long used(Map<Long, Long> before, Map<Long, Long> after) {
    long total = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      total += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return total;
  }
}
