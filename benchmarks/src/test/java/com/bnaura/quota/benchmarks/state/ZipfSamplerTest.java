package com.bnaura.quota.benchmarks.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ZipfSamplerTest {

  @Test
  void draws_stayInRange_andFavourTheTopRanks() {
    ZipfSampler zipf = new ZipfSampler(10_000, 1.0);

    int[] ranks = zipf.draw(100_000, new SplittableRandom(1));

    assertThat(Arrays.stream(ranks).min().getAsInt()).isGreaterThanOrEqualTo(0);
    assertThat(Arrays.stream(ranks).max().getAsInt()).isLessThan(10_000);
    long top100 = Arrays.stream(ranks).filter(r -> r < 100).count();
    assertThat(top100 / 100_000.0).isCloseTo(zipf.shareOfTop(100), offset(0.01));
    assertThat(zipf.shareOfTop(100)).isGreaterThan(0.5);
  }

  @Test
  void exponentZero_isUniform() {
    ZipfSampler uniform = new ZipfSampler(4, 0);

    assertThat(uniform.shareOfTop(1)).isEqualTo(0.25);
    assertThat(uniform.shareOfTop(4)).isEqualTo(1.0);
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> new ZipfSampler(0, 1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be at least 1");
    assertThatThrownBy(() -> new ZipfSampler(10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exponent");
  }
}
