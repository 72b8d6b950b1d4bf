package com.bnaura.quota.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency and throughput of storm calls. A storm instance times each acknowledged call (including
 * the client's own retries with the same key, which is what its caller waits for) into one
 * histogram per operation and counts completions per second of the run, then writes both next to
 * its history; the test JVM reads them back and merges every storm of the run for the report.
 */
final class StormLatency {
  private static final long HIGHEST_MICROS = 600_000_000L;
  private static final int MAX_SECONDS = 3_600;

  /** Everything the storms of this test run measured, for the report. */
  static final Totals TOTALS = new Totals();

  private final Map<String, ConcurrentHistogram> histograms = new ConcurrentHashMap<>();
  private final AtomicLongArray perSecond = new AtomicLongArray(MAX_SECONDS);
  private final long origin = System.nanoTime();

  /** Runs {@code call}, recording its latency under {@code operation} when it returns. */
  <T> T time(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long end = System.nanoTime();
    histograms.computeIfAbsent(operation, k -> new ConcurrentHistogram(HIGHEST_MICROS, 3))
        .recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (end - start) / 1_000)));
    int second = (int) Math.min(MAX_SECONDS - 1, (end - origin) / 1_000_000_000L);
    perSecond.incrementAndGet(second);
    return result;
  }

  /** Writes the histograms and the per-second completions to {@code file}. */
  void write(Path file, long wallMillis) throws IOException {
    StringBuilder out = new StringBuilder("wall_ms ").append(wallMillis).append('\n');
    for (Map.Entry<String, ConcurrentHistogram> h : new TreeMap<>(histograms).entrySet()) {
      ByteBuffer buffer = ByteBuffer.allocate(h.getValue().getNeededByteBufferCapacity());
      int length = h.getValue().encodeIntoCompressedByteBuffer(buffer);
      out.append("hist ").append(h.getKey()).append(' ')
          .append(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)))
          .append('\n');
    }
    int last = (int) Math.min(MAX_SECONDS - 1, wallMillis / 1000);
    out.append("timeline");
    for (int s = 0; s <= last; s++) {
      out.append(' ').append(perSecond.get(s));
    }
    out.append('\n');
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /** What one storm instance measured. */
  record Run(long wallMillis, Map<String, Histogram> histograms, long[] timeline) {}

  /** Reads the file a storm instance wrote next to {@code history}, if it finished cleanly. */
  static java.util.Optional<Run> read(Path history) throws IOException {
    Path file = Path.of(history + ".lat");
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    long wall = 0;
    Map<String, Histogram> histograms = new TreeMap<>();
    long[] timeline = new long[0];
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "wall_ms" -> wall = Long.parseLong(f[1]);
        case "hist" -> {
          try {
            histograms.put(f[1], Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(f[2])), 0));
          } catch (DataFormatException e) {
            throw new IOException("bad histogram in " + file, e);
          }
        }
        case "timeline" -> {
          timeline = new long[f.length - 1];
          for (int i = 1; i < f.length; i++) {
            timeline[i - 1] = Long.parseLong(f[i]);
          }
        }
        default -> { }
      }
    }
    return java.util.Optional.of(new Run(wall, histograms, timeline));
  }

  /**
   * Reads every finished instance of one storm and adds it to {@link #TOTALS}: {@code wallMillis}
   * is how long the storm ran, start to last instance ending.
   */
  static List<Run> collect(List<Path> histories, long wallMillis) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Path history : histories) {
      read(history).ifPresent(runs::add);
    }
    TOTALS.add(runs, wallMillis);
    return runs;
  }

  /** The merged measurements of every storm in this JVM. */
  static final class Totals {
    private final Map<String, Histogram> merged = new TreeMap<>();
    private long wallMillis;
    private long timedCalls;

    synchronized void add(List<Run> runs, long stormWallMillis) {
      for (Run run : runs) {
        run.histograms().forEach((op, h) -> {
          merged.computeIfAbsent(op, k -> new Histogram(HIGHEST_MICROS, 3)).add(h);
          timedCalls += h.getTotalCount();
        });
      }
      wallMillis += stormWallMillis;
    }

    /** Latency percentiles by operation, in microseconds: p50, p95, p99, max and the count. */
    synchronized Map<String, long[]> percentilesMicros() {
      Map<String, long[]> out = new TreeMap<>();
      merged.forEach((op, h) -> out.put(op, new long[] {h.getValueAtPercentile(50),
          h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue(),
          h.getTotalCount()}));
      return out;
    }

    /** Acknowledged calls per second of storm wall time, by operation and in total ("all"). */
    synchronized Map<String, Double> opsPerSecond() {
      Map<String, Double> out = new TreeMap<>();
      if (wallMillis == 0) {
        return out;
      }
      merged.forEach((op, h) -> out.put(op, h.getTotalCount() * 1000.0 / wallMillis));
      out.put("all", timedCalls * 1000.0 / wallMillis);
      return out;
    }

    /** Storm wall time in milliseconds, summed over the storms of the run. */
    synchronized long wallMillis() {
      return wallMillis;
    }
  }
}
