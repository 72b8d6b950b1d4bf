package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HarnessOptionsTest {

  @Test
  void parse_noArguments_runsTheIssuesMatrix() {
    HarnessOptions options = HarnessOptions.parse();

    assertThat(options.databases()).containsExactly("postgresql", "h2", "mariadb");
    assertThat(options.threads()).containsExactly(1, 8, 32);
    assertThat(options.kinds()).containsExactly(CaseKind.HOT, CaseKind.SPREAD, CaseKind.EXHAUST);
    assertThat(options.spreadClinics()).isEqualTo(10_000);
    assertThat(options.jmh()).isEqualTo("off");
    assertThat(options.runs("ours-scan-repeat")).isTrue();
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
    assertThat(options.runs("floor")).isTrue();
    assertThat(options.runs("ours-scan")).isFalse();
  }

  @Test
  void parse_unknownOption_namesIt() {
    assertThatThrownBy(() -> HarnessOptions.parse("--thread", "8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--thread");
  }

  @Test
  void parse_instances_takesCountsOrNone() {
    HarnessOptions options = HarnessOptions.parse("--instances", "1,2,3", "--instance-threads", "4",
        "--instance-contenders", "ours-scan");

    assertThat(options.instances()).containsExactly(1, 2, 3);
    assertThat(options.instanceThreads()).isEqualTo(4);
    assertThat(options.instanceContenders()).containsExactly("ours-scan");
    assertThat(HarnessOptions.parse("--instances", "none").instances()).isEmpty();
    assertThat(HarnessOptions.parse().instances()).isEmpty();
  }

  @Test
  void parse_instanceContenderNotOurs_namesTheOption() {
    assertThatThrownBy(() -> HarnessOptions.parse("--instance-contenders", "floor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--instance-contenders").hasMessageContaining("floor");
  }

  @Test
  void parse_unknownContender_namesIt() {
    assertThatThrownBy(() -> HarnessOptions.parse("--contenders", "ours-scan,ours-scna"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--contenders").hasMessageContaining("ours-scna");
  }

  @Test
  void parse_chargeBatching_isNoLongerAnOption() {
    assertThatThrownBy(() -> HarnessOptions.parse("--charge-batching", "1,1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --charge-batching");
  }

  @Test
  void parse_unknownDatabase_namesIt() {
    assertThatThrownBy(() -> HarnessOptions.parse("--databases", "postgresql,mysql"))
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
