package com.bnaura.quota.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the reliability tests add to while they run — load held, faults survived, bad inputs
 * tried, nothing lost — written out as the module's {@code target/reliability/report.json} by a
 * module's report listener when its test run ends, and folded with the other modules' counters into
 * the project's report by {@link CombinedReliabilityReport}. Only what a test measured is reported.
 */
public final class ReliabilityReport {
  private static final Map<String, LongAdder> COUNTERS = new ConcurrentHashMap<>();
  private static final Map<String, LongAccumulator> MAXIMA = new ConcurrentHashMap<>();

  private ReliabilityReport() {}

  /** Adds {@code n} to {@code field} of {@code block} (e.g. {@code faults_survived}, {@code jvm_kill9}). */
  public static void add(String block, String field, long n) {
    COUNTERS.computeIfAbsent(block + "." + field, k -> new LongAdder()).add(n);
  }

  /**
   * Raises {@code field} of {@code block} to {@code n} if it is below (a largest answer in bytes, a
   * slowest answer in milliseconds); reported like any counter.
   */
  public static void max(String block, String field, long n) {
    MAXIMA.computeIfAbsent(block + "." + field, k -> new LongAccumulator(Math::max, Long.MIN_VALUE))
        .accumulate(n);
  }

  /** Every counter, by block then field. */
  public static Map<String, Map<String, Long>> snapshot() {
    Map<String, Map<String, Long>> blocks = new TreeMap<>();
    COUNTERS.forEach((key, value) -> {
      int dot = key.indexOf('.');
      blocks.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
          .put(key.substring(dot + 1), value.sum());
    });
    MAXIMA.forEach((key, value) -> {
      int dot = key.indexOf('.');
      blocks.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
          .put(key.substring(dot + 1), value.get());
    });
    return blocks;
  }

  /** The kind of every counter by its dotted key: {@code sum} (added) or {@code max} (largest). */
  static Map<String, String> kinds() {
    Map<String, String> kinds = new TreeMap<>();
    COUNTERS.keySet().forEach(key -> kinds.put(key, "sum"));
    MAXIMA.keySet().forEach(key -> kinds.put(key, "max"));
    return kinds;
  }

  /** The value of the counter with the dotted key {@code key}, or 0. */
  static long value(String key) {
    int dot = key.indexOf('.');
    return get(key.substring(0, dot), key.substring(dot + 1));
  }

  /** The value of one counter, or 0. */
  public static long get(String block, String field) {
    LongAdder adder = COUNTERS.get(block + "." + field);
    if (adder != null) {
      return adder.sum();
    }
    LongAccumulator maximum = MAXIMA.get(block + "." + field);
    return maximum == null ? 0 : maximum.get();
  }
}
