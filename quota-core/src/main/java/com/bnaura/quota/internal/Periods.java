package com.bnaura.quota.internal;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * The period rollover, one rule for writes, reads and feature checks: where one period ends and the
 * next begins, and which plan the next one opens on.
 */
final class Periods {
  private Periods() {}

  /**
   * The plan a period after {@code account}'s current one opens on: the pending plan (a downgrade
   * taking effect at the reset) if the catalog still has it, otherwise the current plan.
   */
  static PlanId planAfterReset(AccountRecord account, QuotaCatalog catalog) {
    return account.pendingPlan().filter(p -> catalog.plan(p).isPresent()).orElse(account.plan());
  }

  /**
   * The plan in force at {@code now}: the current plan while the stored current period lasts, the
   * plan after the reset once it has ended (whether or not a write has opened the next period).
   */
  static PlanId planInForce(AccountRecord account, Instant now, QuotaCatalog catalog) {
    return now.isBefore(account.currentPeriod().end()) ? account.plan()
        : planAfterReset(account, catalog);
  }

  /** The period of {@code account}'s schedule that contains {@code now}, from its current one on. */
  static BillingPeriod periodAt(AccountRecord account, Instant now) {
    BillingPeriod period = account.currentPeriod();
    while (!now.isBefore(period.end())) {
      period = next(period, account.schedule(), account.zone());
    }
    return period;
  }

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
