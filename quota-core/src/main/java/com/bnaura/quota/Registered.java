package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.ResetSchedule;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's account is open with these settings.
 *
 * @param clinic the clinic
 * @param created whether this call opened it (false: it existed with these settings, or {@link
 *     QuotaService#updateSettings} changed them)
 * @param plan its plan
 * @param zone the zone its periods are computed in
 * @param schedule when its allowance resets
 * @param policy the overage policy in force
 * @param overageCap the money ceiling on overage per period, if any
 * @param requestLimits the per-request limits in force: the plan's, with the clinic's own laid over
 * @param period the current period
 */
public record Registered(
    ClinicId clinic,
    boolean created,
    PlanId plan,
    ZoneId zone,
    ResetSchedule schedule,
    OveragePolicy policy,
    Optional<Money> overageCap,
    RequestLimits requestLimits,
    BillingPeriod period)
    implements RegistrationResult {

  /** Validates. */
  public Registered {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(overageCap, "overageCap");
    Objects.requireNonNull(requestLimits, "requestLimits");
    Objects.requireNonNull(period, "period");
  }
}
