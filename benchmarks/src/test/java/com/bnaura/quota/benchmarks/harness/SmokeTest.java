package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmarks from rotting: every JMH benchmark runs one short iteration in this JVM, and
 * the load harness makes a short pass on H2. The full run is {@code -Pbench}, never the default
 * build.
 */
final class SmokeTest {

  @Test
  void jmhSuite_runsEveryBenchmarkInBothModes(@TempDir Path dir) {
    HarnessOptions options = HarnessOptions.parse("--out", dir.resolve("jmh.json").toString(),
        "--databases", "none", "--jmh", "smoke");

    Map<String, Object> results = LoadHarness.run(options);

    List<Map<String, Object>> rows = rows(results, "jmh");
    assertThat(rows).extracting(r -> r.get("benchmark") + " " + r.get("mode"))
        .contains("StatusReadBenchmark.dashboard:read sample",
            "StatusReadBenchmark.dashboard:read thrpt",
            "ConsumeBenchmark.inMemory sample", "ConsumeBenchmark.inMemory thrpt",
            "ConsumeBenchmark.h2 sample", "ConsumeBenchmark.h2 thrpt",
            "ReserveCommitBenchmark.inMemory sample", "ReserveCommitBenchmark.inMemory thrpt",
            "ReserveCommitBenchmark.h2 sample", "ReserveCommitBenchmark.h2 thrpt");
    assertThat(rows).filteredOn(r -> "sample".equals(r.get("mode")))
        .allSatisfy(r -> assertThat((Double) r.get("p99Us")).isPositive());
    assertThat(rows).filteredOn(r -> "thrpt".equals(r.get("mode")))
        .allSatisfy(r -> assertThat((Double) r.get("opsPerSec")).isPositive());
    @SuppressWarnings("unchecked")
    Map<String, Object> cache = (Map<String, Object>) results.get("statusCache");
    assertThat((Double) cache.get("hitRate")).isBetween(0.0, 1.0);
  }

  @Test
  void loadHarness_onH2_oursAndTheFloorGrantExactlyWhatTheyStore(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("results.json");
    HarnessOptions options = HarnessOptions.parse("--out", out.toString(), "--databases", "h2",
        "--threads", "2", "--warmup-ms", "100", "--duration-ms", "250", "--spread-clinics", "100",
        "--contenders", "ours-consume,ours-scan,floor,old-pattern", "--profile-calls", "20");

    Map<String, Object> results = LoadHarness.run(options);

    assertThat(results.get("correct")).isEqualTo(true);
    List<Map<String, Object>> cases = rows(results, "cases");
    assertThat(cases).extracting(c -> c.get("contender") + " " + c.get("case"))
        .contains("ours-consume HOT", "ours-scan HOT", "ours-scan SPREAD", "ours-scan EXHAUST",
            "floor SPREAD", "old-pattern EXHAUST");
    assertThat(cases).filteredOn(c -> "ours-scan".equals(c.get("contender")))
        .allSatisfy(c -> assertThat((Long) c.get("grantedMilli")).isPositive());
    assertThat(cases).filteredOn(c -> Boolean.TRUE.equals(c.get("mustBeExact")))
        .allSatisfy(c -> {
          assertThat(c.get("grantedMilli")).isEqualTo(c.get("storedMilli"));
          assertThat(c.get("correct")).isEqualTo(true);
        });
    // a one-unit call drains the 100-unit quota within the case; 500 scans may not
    assertThat(cases).filteredOn(c -> "EXHAUST".equals(c.get("case"))
            && List.of("ours-consume", "floor").contains(c.get("contender")))
        .allSatisfy(c -> assertThat(c.get("storedMilli")).isEqualTo(100_000L));
    assertThat(cases).filteredOn(c -> "old-pattern".equals(c.get("contender")))
        .allSatisfy(c -> assertThat(c).containsKeys("lostUpdates", "overspendMilli"));
    assertThat(rows(results, "ratios")).isNotEmpty()
        .allSatisfy(r -> assertThat((Double) r.get("oursOverFloorOpsPerSec")).isPositive());
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> profiles =
        (Map<String, List<Map<String, Object>>>) results.get("statementProfile");
    assertThat(profiles.get("contenders")).extracting(p -> p.get("contender"))
        .contains("ours-consume", "ours-scan", "floor");
    assertThat(profiles.get("operations")).extracting(p -> p.get("operation"))
        .containsExactlyElementsOf(StatementProfile.OPERATIONS);
    // 2 threads on 100 clinics measure none of the 32-thread targets on 10,000 clinics
    assertThat(rows(results, "targets")).filteredOn(t -> t.get("target").toString()
            .startsWith("H2 SPREAD"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.get("status")).isEqualTo(Targets.NOT_MEASURED));
    assertThat(rows(results, "targets")).filteredOn(t -> t.get("target").toString()
            .startsWith("statement profile h2"))
        .hasSize(2 * StatementProfile.OPERATIONS.size())
        .allSatisfy(t -> assertThat(t.get("value")).isNotNull());
    assertThat(Files.readString(out)).contains("\"correct\": true");
    assertThat(dir.resolve("results.md")).exists();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> results, String key) {
    return (List<Map<String, Object>>) results.get(key);
  }
}
