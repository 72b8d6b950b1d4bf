package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ReportTest {

  @Test
  void units_printsMilliUnitsAsThreeDecimals() {
    assertThat(Report.units(0)).isEqualTo("0.000");
    assertThat(Report.units(1_234)).isEqualTo("1.234");
    assertThat(Report.units(-29_000)).isEqualTo("-29.000");
    assertThat(Report.units(Long.MAX_VALUE)).isEqualTo("9223372036854775.807");
  }

  @Test
  void lostUpdates_areGrantedMinusStoredInCalls() {
    CaseResult old = result("old-pattern", false, 129_000, 100_000, 29_000);

    assertThat(old.lostUpdates()).isEqualTo(29);
    assertThat(old.correct()).isTrue();
  }

  @Test
  void exactContender_grantingMoreThanItStores_isNotCorrect() {
    CaseResult floor = result("floor", true, 101_000, 100_000, 0);

    assertThat(floor.correct()).isFalse();
    assertThat(floor.toJson()).containsEntry("correct", false)
        .containsEntry("grantedEqualsStored", false);
  }

  @Test
  void ratios_pairOursWithTheFloorAndBucket4jOfTheSameCase() {
    List<CaseResult> cases = List.of(
        timed("ours-consume", 800), timed("floor", 1_000), timed("bucket4j", 400));

    List<Map<String, Object>> ratios = LoadHarness.ratios(cases);

    assertThat(ratios).hasSize(1);
    assertThat(ratios.get(0)).containsEntry("oursOverFloorOpsPerSec", 0.8)
        .containsEntry("oursOverBucket4jOpsPerSec", 2.0);
  }

  @Test
  void ratios_coverTheScans() {
    List<CaseResult> cases = List.of(timed("ours-scan", 300), timed("ours-scan-repeat", 450),
        timed("floor", 1_000));

    assertThat(LoadHarness.ratios(cases)).extracting(r -> r.get("ours") + " "
        + r.get("oursOverFloorOpsPerSec")).containsExactly("ours-scan 0.3", "ours-scan-repeat 0.45");
  }

  @Test
  void attempt_freeGrantIsNeitherChargedNorRefused() {
    Contender.Attempt free = Contender.Attempt.granted(0);

    assertThat(free.free()).isTrue();
    assertThat(free.refused()).isFalse();
    assertThat(Contender.Attempt.REFUSED.free()).isFalse();
    assertThatThrownBy(() -> new Contender.Attempt(200, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grantedMilli");
  }

  @Test
  void json_escapesAndRoundsStatistics() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sql", "select \"x\"\n");
    m.put("p99Us", 1.23456);
    m.put("nan", Double.NaN);

    assertThat(Json.write(m)).contains("\"select \\\"x\\\"\\n\"").contains("1.235")
        .contains("\"nan\": null");
  }

  @Test
  void json_keepsTheDigitsOfRatesBelowOne() {
    assertThat(Json.statistic(0.99956)).isEqualTo("0.99956");
    assertThat(Json.statistic(0.000123456789)).isEqualTo("0.000123457");
    assertThat(Json.statistic(10809.333333)).isEqualTo("10809.333");
    assertThat(Json.statistic(2.0)).isEqualTo("2");
  }

  private static CaseResult timed(String contender, double opsPerSec) {
    return new CaseResult("postgresql", contender, CaseKind.SPREAD, 32, 10_000, 1_000_000_000L,
        3_000, 3_000, 0, 0, 0, opsPerSec, 100, 1_000, 2_000, 3_000, 3_000_000, 3_000_000, 0, 0, 10,
        20, 30, contender.startsWith("ours") || contender.equals("floor"), null);
  }

  private static CaseResult result(String contender, boolean exact, long granted, long stored,
      long overspend) {
    return new CaseResult("h2", contender, CaseKind.EXHAUST, 8, 1, 100_000, 1_000, 500, 100, 0, 0,
        0, 10, 20, 30, 40, granted, stored, 0, overspend, 1, 2, 3, exact, null);
  }
}
