package com.bnaura.quota.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RateLimiterTest {
  private final MutableClock clock = Fixtures.clock();

  @Test
  void perUser_refusesOverTheRate_withTheWait_thenRefills() {
    RateLimiter limiter = RateLimiter.inProcess().perUser(3, Duration.ofMinutes(1)).clock(clock)
        .build();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("c1", "u1").permitted()).isTrue();
    }

    RateLimiter.Decision refused = limiter.tryAcquire("c1", "u1");

    assertThat(refused.permitted()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(refused.message()).contains("user u1 of clinic c1", "3 AI requests in a minute");
    clock.advance(Duration.ofSeconds(20));
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isTrue();
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isFalse();
  }

  @Test
  void users_haveTheirOwnBuckets_evenWithTheSameIdInAnotherClinic() {
    RateLimiter limiter = RateLimiter.inProcess().perUser(1, Duration.ofMinutes(1)).clock(clock)
        .build();
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isTrue();

    assertThat(limiter.tryAcquire("c1", "u2").permitted()).isTrue();
    assertThat(limiter.tryAcquire("c2", "u1").permitted()).isTrue();
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isFalse();
  }

  @Test
  void perClinic_refuses_andGivesTheUsersPermitBack() {
    RateLimiter limiter = RateLimiter.inProcess().perUser(2, Duration.ofMinutes(1))
        .perClinic(2, Duration.ofMinutes(1)).clock(clock).build();
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isTrue();
    assertThat(limiter.tryAcquire("c1", "u2").permitted()).isTrue();

    RateLimiter.Decision refused = limiter.tryAcquire("c1", "u1");

    assertThat(refused.permitted()).isFalse();
    assertThat(refused.message()).startsWith("clinic c1");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryAcquire("c1", "u1").permitted()).isTrue();
  }

  @Test
  void withoutAUser_onlyTheClinicRateApplies() {
    RateLimiter limiter = RateLimiter.inProcess().perUser(1, Duration.ofMinutes(1))
        .perClinic(2, Duration.ofMinutes(1)).clock(clock).build();

    assertThat(limiter.tryAcquire("c1", null).permitted()).isTrue();
    assertThat(limiter.tryAcquire("c1", null).permitted()).isTrue();
    assertThat(limiter.tryAcquire("c1", null).permitted()).isFalse();
  }

  @Test
  void none_permitsEverything() {
    for (int i = 0; i < 1000; i++) {
      assertThat(RateLimiter.NONE.tryAcquire("c1", "u1")).isEqualTo(RateLimiter.Decision.PERMITTED);
    }
  }

  @Test
  void builder_refusesSettingARateTwice() {
    RateLimiter.Builder builder = RateLimiter.inProcess().perUser(30, Duration.ofMinutes(1));

    assertThatThrownBy(() -> builder.perUser(10, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("perUser was already set to 30 per PT1M");
  }
}
