package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HarnessOptionsTest {

  @Test
  void parse_noArguments_runsTheIssuesMatrix() {
    HarnessOptions options = HarnessOptions.parse();

    assertThat(options.databases()).containsExactly("postgresql", "h2");
    assertThat(options.threads()).containsExactly(1, 8, 32);
    assertThat(options.kinds()).containsExactly(CaseKind.HOT, CaseKind.SPREAD, CaseKind.EXHAUST);
    assertThat(options.spreadClinics()).isEqualTo(10_000);
    assertThat(options.jmh()).isEqualTo("off");
  }

  @Test
  void parse_listsAndNone() {
    HarnessOptions options = HarnessOptions.parse("--databases", "none", "--threads", "2,4",
        "--cases", "hot,exhaust", "--contenders", "floor");

    assertThat(options.databases()).isEmpty();
    assertThat(options.threads()).containsExactly(2, 4);
    assertThat(options.maxThreads()).isEqualTo(4);
    assertThat(options.kinds()).containsExactly(CaseKind.HOT, CaseKind.EXHAUST);
    assertThat(options.contenders()).isEqualTo(List.of("floor"));
  }

  @Test
  void parse_unknownOption_namesIt() {
    assertThatThrownBy(() -> HarnessOptions.parse("--thread", "8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--thread");
  }

  @Test
  void parse_chargeBatching_takesTwoWholeNumbersOrDefault() {
    assertThat(HarnessOptions.parse("--charge-batching", "16,2").chargeBatching())
        .containsExactly(16, 2);
    assertThat(HarnessOptions.parse("--charge-batching", "default").chargeBatching()).isEmpty();
    assertThatThrownBy(() -> HarnessOptions.parse("--charge-batching", "16,x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--charge-batching").hasMessageContaining("16,x");
    assertThatThrownBy(() -> HarnessOptions.parse("--charge-batching", "16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--charge-batching");
  }

  @Test
  void parse_unknownDatabase_namesIt() {
    assertThatThrownBy(() -> HarnessOptions.parse("--databases", "mysql"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql");
  }

  @Test
  void parse_missingValue_fails() {
    assertThatThrownBy(() -> HarnessOptions.parse("--threads"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--threads needs a value");
  }

  @Test
  void parse_zeroThreads_fails() {
    assertThatThrownBy(() -> HarnessOptions.parse("--threads", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..256");
  }

  @Test
  void parse_badJmhMode_fails() {
    assertThatThrownBy(() -> HarnessOptions.parse("--jmh", "fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("off, smoke or full");
  }
}
