package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class CpuClockTest {

  @Test
  void used_countsEachLiveProcessFromItsEarlierReadingOrFromZero() {
    Map<Long, Long> before = Map.of(1L, 100L, 2L, 500L, 3L, 50L);
    Map<Long, Long> after = Map.of(1L, 160L, 3L, 50L, 4L, 30L);

    assertThat(CpuClock.used(before, after)).isEqualTo(60 + 0 + 30);
  }
}
