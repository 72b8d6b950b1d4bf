package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's balance in its current period, as committed in the store.
 *
 * <p>It reports the new period as soon as the clock passes the reset, even if nothing has been
 * written since.
 *
 * @param clinic the clinic
 * @param plan its plan
 * @param period the current period
 * @param unlimited whether the plan is unlimited
 * @param monthlyAllowance the units granted this period (zero when unlimited)
 * @param monthlyUsed monthly units charged
 * @param monthlyReserved monthly units held by open reservations
 * @param monthlyRemaining monthly units free ({@link Units#MAX} when unlimited)
 * @param addonAvailable add-on units free
 * @param addonReserved add-on units held by open reservations
 * @param overageUnits overage units charged this period
 * @param overageCost the period's overage balance
 * @param policy the overage policy in force
 * @param overagePrice the plan's overage price per unit, if any
 * @param overageCap the clinic's overage cap, if any
 */
public record Balance(
    ClinicId clinic,
    PlanId plan,
    BillingPeriod period,
    boolean unlimited,
    Units monthlyAllowance,
    Units monthlyUsed,
    Units monthlyReserved,
    Units monthlyRemaining,
    Units addonAvailable,
    Units addonReserved,
    Units overageUnits,
    Money overageCost,
    OveragePolicy policy,
    Optional<Money> overagePrice,
    Optional<Money> overageCap) {

  /** Validates. */
  public Balance {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(overageCap, "overageCap");
  }

  /** Monthly remaining plus add-on available ({@link Units#MAX} when unlimited). */
  public Units totalRemaining() {
    return unlimited ? Units.MAX : monthlyRemaining.plus(addonAvailable);
  }
}
