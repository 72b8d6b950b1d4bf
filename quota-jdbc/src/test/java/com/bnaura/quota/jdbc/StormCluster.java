package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import com.bnaura.quota.testing.ReliabilityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/** Starts, kills and restarts {@link StormMain} instances as separate JVM processes. */
final class StormCluster {
  /** SQLSTATEs the store runs a transaction again for (besides connection class 08). */
  private static final java.util.Set<String> RETRIED =
      java.util.Set.of("40001", "40P01", "55P03", "53300", "23505", "HYT00");

  private final String url;
  private final Path dir;
  private final int threads;
  private final int clinics;
  private final List<Process> running = new ArrayList<>();

  StormCluster(String url, Path dir, int threads, int clinics) throws IOException {
    this.url = url;
    this.dir = Files.createDirectories(dir);
    this.threads = threads;
    this.clinics = clinics;
  }

  /** The history file of instance {@code i}. */
  Path history(int i) {
    return dir.resolve("instance-" + i + ".log");
  }

  /** Every history file of instances {@code 0 .. n-1}. */
  List<Path> histories(int n) {
    List<Path> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(history(i));
    }
    return all;
  }

  /** Deletes the histories of instances {@code 0 .. n-1}. */
  void reset(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Files.deleteIfExists(history(i));
      Files.deleteIfExists(dir.resolve("instance-" + i + ".out"));
    }
  }

  /** Starts instance {@code i} for {@code seconds}; it first re-sends what a killed run left open. */
  Process start(int i, long seconds, long seed) throws IOException {
    return start(i, seconds, seed, 8, 30_000);
  }

  /**
   * Starts instance {@code i} for {@code seconds} with a pool of {@code poolSize} connections that
   * waits up to {@code connectionTimeoutMillis} for one.
   */
  Process start(int i, long seconds, long seed, int poolSize, long connectionTimeoutMillis)
      throws IOException {
    Files.deleteIfExists(Path.of(history(i) + ".lat"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx384m", "-XX:ActiveProcessorCount=2",
        "-Dsqlstate.trace=" + Boolean.getBoolean("sqlstate.trace"),
        "-cp", System.getProperty("java.class.path"), StormMain.class.getName(),
        url, "i" + i, Integer.toString(threads), Long.toString(seconds), Long.toString(seed),
        Integer.toString(clinics), history(i).toString(), Integer.toString(poolSize),
        Long.toString(connectionTimeoutMillis))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("instance-" + i + ".out").toFile()))
        .start();
    running.add(p);
    ReliabilityReport.add("load_held", "jvms", 1);
    return p;
  }

  /** Kills {@code p} with SIGKILL, by the PID this cluster started. */
  static void killNine(Process p) throws InterruptedException {
    p.toHandle().destroyForcibly();
    ReliabilityReport.add("faults_survived", "jvm_kill9", 1);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Waits for every instance still running to finish cleanly. */
  void awaitAll(long timeoutSeconds) throws InterruptedException {
    for (Process p : running) {
      if (p.isAlive() || p.exitValue() != 137) {
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("storm instance finished").isTrue();
      }
    }
  }

  /** The sum of {@code name=N} over the summary lines the instances printed. */
  long summed(int n, String name) throws IOException {
    long total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=(\\d+)")
        .matcher(summaries(n));
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  /**
   * The SQLSTATE counts the instances printed under {@code prefix} ({@code sql_} for errors the
   * store saw, {@code connect_} for connection attempts the server refused), summed.
   */
  Map<String, Long> sqlStates(int n, String prefix) throws IOException {
    return sqlStates(summaries(n), prefix);
  }

  /** The SQLSTATE counts under {@code prefix} in storm summary lines, summed. */
  static Map<String, Long> sqlStates(String summaries, String prefix) {
    Map<String, Long> states = new TreeMap<>();
    Matcher m = Pattern.compile("\\b" + prefix + "([0-9A-Za-z]{5}|none)=(\\d+)").matcher(summaries);
    while (m.find()) {
      states.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
    }
    return states;
  }

  /**
   * Adds what instances {@code 0 .. n-1} measured to the report: latency and throughput (the storm
   * ran {@code wallMillis}), and the database errors the store saw, by SQLSTATE, each of which it
   * ran again or gave back as a typed error.
   */
  void report(int n, long wallMillis) throws IOException {
    StormLatency.collect(histories(n), wallMillis);
    report(summaries(n));
  }

  /**
   * Adds the SQLSTATE counts of storm summary lines to the report: those the store runs the
   * transaction again for under {@code retries_by_sqlstate}, the rest (a pool that timed out
   * without a server error, ...) under {@code typed_errors_by_sqlstate}.
   */
  static void report(String summaries) {
    sqlStates(summaries, "sql_").forEach((state, count) ->
        ReliabilityReport.add("load_held", (RETRIED.contains(state) || state.startsWith("08")
            ? "retries_by_sqlstate." : "typed_errors_by_sqlstate.") + state, count));
    sqlStates(summaries, "connect_").forEach((state, count) ->
        ReliabilityReport.add("faults_survived", "connections_refused_" + state, count));
  }

  /** The summary lines the instances printed. */
  String summaries(int n) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Path out = dir.resolve("instance-" + i + ".out");
      if (Files.exists(out)) {
        Files.readAllLines(out).stream()
            .filter(l -> l.startsWith("STORM") || l.startsWith("RESUMED"))
            .forEach(l -> sb.append(l).append(" | "));
      }
    }
    return sb.toString();
  }
}
