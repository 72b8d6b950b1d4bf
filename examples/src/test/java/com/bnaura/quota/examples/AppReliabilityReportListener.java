package com.bnaura.quota.examples;

import com.bnaura.quota.testing.CombinedReliabilityReport;
import com.bnaura.quota.testing.ReliabilityReport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Saves what the clinic app's tests measured (the app killed under load, hostile requests over
 * HTTP) and folds it into the project's {@code target/reliability/report.json} beside the storage
 * tests' figures, then prints the app's headline. Registered as a JUnit Platform listener.
 */
public final class AppReliabilityReportListener implements TestExecutionListener {

  /** Creates the listener; the JUnit Platform does. */
  public AppReliabilityReportListener() {}

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (ReliabilityReport.snapshot().isEmpty()) {
      return;
    }
    Path module = Path.of("").toAbsolutePath();
    CombinedReliabilityReport.saveModule(module);
    Map<String, Map<String, Long>> all = CombinedReliabilityReport.write(module.getParent());
    Map<String, Long> faults = all.getOrDefault("faults_survived", Map.of());
    Map<String, Long> bad = all.getOrDefault("bad_inputs_tried", Map.of());
    System.out.println("RELIABILITY The app: " + n(faults, "app_kill9.kills") + " kill -9 under "
        + "load over HTTP, " + n(faults, "app_kill9.acknowledged") + " answers acknowledged, "
        + n(faults, "app_kill9.lost") + " lost, " + n(faults, "app_kill9.replayed")
        + " re-sent keys replayed; " + n(bad, "http.total") + " hostile requests ("
        + n(bad, "http.accepted_unexpectedly") + " accepted, " + n(bad, "http.state_changes")
        + " state changes, " + n(bad, "http.server_errors") + " 5xx, "
        + n(bad, "http.html_answers") + " HTML; largest answer "
        + n(bad, "http.largest_answer_bytes") + " bytes, slowest " + n(bad, "http.slowest_answer_ms")
        + " ms).");
  }

  private static String n(Map<String, Long> block, String field) {
    return String.format(Locale.ROOT, "%,d", block.getOrDefault(field, 0L));
  }
}
