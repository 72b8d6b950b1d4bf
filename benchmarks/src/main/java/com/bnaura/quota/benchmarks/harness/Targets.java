package com.bnaura.quota.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The targets of the engine redesign (issue #18, "How it is measured") and every threshold they
 * set, evaluated against one run's figures. A target whose figures the run did not measure (a
 * database, contender, case or thread count left out, a SPREAD case of other than {@value
 * #SPREAD_CLINICS} clinics) is {@value #NOT_MEASURED}, never a pass.
 */
final class Targets {
  /** The thread count the throughput and latency targets are set at. */
  static final int THREADS = 32;

  /** The clinics of the SPREAD case the targets are set for. */
  static final int SPREAD_CLINICS = 10_000;

  /** PostgreSQL SPREAD: ours-scan ÷ floor, at least. */
  static final double PG_SPREAD_SCAN_OVER_FLOOR = 0.35;

  /** PostgreSQL SPREAD: ours-consume ÷ floor, at least. */
  static final double PG_SPREAD_CONSUME_OVER_FLOOR = 0.85;

  /** PostgreSQL SPREAD: ours-consume ÷ Bucket4j, at least. */
  static final double PG_SPREAD_CONSUME_OVER_BUCKET4J = 1.8;

  /** PostgreSQL HOT: ours-consume ÷ floor, at least (coalescing). */
  static final double PG_HOT_CONSUME_OVER_FLOOR = 3.0;

  /** PostgreSQL HOT: ours-scan ÷ floor, at least. */
  static final double PG_HOT_SCAN_OVER_FLOOR = 0.5;

  /** PostgreSQL HOT: ours' p99 ÷ the floor's p99, at most. */
  static final double PG_HOT_P99_OVER_FLOOR = 1.0;

  /** H2 SPREAD: ours-consume ÷ the floor on the same durability, at least. */
  static final double H2_SPREAD_CONSUME_OVER_FLOOR = 1.0;

  /** H2 SPREAD: ours-scan ÷ the floor on the same durability, at least. */
  static final double H2_SPREAD_SCAN_OVER_FLOOR = 0.5;

  /** H2 SPREAD: ours' p99 in milliseconds, at most. */
  static final double H2_SPREAD_P99_MILLIS = 20;

  /** MariaDB SPREAD: ours-scan ÷ floor, at least. */
  static final double MARIADB_SPREAD_SCAN_OVER_FLOOR = 0.3;

  /** Statement profile: round trips (statement executions, a batch as one) per operation, at most. */
  static final double PROFILE_ROUND_TRIPS = 2;

  /** Statement profile: commits per operation, at most. */
  static final double PROFILE_COMMITS = 1;

  /** The cached status read's p99 in microseconds, below. */
  static final double STATUS_P99_MICROS = 2;

  /** The status cache's hit rate, at least. */
  static final double STATUS_HIT_RATE = 0.99;

  /** Several instances: each instance's p99 ÷ its single-instance p99, at most. */
  static final double INSTANCE_P99_OVER_SINGLE = 3;

  /** The status of a target whose figures the run did not measure. */
  static final String NOT_MEASURED = "not measured";

  private Targets() {}

  /**
   * One target: what it is, the measured value, how it is compared with its threshold, and the
   * verdict ({@code pass}, {@code fail} or {@value #NOT_MEASURED}).
   *
   * @param target what is measured and where
   * @param value the measured value, or {@code null} when not measured
   * @param comparison {@code >=}, {@code <=} or {@code <}
   * @param threshold the threshold
   * @param status {@code pass}, {@code fail} or {@value #NOT_MEASURED}
   */
  record Target(String target, Double value, String comparison, double threshold, String status) {

    /** A target of {@code value} against {@code threshold} by {@code comparison}. */
    static Target of(String target, Optional<Double> value, String comparison, double threshold) {
      String status = value.map(v -> switch (comparison) {
        case ">=" -> v >= threshold;
        case "<=" -> v <= threshold;
        case "<" -> v < threshold;
        default -> throw new IllegalArgumentException("comparison must be >=, <= or <, was "
            + comparison);
      }).map(met -> met ? "pass" : "fail").orElse(NOT_MEASURED);
      return new Target(target, value.orElse(null), comparison, threshold, status);
    }

    /** The target as a JSON object. */
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", target);
      m.put("value", value);
      m.put("comparison", comparison);
      m.put("threshold", threshold);
      m.put("status", status);
      return m;
    }
  }

  /** Every target, evaluated against the figures of one run. */
  static List<Target> evaluate(List<CaseResult> cases, List<Map<String, Object>> operationProfiles,
      Optional<Double> statusP99Micros, Optional<Double> statusHitRate,
      List<InstanceRun> instanceRuns) {
    List<Target> t = new ArrayList<>();
    String pg = BenchDatabase.POSTGRESQL;
    String h2 = BenchDatabase.H2;
    String maria = BenchDatabase.MARIADB;
    String scan = OursContender.SCAN;
    String consume = OursContender.CONSUME;
    String floor = FloorContender.NAME;
    String at = " " + THREADS + " threads";

    t.add(Target.of("PostgreSQL SPREAD" + at + ": ours-scan ops/s ÷ floor",
        ratio(cases, pg, CaseKind.SPREAD, scan, floor, CaseResult::opsPerSec), ">=",
        PG_SPREAD_SCAN_OVER_FLOOR));
    t.add(Target.of("PostgreSQL SPREAD" + at + ": ours-consume ops/s ÷ floor",
        ratio(cases, pg, CaseKind.SPREAD, consume, floor, CaseResult::opsPerSec), ">=",
        PG_SPREAD_CONSUME_OVER_FLOOR));
    t.add(Target.of("PostgreSQL SPREAD" + at + ": ours-consume ops/s ÷ Bucket4j",
        ratio(cases, pg, CaseKind.SPREAD, consume, Bucket4jContender.NAME, CaseResult::opsPerSec),
        ">=", PG_SPREAD_CONSUME_OVER_BUCKET4J));
    t.add(Target.of("PostgreSQL HOT" + at + ": ours-consume ops/s ÷ floor",
        ratio(cases, pg, CaseKind.HOT, consume, floor, CaseResult::opsPerSec), ">=",
        PG_HOT_CONSUME_OVER_FLOOR));
    t.add(Target.of("PostgreSQL HOT" + at + ": ours-scan ops/s ÷ floor",
        ratio(cases, pg, CaseKind.HOT, scan, floor, CaseResult::opsPerSec), ">=",
        PG_HOT_SCAN_OVER_FLOOR));
    t.add(Target.of("PostgreSQL HOT" + at + ": ours-consume p99 ÷ floor p99",
        ratio(cases, pg, CaseKind.HOT, consume, floor, CaseResult::p99Us), "<=",
        PG_HOT_P99_OVER_FLOOR));
    t.add(Target.of("PostgreSQL HOT" + at + ": ours-scan p99 ÷ floor p99",
        ratio(cases, pg, CaseKind.HOT, scan, floor, CaseResult::p99Us), "<=",
        PG_HOT_P99_OVER_FLOOR));
    t.add(Target.of("H2 SPREAD" + at + ": ours-consume ops/s ÷ floor (WRITE_DELAY=0)",
        ratio(cases, h2, CaseKind.SPREAD, consume, floor, CaseResult::opsPerSec), ">=",
        H2_SPREAD_CONSUME_OVER_FLOOR));
    t.add(Target.of("H2 SPREAD" + at + ": ours-scan ops/s ÷ floor (WRITE_DELAY=0)",
        ratio(cases, h2, CaseKind.SPREAD, scan, floor, CaseResult::opsPerSec), ">=",
        H2_SPREAD_SCAN_OVER_FLOOR));
    t.add(Target.of("H2 SPREAD" + at + ": ours-consume p99 in ms",
        find(cases, h2, CaseKind.SPREAD, consume).map(r -> r.p99Us() / 1_000), "<=",
        H2_SPREAD_P99_MILLIS));
    t.add(Target.of("H2 SPREAD" + at + ": ours-scan p99 in ms",
        find(cases, h2, CaseKind.SPREAD, scan).map(r -> r.p99Us() / 1_000), "<=",
        H2_SPREAD_P99_MILLIS));
    t.add(Target.of("MariaDB SPREAD" + at + ": ours-scan ops/s ÷ floor",
        ratio(cases, maria, CaseKind.SPREAD, scan, floor, CaseResult::opsPerSec), ">=",
        MARIADB_SPREAD_SCAN_OVER_FLOOR));

    for (String database : List.of(pg, h2, maria)) {
      for (String operation : StatementProfile.OPERATIONS) {
        Optional<Map<String, Object>> p = operationProfiles.stream()
            .filter(m -> database.equals(m.get("database")) && operation.equals(m.get("operation")))
            .findFirst();
        t.add(Target.of("statement profile " + database + ", " + operation + ": round trips",
            p.map(m -> (Double) m.get("roundTripsPerCall")), "<=", PROFILE_ROUND_TRIPS));
        t.add(Target.of("statement profile " + database + ", " + operation + ": commits",
            p.map(m -> (Double) m.get("commitsPerCall")), "<=", PROFILE_COMMITS));
      }
    }

    t.add(Target.of("status read (dashboard mix, JMH): p99 in µs", statusP99Micros, "<",
        STATUS_P99_MICROS));
    t.add(Target.of("status read (dashboard mix): cache hit rate", statusHitRate, ">=",
        STATUS_HIT_RATE));

    for (CaseKind kind : List.of(CaseKind.HOT, CaseKind.SPREAD)) {
      for (String contender : instanceRuns.stream().filter(r -> r.kind() == kind)
          .map(InstanceRun::contender).distinct().toList()) {
        t.add(Target.of("several instances on PostgreSQL, " + kind + " " + contender
                + ": worst instance p99 ÷ single-instance p99",
            worstP99OverSingle(instanceRuns, kind, contender), "<=", INSTANCE_P99_OVER_SINGLE));
      }
    }
    List<InstanceRun> hot = instanceRuns.stream().filter(r -> r.kind() == CaseKind.HOT).toList();
    t.add(Target.of("several instances on PostgreSQL, HOT: milli-units granted other than stored"
            + " (summed over runs)",
        hot.isEmpty() ? Optional.empty() : Optional.of((double) hot.stream()
            .mapToLong(r -> Math.abs(r.grantedMilli() - r.storedMilli()) + r.heldMilli()).sum()),
        "<=", 0));

    long judged = cases.stream().filter(CaseResult::exact).count();
    t.add(Target.of("cases where ours or the floor granted other than they stored",
        judged == 0 ? Optional.empty()
            : Optional.of((double) cases.stream().filter(r -> !r.correct()).count()),
        "<=", 0));
    return t;
  }

  /**
   * The worst instance's p99 over the runs of more than one instance, divided by the p99 of the
   * single-instance run of the same case and contender; not measured when any of those instances
   * finished no call in its measurement window.
   */
  static Optional<Double> worstP99OverSingle(List<InstanceRun> runs, CaseKind kind,
      String contender) {
    if (runs.stream().anyMatch(r -> r.kind() == kind && r.contender().equals(contender)
        && !r.measured())) {
      return Optional.empty();
    }
    Optional<Double> single = runs.stream()
        .filter(r -> r.kind() == kind && r.contender().equals(contender) && r.instances() == 1)
        .flatMap(r -> r.p99Us().stream()).findFirst();
    Optional<Double> worst = runs.stream()
        .filter(r -> r.kind() == kind && r.contender().equals(contender) && r.instances() > 1)
        .flatMap(r -> r.p99Us().stream()).max(Double::compare);
    return single.isPresent() && worst.isPresent() && single.get() > 0
        ? Optional.of(worst.get() / single.get()) : Optional.empty();
  }

  private static Optional<Double> ratio(List<CaseResult> cases, String database, CaseKind kind,
      String numerator, String denominator, ToDoubleFunction<CaseResult> metric) {
    Optional<CaseResult> a = find(cases, database, kind, numerator);
    Optional<CaseResult> b = find(cases, database, kind, denominator);
    if (a.isEmpty() || b.isEmpty() || metric.applyAsDouble(b.get()) == 0) {
      return Optional.empty();
    }
    return Optional.of(metric.applyAsDouble(a.get()) / metric.applyAsDouble(b.get()));
  }

  private static Optional<CaseResult> find(List<CaseResult> cases, String database, CaseKind kind,
      String contender) {
    return cases.stream().filter(r -> r.database().equals(database) && r.kind() == kind
            && r.threads() == THREADS && r.contender().equals(contender)
            && (kind != CaseKind.SPREAD || r.clinics() == SPREAD_CLINICS))
        .findFirst();
  }
}
