package com.bnaura.quota.jdbc;

import com.bnaura.quota.testing.CombinedReliabilityReport;
import com.bnaura.quota.testing.ReliabilityReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes {@code target/reliability/report.json} when the test run ends — the four blocks of what
 * the run measured (load held, faults survived, bad inputs tried, nothing lost) plus the run's
 * environment — and prints its one-line headline. Registered as a JUnit Platform listener.
 */
public final class ReliabilityReportListener implements TestExecutionListener {
  private final AtomicLong passed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** Creates the listener; the JUnit Platform does. */
  public ReliabilityReportListener() {}

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (test.isTest()) {
      if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        passed.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    Map<String, Map<String, Long>> blocks = ReliabilityReport.snapshot();
    if (blocks.isEmpty()) {
      return;
    }
    Map<String, Object> tree = new TreeMap<>();
    for (Map.Entry<String, Map<String, Long>> block : blocks.entrySet()) {
      Map<String, Object> fields = new TreeMap<>();
      block.getValue().forEach((field, value) ->
          CombinedReliabilityReport.put(fields, field, value));
      tree.put(block.getKey(), fields);
    }
    StormLatency.Totals storms = StormLatency.TOTALS;
    if (storms.wallMillis() > 0) {
      @SuppressWarnings("unchecked")
      Map<String, Object> load = (Map<String, Object>) tree.computeIfAbsent("load_held",
          k -> new TreeMap<>());
      Map<String, Double> rates = storms.opsPerSecond();
      load.put("ops_per_s", new Decimal(rates.getOrDefault("all", 0.0), 1));
      Map<String, Object> byOperation = new TreeMap<>();
      rates.forEach((op, rate) -> {
        if (!op.equals("all")) {
          byOperation.put(op, new Decimal(rate, 1));
        }
      });
      load.put("ops_per_s_by_operation", byOperation);
      Map<String, Object> latency = new TreeMap<>();
      storms.percentilesMicros().forEach((op, p) -> {
        Map<String, Object> percentiles = new java.util.LinkedHashMap<>();
        percentiles.put("p50", new Decimal(p[0] / 1000.0, 2));
        percentiles.put("p95", new Decimal(p[1] / 1000.0, 2));
        percentiles.put("p99", new Decimal(p[2] / 1000.0, 2));
        percentiles.put("max", new Decimal(p[3] / 1000.0, 2));
        percentiles.put("count", p[4]);
        latency.put(op, percentiles);
      });
      load.put("latency_ms", latency);
      load.put("storm_seconds", new Decimal(storms.wallMillis() / 1000.0, 1));
    }
    StringBuilder json = new StringBuilder("{\n  \"env\": {");
    json.append("\"at\": \"").append(Instant.now()).append("\", ")
        .append("\"jvm\": \"").append(System.getProperty("java.version")).append("\", ")
        .append("\"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(", ")
        .append("\"tests_passed\": ").append(passed.get()).append(", ")
        .append("\"tests_failed\": ").append(failed.get()).append("}");
    for (Map.Entry<String, Object> block : tree.entrySet()) {
      json.append(",\n  \"").append(block.getKey()).append("\": ");
      CombinedReliabilityReport.render(json, block.getValue());
    }
    json.append("\n}\n");
    try {
      Path dir = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(dir.resolve("report.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path module = Path.of("").toAbsolutePath();
    CombinedReliabilityReport.saveModule(module);
    CombinedReliabilityReport.write(module.getParent());
    System.out.println(headline(blocks, storms));
  }

  /** A number printed with a fixed count of decimals (rates and milliseconds, never money). */
  private record Decimal(double value, int places) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%." + places + "f", value);
    }
  }

  private String headline(Map<String, Map<String, Long>> b, StormLatency.Totals storms) {
    Map<String, Long> load = b.getOrDefault("load_held", Map.of());
    Map<String, Long> faults = b.getOrDefault("faults_survived", Map.of());
    Map<String, Long> bad = b.getOrDefault("bad_inputs_tried", Map.of());
    Map<String, Long> lost = b.getOrDefault("nothing_lost", Map.of());
    Map<String, long[]> latency = storms.percentilesMicros();
    StringBuilder p99 = new StringBuilder();
    for (String op : new String[] {"reserve", "commit", "consume"}) {
      if (latency.containsKey(op)) {
        p99.append(p99.length() == 0 ? "; " : ", ").append(op).append(" p50/p99 ")
            .append(ms(latency.get(op)[0])).append('/').append(ms(latency.get(op)[2])).append(" ms");
      }
    }
    long retried = load.entrySet().stream().filter(e -> e.getKey().startsWith("retries_by_sqlstate."))
        .mapToLong(Map.Entry::getValue).sum();
    String loadLine = "RELIABILITY Load held: " + n(load, "jvms") + " storm JVMs on "
        + Runtime.getRuntime().availableProcessors() + " cores, " + n(load, "ops_ok")
        + " acknowledged ops in " + Math.round(storms.wallMillis() / 1000.0) + " s of storms ("
        + new Decimal(storms.opsPerSecond().getOrDefault("all", 0.0), 0) + " timed calls/s" + p99
        + "), " + n(load, "clinics") + " clinics; " + String.format(Locale.ROOT, "%,d", retried)
        + " transactions run again on a retryable SQLSTATE.";
    String faultLine = "RELIABILITY Faults survived: " + n(faults, "jvm_kill9")
        + " kill -9 of storm JVMs, "
        + n(faults, "h2_kill9.kills") + " kill -9 of the embedded H2 default ("
        + n(faults, "h2_kill9.acknowledged") + " acknowledged calls, "
        + n(faults, "h2_kill9.lost") + " lost, " + n(faults, "h2_kill9.replayed")
        + " replayed on re-send), " + n(faults, "pg_crash_restarts")
        + " PostgreSQL crash-restarts and "
        + n(faults, "pg_fast_restarts") + " restarts, " + n(faults, "lost_acks_on_the_wire")
        + " COMMIT acknowledgements cut on the wire, " + n(faults, "injected_sql_errors")
        + " injected faults, " + n(faults, "real_deadlocks_40P01") + " real deadlocks (40P01), "
        + n(faults, "real_serialization_failures_40001")
        + " real serialization failures (40001), " + n(faults, "connections_refused_53300")
        + " connections refused at the server limit (53300), " + n(faults, "lock_timeouts")
        + " lock timeouts, " + n(faults, "pool_exhaustion_episodes")
        + " pool-exhaustion episodes, " + n(faults, "month_boundaries_crossed_under_load")
        + " month boundaries under load" + (faults.getOrDefault("skewed_clock_minutes", 0L) > 0
            ? " (one instance's clock 3 min ahead)" : "") + "; "
        + n(faults, "store_errors_retried_with_same_key")
        + " store errors re-sent with the same key, " + n(faults, "keys_resent_after_kill")
        + " keys re-sent after kill -9, " + n(faults, "unresolved") + " unresolved.";
    boolean http = bad.getOrDefault("http.total", 0L) > 0;
    String badLine = "RELIABILITY Bad inputs tried: " + n(bad, "total") + " against the stores "
        + "(distinct hostile calls: H2 " + n(bad, "stores.h2") + ", PostgreSQL "
        + n(bad, "stores.postgresql") + ", MariaDB " + n(bad, "stores.mariadb") + ")"
        + (http ? " and " + n(bad, "http.total") + " requests over HTTP" : "") + "; "
        + n(bad, "accepted_unexpectedly") + " accepted, "
        + n(bad, "tables_changed_by_rejected_input") + " side effects, "
        + n(bad, "raw_sql_exceptions_leaked") + " SQL errors leaked, "
        + n(bad, "store_errors_on_bad_input") + " store errors"
        + (http ? "; over HTTP " + n(bad, "http.accepted_unexpectedly") + " accepted, "
            + n(bad, "http.state_changes") + " state changes, " + n(bad, "http.server_errors")
            + " 5xx" : "")
        + "; largest refusal " + n(bad, "stores.largest_message_chars") + " chars, slowest call "
        + n(bad, "stores.slowest_call_ms") + " ms"
        + (http ? "; largest HTTP answer " + n(bad, "http.largest_answer_bytes")
            + " bytes, slowest " + n(bad, "http.slowest_answer_ms") + " ms" : "") + ".";
    String lostLine = "RELIABILITY Nothing lost: " + n(lost, "ledger_checks")
        + " ledger invariant checks" + (failed.get() == 0 ? ", 0 violations; " : "; ")
        + n(lost, "double_charges")
        + " double charges, " + n(lost, "lost_updates") + " lost updates, "
        + n(lost, "charges_not_acknowledged") + " unacknowledged charges; model replay "
        + n(lost, "model_replay_diffs") + " diffs over " + n(lost, "model_replays")
        + " clinic ledgers. Tests " + passed.get() + " passed, " + failed.get() + " failed.";
    return String.join(System.lineSeparator(), loadLine, faultLine, badLine, lostLine);
  }

  private static String n(Map<String, Long> block, String field) {
    return String.format(Locale.ROOT, "%,d", block.getOrDefault(field, 0L));
  }

  private static String ms(long micros) {
    return new Decimal(micros / 1000.0, 1).toString();
  }
}
