package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class BenchDatabaseTest {

  @Test
  void withDatabase_replacesTheDatabaseAndKeepsTheParameters() {
    assertThat(BenchDatabase.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root",
        "bench_1")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/bench_1?user=root");
    assertThat(BenchDatabase.withDatabase("jdbc:mariadb://db:3306?user=root&password=x",
        "bench_1")).isEqualTo("jdbc:mariadb://db:3306/bench_1?user=root&password=x");
    assertThat(BenchDatabase.withDatabase("jdbc:mariadb://db/test", "bench_1"))
        .isEqualTo("jdbc:mariadb://db/bench_1");
  }

  @Test
  void withDatabase_urlWithoutHost_failsWithoutThePassword() {
    assertThatThrownBy(() -> BenchDatabase.withDatabase("jdbc:mariadb:test?password=secret", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url")
        .hasMessageNotContaining("secret");
  }
}
