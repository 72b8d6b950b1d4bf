package com.bnaura.quota.jdbc;

import com.bnaura.quota.testing.ReliabilityReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
    StringBuilder json = new StringBuilder("{\n  \"env\": {");
    json.append("\"at\": \"").append(Instant.now()).append("\", ")
        .append("\"jvm\": \"").append(System.getProperty("java.version")).append("\", ")
        .append("\"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(", ")
        .append("\"tests_passed\": ").append(passed.get()).append(", ")
        .append("\"tests_failed\": ").append(failed.get()).append("}");
    for (Map.Entry<String, Map<String, Long>> block : blocks.entrySet()) {
      json.append(",\n  \"").append(block.getKey()).append("\": {");
      String separator = "";
      for (Map.Entry<String, Long> field : block.getValue().entrySet()) {
        json.append(separator).append("\"").append(field.getKey()).append("\": ")
            .append(field.getValue());
        separator = ", ";
      }
      json.append("}");
    }
    json.append("\n}\n");
    try {
      Path dir = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(dir.resolve("report.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(headline(blocks));
  }

  private String headline(Map<String, Map<String, Long>> b) {
    Map<String, Long> load = b.getOrDefault("load_held", Map.of());
    Map<String, Long> faults = b.getOrDefault("faults_survived", Map.of());
    Map<String, Long> bad = b.getOrDefault("bad_inputs_tried", Map.of());
    Map<String, Long> lost = b.getOrDefault("nothing_lost", Map.of());
    return "RELIABILITY load held: " + load.getOrDefault("ops_ok", 0L) + " acknowledged ops by "
        + load.getOrDefault("jvms", 0L) + " storm JVMs; faults survived: "
        + faults.getOrDefault("jvm_kill9", 0L) + " kill -9, "
        + faults.getOrDefault("pg_crash_restarts", 0L) + " PostgreSQL crash-restarts, "
        + faults.getOrDefault("injected_sql_errors", 0L)
        + " injected faults (lost acknowledgements, SQL errors), "
        + faults.getOrDefault("store_errors_retried_with_same_key", 0L)
        + " store errors retried with the same key, "
        + faults.getOrDefault("unresolved", 0L) + " unresolved; bad inputs tried: "
        + bad.getOrDefault("total", 0L) + " (" + bad.getOrDefault("accepted_unexpectedly", 0L)
        + " accepted, " + bad.getOrDefault("tables_changed_by_rejected_input", 0L)
        + " side effects); nothing lost: " + lost.getOrDefault("ledger_checks", 0L)
        + " ledger checks, " + lost.getOrDefault("double_charges", 0L) + " double charges, "
        + lost.getOrDefault("lost_updates", 0L) + " lost updates; tests " + passed.get()
        + " passed, " + failed.get() + " failed";
  }
}
