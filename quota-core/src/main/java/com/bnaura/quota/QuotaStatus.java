package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's quota at a glance (seed 000's {@code quota-config}): what a dashboard shows and polls.
 *
 * <p>It reports the new period as soon as the clock passes the reset, even if nothing has been
 * written since. It may come from the service's status cache (60 seconds by default): a write
 * through the same service instance makes the next status fresh, a write through another instance
 * shows once the cached value is older than the TTL. It never grants anything; every grant is
 * decided by the store's atomic step.
 *
 * <pre>{@code
 * QuotaStatus s = quotas.status("clinic-42");
 * bar.show(s.percentRemaining() + "% left, resets " + s.resetAt());
 * }</pre>
 *
 * @param clinic the clinic
 * @param plan its plan in the period
 * @param unlimited whether the plan is unlimited
 * @param monthlyAllowance the units granted this period (zero when unlimited)
 * @param monthlyUsed monthly units charged this period
 * @param monthlyRemaining monthly units free ({@link Units#MAX} when unlimited)
 * @param addonBalance add-on units free to spend now: the sum of the live grants' remaining units
 *     (a grant stops counting at its expiry)
 * @param totalRemaining monthly remaining plus add-on balance ({@link Units#MAX} when unlimited)
 * @param percentRemaining {@code (monthly remaining + add-on balance) / (monthly allowance + add-on
 *     at period start + add-on bought in the period)} in percent, rounded down to two decimals
 *    ; 100 when unlimited
 * @param overageUnits overage units charged this period
 * @param overageCost the period's overage balance
 * @param reserved units held by open reservations (monthly, add-on and overage)
 * @param period the current period: it started at {@code period.start()} and resets at {@code
 *     period.end()}
 * @param zone the clinic's time zone, in which the period's days are counted
 * @param overagePrice the plan's price per overage unit, if any
 * @param policy the overage policy in force
 * @param overageCap the clinic's overage cap per period, if any
 * @param alertLevel the level the balance is at now, if any: OVERAGE_STARTED while nothing remains
 *     and overage was charged, else the most severe of EXHAUSTED, CRITICAL, WARNING reached
 * @param asOf the instant the status describes: when its figures were read from the store
 * @param grants the clinic's add-on grants that have units to spend or held, in burn order (the
 *     grant the next add-on unit comes from first)
 * @param pending units apart from the settled balances above: held by open reservations (by
 *     bucket; they sum to {@code reserved}) and being bought by an auto top-up payment not yet
 *     granted
 * @param autoTopUp the clinic's auto top-up, if it set one
 * @param openPayment its auto top-up payment under way, if any
 */
public record QuotaStatus(
    ClinicId clinic,
    PlanId plan,
    boolean unlimited,
    Units monthlyAllowance,
    Units monthlyUsed,
    Units monthlyRemaining,
    Units addonBalance,
    Units totalRemaining,
    BigDecimal percentRemaining,
    Units overageUnits,
    Money overageCost,
    Units reserved,
    BillingPeriod period,
    ZoneId zone,
    Optional<Money> overagePrice,
    OveragePolicy policy,
    Optional<Money> overageCap,
    Optional<AlertLevel> alertLevel,
    Instant asOf,
    List<GrantStatus> grants,
    PendingUnits pending,
    Optional<AutoTopUpStatus> autoTopUp,
    Optional<AutoTopUpPayment> openPayment) {

  /** Validates and copies. */
  public QuotaStatus {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(monthlyAllowance, "monthlyAllowance");
    Objects.requireNonNull(monthlyUsed, "monthlyUsed");
    Objects.requireNonNull(monthlyRemaining, "monthlyRemaining");
    Objects.requireNonNull(addonBalance, "addonBalance");
    Objects.requireNonNull(totalRemaining, "totalRemaining");
    Objects.requireNonNull(percentRemaining, "percentRemaining");
    Objects.requireNonNull(overageUnits, "overageUnits");
    Objects.requireNonNull(overageCost, "overageCost");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(overageCap, "overageCap");
    Objects.requireNonNull(alertLevel, "alertLevel");
    Objects.requireNonNull(asOf, "asOf");
    grants = List.copyOf(grants);
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(autoTopUp, "autoTopUp");
    Objects.requireNonNull(openPayment, "openPayment");
  }

  /** A status without auto top-up, whose reserved units are not told apart by bucket. */
  public QuotaStatus(ClinicId clinic, PlanId plan, boolean unlimited, Units monthlyAllowance,
      Units monthlyUsed, Units monthlyRemaining, Units addonBalance, Units totalRemaining,
      BigDecimal percentRemaining, Units overageUnits, Money overageCost, Units reserved,
      BillingPeriod period, ZoneId zone, Optional<Money> overagePrice, OveragePolicy policy,
      Optional<Money> overageCap, Optional<AlertLevel> alertLevel, Instant asOf,
      List<GrantStatus> grants) {
    this(clinic, plan, unlimited, monthlyAllowance, monthlyUsed, monthlyRemaining, addonBalance,
        totalRemaining, percentRemaining, overageUnits, overageCost, reserved, period, zone,
        overagePrice, policy, overageCap, alertLevel, asOf, grants, PendingUnits.NONE,
        Optional.empty(), Optional.empty());
  }

  /** A status that lists no grants. */
  public QuotaStatus(ClinicId clinic, PlanId plan, boolean unlimited, Units monthlyAllowance,
      Units monthlyUsed, Units monthlyRemaining, Units addonBalance, Units totalRemaining,
      BigDecimal percentRemaining, Units overageUnits, Money overageCost, Units reserved,
      BillingPeriod period, ZoneId zone, Optional<Money> overagePrice, OveragePolicy policy,
      Optional<Money> overageCap, Optional<AlertLevel> alertLevel, Instant asOf) {
    this(clinic, plan, unlimited, monthlyAllowance, monthlyUsed, monthlyRemaining, addonBalance,
        totalRemaining, percentRemaining, overageUnits, overageCost, reserved, period, zone,
        overagePrice, policy, overageCap, alertLevel, asOf, List.of());
  }

  /** The instant the current period started. */
  public Instant periodStart() {
    return period.start();
  }

  /** The instant the monthly allowance resets: the end of the current period. */
  public Instant resetAt() {
    return period.end();
  }
}
