package com.bnaura.quota.internal;

import com.bnaura.quota.Balance;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A clinic as a read at one instant sees it: its account and the row of the period containing that
 * instant, which is a fresh row (full grant, nothing used) when the reset passed and nothing has
 * written since.
 *
 * @param account the committed account
 * @param row the current period's row, stored or as it will open
 * @param planId the plan in force in that period
 * @param plan the catalog's plan, if it still has it
 * @param policy the overage policy in force
 * @param rolledOver whether the row is a period nobody has opened in the store yet
 * @param grants the clinic's open add-on grants
 * @param addon the add-on units those grants hold free at the view's instant (a grant past its
 *     expiry counts nothing, whether or not a write has settled that yet)
 */
record ClinicView(AccountRecord account, PeriodRecord row, PlanId planId, Optional<Plan> plan,
    OveragePolicy policy, boolean rolledOver, List<GrantRecord> grants, Units addon) {

  /**
   * The view at {@code now} of an account and the stored row of its current period.
   *
   * @throws com.bnaura.quota.QuotaRefusedException with {@code UNKNOWN_PLAN} when the reset passed
   *     and the catalog lost the plan the new period would open on
   */
  static ClinicView at(AccountRecord a, PeriodRecord stored, List<GrantRecord> grants,
      Instant now, QuotaCatalog catalog) {
    PlanId planId = a.plan();
    PeriodRecord row = stored;
    boolean rolledOver = !now.isBefore(a.currentPeriod().end());
    if (rolledOver) {
      BillingPeriod next = Periods.periodAt(a, now);
      planId = Periods.planAfterReset(a, catalog);
      PlanId shown = planId;
      Plan plan = catalog.plan(planId).orElseThrow(() ->
          Refused.of(RefusalCode.UNKNOWN_PLAN, Messages.planMissing(a.clinic(), shown))
              .toException());
      // the new period's add-on at start leaves out grants that expired by now
      AccountRecord settled = a.withAddon(GrantBurnOrder.available(grants, now),
          a.addonReserved(), a.addonPurchased(), a.addonUsed(), a.updatedAt());
      row = Periods.opening(settled, next, plan, Money.zero(catalog.currency()));
    }
    Optional<Plan> plan = catalog.plan(planId);
    OveragePolicy policy = a.policyOverride()
        .orElse(plan.map(Plan::defaultPolicy).orElse(OveragePolicy.BLOCK));
    return new ClinicView(a, row, planId, plan, policy, rolledOver, List.copyOf(grants),
        GrantBurnOrder.available(grants, now));
  }

  BillingPeriod period() {
    return row.period();
  }

  /** Monthly remaining plus add-on available ({@link Units#MAX} when unlimited). */
  Units remaining() {
    return row.unlimited() ? Units.MAX : row.monthlyRemaining().plus(addon);
  }

  Balance balance() {
    return new Balance(account.clinic(), planId, row.period(), row.unlimited(), row.granted(),
        row.monthlyUsed(), row.monthlyReserved(),
        row.unlimited() ? Units.MAX : row.monthlyRemaining(), addon,
        account.addonReserved(), row.overageUnits(), row.overageCost(), policy,
        plan.flatMap(Plan::overagePrice), account.overageCap());
  }
}
