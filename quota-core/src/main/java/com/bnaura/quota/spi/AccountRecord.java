package com.bnaura.quota.spi;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored account of one clinic: its settings, the totals of its add-on grants and the period
 * it is in.
 *
 * <p>The add-on identity {@code addonPurchased = addonUsed + addonReserved + addonAvailable +
 * addonExpired} holds at every commit, and each total is the sum of that column over the clinic's
 * {@link GrantRecord grants}. {@code addonAvailable} counts a grant past its expiry until a write
 * settles that expiry; what may be spent at an instant is the sum of {@link
 * GrantRecord#available(java.time.Instant)} over the live grants.
 *
 * @param clinic the clinic
 * @param plan the current plan
 * @param zone the zone its periods are computed in
 * @param schedule when its allowance resets
 * @param policyOverride the clinic's own overage policy; empty means the plan's default
 * @param overageCap the optional money ceiling on overage per period
 * @param maxUnitsPerRequest the clinic's own most-units-per-request; empty means the plan's
 * @param maxOveragePerRequest the clinic's own most-overage-money-per-request; empty means the
 *     plan's
 * @param addonAvailable add-on units neither used, held nor settled as expired
 * @param addonReserved add-on units held by open reservations
 * @param addonPurchased add-on units bought, over all time
 * @param addonUsed add-on units charged, over all time
 * @param addonExpired add-on units that expired unused with their grants, over all time
 * @param currentPeriod the period the clinic is in, as far as the store knows
 * @param pendingPlan a plan that takes effect when the next period opens (a downgrade)
 * @param createdAt when the account was opened
 * @param updatedAt when it last changed
 * @param capsOverride the clinic's own per-window caps, replacing the plan's whole; empty means the
 *     plan's, an empty list means none
 * @param budgetsInUse whether the clinic has defined a branch: only then does a charge look up its
 *     user's branch and staff budgets
 * @param quietHours the hours the clinic is closed, when non-critical alerts are held until it
 *     opens; empty means none
 */
public record AccountRecord(
    ClinicId clinic,
    PlanId plan,
    ZoneId zone,
    ResetSchedule schedule,
    Optional<OveragePolicy> policyOverride,
    Optional<Money> overageCap,
    Optional<Units> maxUnitsPerRequest,
    Optional<Money> maxOveragePerRequest,
    Units addonAvailable,
    Units addonReserved,
    Units addonPurchased,
    Units addonUsed,
    Units addonExpired,
    BillingPeriod currentPeriod,
    Optional<PlanId> pendingPlan,
    Instant createdAt,
    Instant updatedAt,
    Optional<List<OperationCap>> capsOverride,
    boolean budgetsInUse,
    Optional<QuietHours> quietHours) {

  /** Validates. */
  public AccountRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(policyOverride, "policyOverride");
    Objects.requireNonNull(overageCap, "overageCap");
    Objects.requireNonNull(maxUnitsPerRequest, "maxUnitsPerRequest");
    Objects.requireNonNull(maxOveragePerRequest, "maxOveragePerRequest");
    Objects.requireNonNull(addonAvailable, "addonAvailable");
    Objects.requireNonNull(addonReserved, "addonReserved");
    Objects.requireNonNull(addonPurchased, "addonPurchased");
    Objects.requireNonNull(addonUsed, "addonUsed");
    Objects.requireNonNull(addonExpired, "addonExpired");
    Objects.requireNonNull(currentPeriod, "currentPeriod");
    Objects.requireNonNull(pendingPlan, "pendingPlan");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    capsOverride = Objects.requireNonNull(capsOverride, "capsOverride").map(List::copyOf);
    Objects.requireNonNull(quietHours, "quietHours");
  }

  /** An account with no quiet hours. */
  public AccountRecord(ClinicId clinic, PlanId plan, ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest,
      Units addonAvailable, Units addonReserved, Units addonPurchased, Units addonUsed,
      Units addonExpired, BillingPeriod currentPeriod, Optional<PlanId> pendingPlan,
      Instant createdAt, Instant updatedAt, Optional<List<OperationCap>> capsOverride,
      boolean budgetsInUse) {
    this(clinic, plan, zone, schedule, policyOverride, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased, addonUsed,
        addonExpired, currentPeriod, pendingPlan, createdAt, updatedAt, capsOverride,
        budgetsInUse, Optional.empty());
  }

  /** An account that has defined no branch. */
  public AccountRecord(ClinicId clinic, PlanId plan, ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest,
      Units addonAvailable, Units addonReserved, Units addonPurchased, Units addonUsed,
      Units addonExpired, BillingPeriod currentPeriod, Optional<PlanId> pendingPlan,
      Instant createdAt, Instant updatedAt, Optional<List<OperationCap>> capsOverride) {
    this(clinic, plan, zone, schedule, policyOverride, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased, addonUsed,
        addonExpired, currentPeriod, pendingPlan, createdAt, updatedAt, capsOverride, false);
  }

  /** An account with the plan's per-window caps. */
  public AccountRecord(ClinicId clinic, PlanId plan, ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest,
      Units addonAvailable, Units addonReserved, Units addonPurchased, Units addonUsed,
      Units addonExpired, BillingPeriod currentPeriod, Optional<PlanId> pendingPlan,
      Instant createdAt, Instant updatedAt) {
    this(clinic, plan, zone, schedule, policyOverride, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased, addonUsed,
        addonExpired, currentPeriod, pendingPlan, createdAt, updatedAt, Optional.empty());
  }

  /** An account with no per-request limits of its own (the plan's apply). */
  public AccountRecord(ClinicId clinic, PlanId plan, ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap, Units addonAvailable,
      Units addonReserved, Units addonPurchased, Units addonUsed, BillingPeriod currentPeriod,
      Optional<PlanId> pendingPlan, Instant createdAt, Instant updatedAt) {
    this(clinic, plan, zone, schedule, policyOverride, overageCap, Optional.empty(),
        Optional.empty(), addonAvailable, addonReserved, addonPurchased, addonUsed, Units.ZERO,
        currentPeriod, pendingPlan, createdAt, updatedAt);
  }

  /** An account none of whose add-on units expired. */
  public AccountRecord(ClinicId clinic, PlanId plan, ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest,
      Units addonAvailable, Units addonReserved, Units addonPurchased, Units addonUsed,
      BillingPeriod currentPeriod, Optional<PlanId> pendingPlan, Instant createdAt,
      Instant updatedAt) {
    this(clinic, plan, zone, schedule, policyOverride, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased, addonUsed,
        Units.ZERO, currentPeriod, pendingPlan, createdAt, updatedAt);
  }

  /** A copy with the add-on columns but {@code addonExpired} replaced. */
  public AccountRecord withAddon(Units available, Units reserved, Units purchased, Units used,
      Instant now) {
    return withAddon(available, reserved, purchased, used, addonExpired, now);
  }

  /** A copy with every add-on column replaced. */
  public AccountRecord withAddon(Units available, Units reserved, Units purchased, Units used,
      Units expired, Instant now) {
    return new AccountRecord(clinic, plan, zone, schedule, policyOverride, overageCap,
        maxUnitsPerRequest, maxOveragePerRequest, available, reserved, purchased, used, expired,
        currentPeriod, pendingPlan, createdAt, now, capsOverride, budgetsInUse,
        quietHours);
  }

  /** A copy in {@code period} on {@code plan} with no pending plan. */
  public AccountRecord inPeriod(BillingPeriod period, PlanId plan, Optional<PlanId> pending,
      Instant now) {
    return new AccountRecord(clinic, plan, zone, schedule, policyOverride, overageCap,
        maxUnitsPerRequest, maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased,
        addonUsed, addonExpired, period, pending, createdAt, now, capsOverride, budgetsInUse,
        quietHours);
  }

  /** A copy with new settings, keeping its caps. */
  public AccountRecord withSettings(ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest, Instant now) {
    return withSettings(zone, schedule, policyOverride, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, capsOverride, now);
  }

  /** A copy with new settings and caps. */
  public AccountRecord withSettings(ZoneId zone, ResetSchedule schedule,
      Optional<OveragePolicy> policyOverride, Optional<Money> overageCap,
      Optional<Units> maxUnitsPerRequest, Optional<Money> maxOveragePerRequest,
      Optional<List<OperationCap>> caps, Instant now) {
    return new AccountRecord(clinic, plan, zone, schedule, policyOverride, overageCap,
        maxUnitsPerRequest, maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased,
        addonUsed, addonExpired, currentPeriod, pendingPlan, createdAt, now, caps, budgetsInUse,
        quietHours);
  }

  /** A copy marked as having defined a branch. */
  public AccountRecord withBudgetsInUse(Instant now) {
    return new AccountRecord(clinic, plan, zone, schedule, policyOverride, overageCap,
        maxUnitsPerRequest, maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased,
        addonUsed, addonExpired, currentPeriod, pendingPlan, createdAt, now, capsOverride, true,
        quietHours);
  }

  /** A copy with the clinic's quiet hours replaced; empty means none. */
  public AccountRecord withQuietHours(Optional<QuietHours> hours, Instant now) {
    return new AccountRecord(clinic, plan, zone, schedule, policyOverride, overageCap,
        maxUnitsPerRequest, maxOveragePerRequest, addonAvailable, addonReserved, addonPurchased,
        addonUsed, addonExpired, currentPeriod, pendingPlan, createdAt, now, capsOverride,
        budgetsInUse, hours);
  }
}
