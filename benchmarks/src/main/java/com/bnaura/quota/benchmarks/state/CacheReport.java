package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.CacheStatsSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reports the status cache's hit rate over an interval: printed, and appended as one line to the
 * file named by the system property {@value #FILE_PROPERTY}, if set, for the load harness to put
 * in {@code results.json}. A line is {@code label<TAB>hitRate<TAB>hits misses size}.
 */
public final class CacheReport {

  /** The system property naming the file reports are appended to. */
  public static final String FILE_PROPERTY = "aura.bench.cacheReport";

  private CacheReport() {}

  /** Reports the change of the counters from {@code before} to {@code after}. */
  public static void report(String label, CacheStatsSnapshot.Counts before,
      CacheStatsSnapshot.Counts after) {
    long hits = after.hits() - before.hits();
    long misses = after.misses() - before.misses();
    String rate = hits + misses == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.5f", (double) hits / (hits + misses));
    String line = label + "\t" + rate + "\thits=" + hits + " misses=" + misses + " size="
        + after.size();
    System.out.println("status cache: " + line.replace('\t', ' '));
    String file = System.getProperty(FILE_PROPERTY);
    if (file != null && !file.isBlank()) {
      try {
        Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append the cache report to " + file, e);
      }
    }
  }
}
