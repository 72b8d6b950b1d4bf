package com.bnaura.quota.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {

  @Test
  void retryableStatuses_areTheTransientOnes() {
    assertThat(List.of(408, 429, 500, 502, 503, 504)).allMatch(RetryPolicy::isRetryable);
    assertThat(List.of(400, 401, 403, 404, 409, 501)).noneMatch(RetryPolicy::isRetryable);
  }

  @Test
  void backoff_doublesUpToTheCap_withJitterInTheUpperHalf() {
    RetryPolicy low = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350),
        Duration.ofSeconds(1), 1, () -> 0.0);
    RetryPolicy high = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350),
        Duration.ofSeconds(1), 1, () -> 0.999_999);

    assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(low.backoff(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(low.backoff(3)).isEqualTo(Duration.ofMillis(175));
    assertThat(high.backoff(2)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(high.backoff(60)).isBetween(Duration.ofMillis(349), Duration.ofMillis(350));
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-03-10T03:00:00Z");

    assertThat(RetryPolicy.parseRetryAfter("7", now)).hasValue(Duration.ofSeconds(7));
    assertThat(RetryPolicy.parseRetryAfter("Tue, 10 Mar 2026 03:00:30 GMT", now))
        .hasValue(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Tue, 10 Mar 2026 02:00:00 GMT", now))
        .hasValue(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
  }

  @Test
  void retryDelay_readsProtobufDurations() {
    assertThat(RetryPolicy.parseProtoDuration("43s")).hasValue(Duration.ofSeconds(43));
    assertThat(RetryPolicy.parseProtoDuration("0.250s")).hasValue(Duration.ofMillis(250));
    assertThat(RetryPolicy.parseProtoDuration("1.000000001s"))
        .hasValue(Duration.ofSeconds(1, 1));
    assertThat(RetryPolicy.parseProtoDuration("-1s")).isEmpty();
    assertThat(RetryPolicy.parseProtoDuration("5m")).isEmpty();
  }

  @Test
  void policy_refusesNoAttempts() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ZERO, 0, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was 0");
  }

  @Test
  void retriesTimeout_untilTimeoutRetriesOrMaxAttemptsRunOut() {
    RetryPolicy once = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ZERO, 1, () -> 0.5);
    RetryPolicy twoAttempts = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ZERO, 5, () -> 0.5);

    assertThat(once.retriesTimeout(1, 0)).isTrue();
    assertThat(once.retriesTimeout(2, 1)).isFalse();
    assertThat(twoAttempts.retriesTimeout(1, 0)).isTrue();
    assertThat(twoAttempts.retriesTimeout(2, 1)).isFalse();
  }
}
