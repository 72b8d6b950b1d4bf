package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TargetsTest {

  @Test
  void evaluate_nothingMeasured_everyTargetIsNotMeasuredAndNonePasses() {
    List<Targets.Target> targets = Targets.evaluate(List.of(), List.of(), Optional.empty(),
        Optional.empty(), List.of());

    assertThat(targets).isNotEmpty()
        .allSatisfy(t -> {
          assertThat(t.status()).isEqualTo(Targets.NOT_MEASURED);
          assertThat(t.value()).isNull();
        });
  }

  @Test
  void postgresSpreadScan_passesAtTheThresholdAndFailsBelow() {
    List<CaseResult> atThreshold = List.of(pg(CaseKind.SPREAD, "ours-scan", 350, 5_000),
        pg(CaseKind.SPREAD, "floor", 1_000, 5_000));
    List<CaseResult> below = List.of(pg(CaseKind.SPREAD, "ours-scan", 349, 5_000),
        pg(CaseKind.SPREAD, "floor", 1_000, 5_000));

    assertThat(targetOf(atThreshold, "PostgreSQL SPREAD 32 threads: ours-scan ops/s ÷ floor"))
        .extracting(Targets.Target::status, Targets.Target::value).containsExactly("pass", 0.35);
    assertThat(targetOf(below, "PostgreSQL SPREAD 32 threads: ours-scan ops/s ÷ floor").status())
        .isEqualTo("fail");
  }

  @Test
  void spreadCaseOfFewerClinicsOrOtherThreads_isNotMeasured() {
    List<CaseResult> cases = List.of(
        result("postgresql", CaseKind.SPREAD, "ours-consume", 32, 100, 1_000, 5_000),
        result("postgresql", CaseKind.SPREAD, "floor", 32, 100, 1_000, 5_000),
        result("postgresql", CaseKind.HOT, "ours-consume", 8, 1, 1_000, 5_000),
        result("postgresql", CaseKind.HOT, "floor", 8, 1, 1_000, 5_000));

    assertThat(targetOf(cases, "PostgreSQL SPREAD 32 threads: ours-consume ops/s ÷ floor").status())
        .isEqualTo(Targets.NOT_MEASURED);
    assertThat(targetOf(cases, "PostgreSQL HOT 32 threads: ours-consume ops/s ÷ floor").status())
        .isEqualTo(Targets.NOT_MEASURED);
  }

  @Test
  void hotP99_mustNotExceedTheFloors() {
    List<CaseResult> cases = List.of(pg(CaseKind.HOT, "ours-consume", 9_000, 20_000),
        pg(CaseKind.HOT, "ours-scan", 1_000, 20_001), pg(CaseKind.HOT, "floor", 3_000, 20_000));

    assertThat(targetOf(cases, "PostgreSQL HOT 32 threads: ours-consume p99 ÷ floor p99").status())
        .isEqualTo("pass");
    assertThat(targetOf(cases, "PostgreSQL HOT 32 threads: ours-scan p99 ÷ floor p99").status())
        .isEqualTo("fail");
    assertThat(targetOf(cases, "PostgreSQL HOT 32 threads: ours-consume ops/s ÷ floor").status())
        .isEqualTo("pass");
  }

  @Test
  void h2P99_isJudgedInMilliseconds() {
    List<CaseResult> cases = List.of(
        result("h2", CaseKind.SPREAD, "ours-consume", 32, 10_000, 1_000, 20_000),
        result("h2", CaseKind.SPREAD, "ours-scan", 32, 10_000, 1_000, 20_500));

    assertThat(targetOf(cases, "H2 SPREAD 32 threads: ours-consume p99 in ms"))
        .extracting(Targets.Target::status, Targets.Target::value).containsExactly("pass", 20.0);
    assertThat(targetOf(cases, "H2 SPREAD 32 threads: ours-scan p99 in ms").status())
        .isEqualTo("fail");
  }

  @Test
  void statementProfile_moreThanTwoRoundTripsOrOneCommit_fails() {
    List<Map<String, Object>> profiles = List.of(
        profile("postgresql", "reserve", 2.0, 1.0), profile("postgresql", "commit", 3.0, 1.0),
        profile("mariadb", "top-up", 2.0, 2.0));

    List<Targets.Target> t = Targets.evaluate(List.of(), profiles, Optional.empty(),
        Optional.empty(), List.of());

    assertThat(status(t, "statement profile postgresql, reserve: round trips")).isEqualTo("pass");
    assertThat(status(t, "statement profile postgresql, reserve: commits")).isEqualTo("pass");
    assertThat(status(t, "statement profile postgresql, commit: round trips")).isEqualTo("fail");
    assertThat(status(t, "statement profile mariadb, top-up: commits")).isEqualTo("fail");
    assertThat(status(t, "statement profile h2, top-up: commits"))
        .isEqualTo(Targets.NOT_MEASURED);
  }

  @Test
  void statusRead_p99MustBeBelowTwoMicroseconds() {
    assertThat(status(Targets.evaluate(List.of(), List.of(), Optional.of(2.0), Optional.of(0.99),
        List.of()), "status read (dashboard mix, JMH): p99 in µs")).isEqualTo("fail");
    assertThat(status(Targets.evaluate(List.of(), List.of(), Optional.of(1.99), Optional.of(0.99),
        List.of()), "status read (dashboard mix): cache hit rate")).isEqualTo("pass");
  }

  @Test
  void instances_worstP99IsComparedWithTheSingleInstancesOfTheSameCase() {
    List<InstanceRun> runs = List.of(run(CaseKind.HOT, 1, List.of(10_000.0), 5, 5),
        run(CaseKind.HOT, 2, List.of(20_000.0, 31_000.0), 7, 7),
        run(CaseKind.SPREAD, 1, List.of(1_000.0), 5, 5),
        run(CaseKind.SPREAD, 3, List.of(2_000.0, 2_500.0, 3_000.0), 9, 9));

    List<Targets.Target> t = Targets.evaluate(List.of(), List.of(), Optional.empty(),
        Optional.empty(), runs);

    assertThat(target(t, "several instances on PostgreSQL, HOT ours-consume: worst instance p99"
        + " ÷ single-instance p99")).extracting(Targets.Target::status, Targets.Target::value)
        .containsExactly("fail", 3.1);
    assertThat(status(t, "several instances on PostgreSQL, SPREAD ours-consume: worst instance"
        + " p99 ÷ single-instance p99")).isEqualTo("pass");
    assertThat(status(t, "several instances on PostgreSQL, HOT: milli-units granted other than"
        + " stored (summed over runs)")).isEqualTo("pass");
  }

  @Test
  void instances_anInstanceThatFinishedNoCall_leavesTheP99NotMeasured() {
    List<InstanceRun> runs = List.of(run(CaseKind.SPREAD, 1, List.of(1_000.0), 5, 5),
        run(CaseKind.SPREAD, 2, List.of(0.0, 1_500.0), 5, 5));

    assertThat(status(Targets.evaluate(List.of(), List.of(), Optional.empty(), Optional.empty(),
        runs), "several instances on PostgreSQL, SPREAD ours-consume: worst instance p99 ÷"
        + " single-instance p99")).isEqualTo(Targets.NOT_MEASURED);
  }

  @Test
  void instances_hotGrantingOtherThanStored_fails() {
    List<InstanceRun> runs = List.of(run(CaseKind.HOT, 2, List.of(1.0, 1.0), 1_000, 800));

    assertThat(status(Targets.evaluate(List.of(), List.of(), Optional.empty(), Optional.empty(),
        runs), "several instances on PostgreSQL, HOT: milli-units granted other than stored"
        + " (summed over runs)")).isEqualTo("fail");
  }

  @Test
  void exactness_anIncorrectCaseFails() {
    CaseResult wrong = new CaseResult("h2", "floor", CaseKind.EXHAUST, 8, 1, 100_000, 1_000, 500,
        100, 0, 0, 0, 10, 20, 30, 40, 101_000, 100_000, 0, 1_000, 1, 2, 3, true, null);

    assertThat(status(Targets.evaluate(List.of(wrong), List.of(), Optional.empty(),
        Optional.empty(), List.of()), "cases where ours or the floor granted other than they"
        + " stored")).isEqualTo("fail");
  }

  @Test
  void toJson_notMeasured_hasANullValueAndSaysSo() {
    Map<String, Object> json = Targets.Target.of("x", Optional.empty(), ">=", 0.5).toJson();

    assertThat(Json.write(json)).contains("\"value\": null").contains("\"threshold\": 0.5")
        .contains("\"status\": \"not measured\"");
  }

  private static String status(List<Targets.Target> targets, String name) {
    return target(targets, name).status();
  }

  private static Targets.Target targetOf(List<CaseResult> cases, String name) {
    return target(Targets.evaluate(cases, List.of(), Optional.empty(), Optional.empty(),
        List.of()), name);
  }

  private static Targets.Target target(List<Targets.Target> targets, String name) {
    return targets.stream().filter(t -> t.target().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no target " + name + " in "
            + targets.stream().map(Targets.Target::target).toList()));
  }

  private static CaseResult pg(CaseKind kind, String contender, double opsPerSec, double p99Us) {
    return result("postgresql", kind, contender, 32, kind == CaseKind.HOT ? 1 : 10_000, opsPerSec,
        p99Us);
  }

  private static CaseResult result(String database, CaseKind kind, String contender, int threads,
      int clinics, double opsPerSec, double p99Us) {
    return new CaseResult(database, contender, kind, threads, clinics, 1_000_000L, 3_000, 3_000, 0,
        0, 0, opsPerSec, p99Us / 2, p99Us, p99Us * 2, p99Us * 3, 1_000, 1_000, 0, 0, 1, 2, 3, true,
        null);
  }

  private static Map<String, Object> profile(String database, String operation, double roundTrips,
      double commits) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", database);
    m.put("operation", operation);
    m.put("roundTripsPerCall", roundTrips);
    m.put("commitsPerCall", commits);
    return m;
  }

  private static InstanceRun run(CaseKind kind, int instances, List<Double> p99, long granted,
      long stored) {
    return new InstanceRun(kind, "ours-consume", instances, 16, 1_000,
        p99.stream().map(p -> p == 0 ? 0L : 100L).toList(), new ArrayList<>(p99), granted, stored,
        0, 0, 0, 0, 0, 50, 30, List.of());
  }
}
