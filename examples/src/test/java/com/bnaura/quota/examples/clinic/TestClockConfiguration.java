package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.testing.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Replaces the app's clock with a {@link MutableClock} standing at 2026-11-10T03:00:00Z, one per
 * application context, so a test that moves it ({@code @Autowired MutableClock clock}) moves only
 * its own app's time.
 */
@TestConfiguration
class TestClockConfiguration {

  /** The instant every app under test starts at. */
  static final String START = "2026-11-10T03:00:00Z";

  @Bean
  @Primary
  MutableClock testClock() {
    return MutableClock.at(START);
  }
}
