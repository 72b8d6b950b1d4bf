package com.bnaura.quota.internal;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ResetSchedule;
import java.time.Instant;
import java.time.ZoneId;

/** Where one period ends and the next begins, shared by the rollover and by reads. */
final class Periods {
  private Periods() {}

  /**
   * The period that follows {@code previous}: it starts where {@code previous} ends and ends at the
   * schedule's next reset, so a change of zone or anchor day gives one shorter period, never a gap
   * or an overlap.
   */
  static BillingPeriod next(BillingPeriod previous, ResetSchedule schedule, ZoneId zone) {
    Instant start = previous.end();
    return new BillingPeriod(start, schedule.periodContaining(start, zone).end());
  }
}
