package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

final class InstancesTest {

  @Test
  void figures_readBackWhatAnInstancePrints() {
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("instance", 2);
    printed.put("contender", "ours-consume");
    printed.put("ops", 1_234_567_890_123L);
    printed.put("opsPerSec", 4_321.5);
    printed.put("p99Us", 0.000123456);
    printed.put("retries", 0L);

    Map<String, Object> read = Instances.figures(Json.write(printed));

    assertThat(read).containsOnlyKeys(printed.keySet());
    assertThat(read.get("contender")).isEqualTo("ours-consume");
    assertThat(((Number) read.get("ops")).longValue()).isEqualTo(1_234_567_890_123L);
    assertThat(((Number) read.get("opsPerSec")).doubleValue()).isEqualTo(4_321.5);
    assertThat(((Number) read.get("p99Us")).doubleValue()).isEqualTo(0.000123456);
    assertThat(((Number) read.get("instance")).intValue()).isEqualTo(2);
  }

  @Test
  void figures_ofAnInstanceThatPrintedSomethingElse_fail() {
    assertThatThrownBy(() -> Instances.figures("Exception in thread \"main\"\n"))
        .isInstanceOf(JacksonException.class);
  }
}
