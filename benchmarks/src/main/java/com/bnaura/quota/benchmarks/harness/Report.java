package com.bnaura.quota.benchmarks.harness;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Human-readable forms of the results: one console line per case, and a Markdown summary. */
final class Report {
  private Report() {}

  /** One case as a console line. */
  static String line(CaseResult r) {
    return String.format(Locale.ROOT,
        "  %-10s %-7s %2d thr %-20s %9.0f ops/s  p50 %8.1f  p99 %8.1f  p99.9 %8.1f us"
            + "  granted %s stored %s%s%s%s%s",
        r.database(), r.kind(), r.threads(), r.contender(), r.opsPerSec(), r.p50Us(), r.p99Us(),
        r.p999Us(), units(r.grantedMilli()), units(r.storedMilli()),
        r.free() != 0 ? "  free " + r.free() : "",
        r.lostUpdates() != 0 ? "  LOST " + r.lostUpdates() : "",
        r.overspendMilli() != 0 ? "  OVERSPEND " + units(r.overspendMilli()) : "",
        r.errors() != 0 ? "  ERRORS " + r.errors() + " (" + r.firstError() + ")"
            : r.correct() ? "" : "  INCORRECT");
  }

  /** Milli-units as a decimal number of units, {@code 1234 -> 1.234}. */
  static String units(long milli) {
    String sign = milli < 0 ? "-" : "";
    long abs = Math.abs(milli);
    return sign + (abs / 1000) + "." + String.format(Locale.ROOT, "%03d", abs % 1000);
  }

  /** The results as Markdown tables. */
  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> results, List<CaseResult> cases) {
    StringBuilder md = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) results.get("machine");
    md.append("# Benchmark results\n\n");
    md.append(String.format(Locale.ROOT, "%s; %s CPUs (%s); load average before %s, after %s;"
            + " %s; %s.%n%n", machine.get("date"), machine.get("nproc"), machine.get("cpu"),
        machine.get("loadAverage"), machine.get("loadAverageAfter"), machine.get("java"),
        machine.get("note")));
    Object jmh = results.get("jmh");
    if (jmh instanceof List<?> rows && !rows.isEmpty()) {
      md.append("## JMH\n\n| benchmark | mode | ops/s | p50 µs | p99 µs | p99.9 µs |\n");
      md.append("|---|---|---:|---:|---:|---:|\n");
      for (Object o : rows) {
        Map<String, Object> r = (Map<String, Object>) o;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
            r.get("benchmark"), r.get("mode"), num(r.get("opsPerSec"), "%.0f"),
            num(r.get("p50Us"), "%.3f"), num(r.get("p99Us"), "%.3f"), num(r.get("p999Us"), "%.3f")));
      }
      md.append('\n');
    }
    List<Map<String, Object>> ratios = (List<Map<String, Object>>) results.get("ratios");
    String database = null;
    for (CaseResult r : cases) {
      if (!r.database().equals(database)) {
        md.append(database == null ? "" : "\n");
        database = r.database();
        md.append("## ").append(database).append("\n\n");
        md.append("| case | threads | contender | ops/s | p50 µs | p99 µs | p99.9 µs | granted | stored"
            + " | free | lost updates | overspend | ours ÷ floor | ours ÷ Bucket4j |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      }
      Map<String, Object> ratio = ratios.stream()
          .filter(m -> m.get("database").equals(r.database()) && m.get("case").equals(r.kind().name())
              && m.get("threads").equals(r.threads()) && m.get("ours").equals(r.contender()))
          .findFirst().orElse(Map.of());
      md.append(String.format(Locale.ROOT,
          "| %s | %d | %s | %s | %.1f | %.1f | %.1f | %s | %s | %d | %d | %s | %s | %s |%n",
          r.kind(), r.threads(), r.contender(),
          r.kind() == CaseKind.EXHAUST ? "—" : String.format(Locale.ROOT, "%.0f", r.opsPerSec()),
          r.p50Us(), r.p99Us(), r.p999Us(), units(r.grantedMilli()), units(r.storedMilli()),
          r.free(), r.lostUpdates(), units(r.overspendMilli()),
          num(ratio.get("oursOverFloorOpsPerSec"), "%.2f"),
          Bucket4jContender.supports(r.database())
              ? num(ratio.get("oursOverBucket4jOpsPerSec"), "%.2f") : "n/a"));
    }
    Map<String, Object> profiles = (Map<String, Object>) results.get("statementProfile");
    List<Map<String, Object>> operations = profiles == null ? List.of()
        : (List<Map<String, Object>>) profiles.get("operations");
    if (!operations.isEmpty()) {
      md.append("\n## Statements per operation, alone on an idle clinic\n\n");
      md.append("| database | operation | round trips | commits | of which auto-commit writes"
          + " | rollbacks | by kind |\n|---|---|---:|---:|---:|---:|---|\n");
      for (Map<String, Object> p : operations) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
            p.get("database"), p.get("operation"), num(p.get("roundTripsPerCall"), "%.2f"),
            num(p.get("commitsPerCall"), "%.2f"), num(p.get("autocommitWritesPerCall"), "%.2f"),
            num(p.get("rollbacksPerCall"), "%.2f"), p.get("byKind")));
      }
    }
    List<Map<String, Object>> instances = (List<Map<String, Object>>) results.get("instances");
    if (instances != null && !instances.isEmpty()) {
      md.append("\n## Several instances on one PostgreSQL\n\n");
      md.append("Machine CPU is the whole machine (the instances run on the server's machine);"
          + " server CPU is the `postgres` processes'.\n\n");
      md.append("| case | contender | instances | total ops/s | p99 µs per instance | conflicts"
          + " | locked runs | store retries | errors | exact | machine CPU % | server CPU % |\n"
          + "|---|---|---:|---:|---|---:|---:|---:|---:|---|---:|---:|\n");
      for (Map<String, Object> r : instances) {
        md.append(String.format(Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            r.get("case"), r.get("contender"), r.get("instances"),
            num(r.get("totalOpsPerSec"), "%.0f"), ((List<Object>) r.get("p99UsPerInstance"))
                .stream().map(v -> num(v, "%.0f")).toList(), r.get("conflicts"),
            r.get("lockedRuns"), r.get("retries"), r.get("errors"), r.get("exact"),
            num(r.get("machineCpuPercent"), "%.0f"), num(r.get("serverCpuPercent"), "%.0f")));
      }
    }
    md.append("\n## Targets\n\n| target | value | threshold | status |\n|---|---:|---|---|\n");
    for (Map<String, Object> t : (List<Map<String, Object>>) results.get("targets")) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s |%n", t.get("target"),
          t.get("value") instanceof Number n ? Json.statistic(n.doubleValue()) : "—",
          t.get("comparison"), t.get("threshold") instanceof Number n
              ? Json.statistic(n.doubleValue()) : t.get("threshold"), t.get("status")));
    }
    return md.toString();
  }

  private static String num(Object value, String format) {
    return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "—";
  }
}
