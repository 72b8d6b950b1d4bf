package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

final class ResetScheduleTest {
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  @Test
  void calendarMonth_inBangkok_switchesAt17Utc() {
    BillingPeriod january = BillingPeriod.monthOf(Instant.parse("2026-01-31T16:59:59.999Z"), BANGKOK);
    BillingPeriod february = BillingPeriod.monthOf(Instant.parse("2026-01-31T17:00:00Z"), BANGKOK);

    assertThat(january.start()).isEqualTo(Instant.parse("2025-12-31T17:00:00Z"));
    assertThat(january.end()).isEqualTo(february.start());
    assertThat(february.end()).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
  }

  @Test
  void anchorDay31_clampsToEndOfFebruary_andLeapYears() {
    ResetSchedule anchor31 = ResetSchedule.anchorDay(31);

    BillingPeriod feb2026 = anchor31.periodContaining(Instant.parse("2026-03-01T00:00:00Z"), BANGKOK);
    BillingPeriod feb2028 = anchor31.periodContaining(Instant.parse("2028-03-01T00:00:00Z"), BANGKOK);

    assertThat(feb2026.start()).isEqualTo(Instant.parse("2026-02-27T17:00:00Z")); // 28 Feb 00:00 ICT
    assertThat(feb2026.end()).isEqualTo(Instant.parse("2026-03-30T17:00:00Z"));   // 31 Mar 00:00 ICT
    assertThat(feb2028.start()).isEqualTo(Instant.parse("2028-02-28T17:00:00Z")); // 29 Feb 00:00 ICT
  }

  @Test
  void periodAfter_isContiguous() {
    ResetSchedule anchor15 = ResetSchedule.anchorDay(15);
    BillingPeriod p = anchor15.periodContaining(Instant.parse("2026-01-20T00:00:00Z"), BANGKOK);

    for (int i = 0; i < 30; i++) {
      BillingPeriod next = anchor15.periodAfter(p, BANGKOK);
      assertThat(next.start()).isEqualTo(p.end());
      assertThat(anchor15.periodBefore(next, BANGKOK)).isEqualTo(p);
      p = next;
    }
  }

  @Test
  void dstZone_periodsStartAtLocalMidnight() {
    ZoneId newYork = ZoneId.of("America/New_York");

    BillingPeriod march = BillingPeriod.monthOf(Instant.parse("2026-03-15T12:00:00Z"), newYork);

    assertThat(march.start()).isEqualTo(Instant.parse("2026-03-01T05:00:00Z")); // EST
    assertThat(march.end()).isEqualTo(Instant.parse("2026-04-01T04:00:00Z"));   // EDT
  }

  @Test
  void anchorDayOutOfRange_namesTheField() {
    assertThatThrownBy(() -> ResetSchedule.anchorDay(0))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.field()).isEqualTo("anchorDay"));
    assertThatThrownBy(() -> ResetSchedule.anchorDay(32)).isInstanceOf(InvalidArgumentException.class);
  }
}
