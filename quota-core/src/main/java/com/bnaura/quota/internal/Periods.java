package com.bnaura.quota.internal;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

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

  /**
   * The row of {@code period} as it opens for {@code account} on {@code plan}: the plan's grant,
   * nothing used, the add-on balance (free and held) as it stands, no alert sent.
   */
  static PeriodRecord opening(AccountRecord account, BillingPeriod period, Plan plan, Money zero) {
    return new PeriodRecord(account.clinic(), period, plan.id(), plan.allowance().unlimited(),
        plan.allowance().units(), Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO,
        zero, zero, Units.ZERO, account.addonAvailable().plus(account.addonReserved()),
        Units.ZERO, false, Set.of());
  }
}
