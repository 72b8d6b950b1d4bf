package com.bnaura.quota.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A subscription plan: its monthly allowance, prices, default overage policy and features.
 *
 * <pre>{@code
 * Plan starter = new Plan(PlanId.STARTER, "Starter", Allowance.ofUnits(100),
 *     Money.of("2990", Money.THB), Optional.of(Money.of("75", Money.THB)),
 *     OveragePolicy.CONSENT, Set.of("proposalGeneration"), false,
 *     new RequestLimits(Units.of(100), Money.of("1500", Money.THB)));
 * }</pre>
 *
 * @param id the plan id
 * @param displayName the name shown to people
 * @param allowance units granted each period, or unlimited
 * @param monthlyPrice the subscription price per period
 * @param overagePrice the price of one unit beyond allowance and add-on; empty means overage is
 *     never allowed on this plan, whatever the policy says
 * @param defaultPolicy the overage policy of a clinic that sets none of its own
 * @param features the feature flags the plan includes
 * @param allFeatures whether every feature is included (enterprise)
 * @param requestLimits the most one request may take on this plan (see {@link RequestLimits});
 *     a clinic may override them
 * @param caps the per-window caps on calls on this plan (see {@link OperationCap}); a clinic may
 *     replace them with its own
 * @param monthlyRefundPrice the money credited per monthly unit a refund or dispute gives back
 *     after the charge's period closed, when those units can no longer be revived; empty means
 *     such units are not credited
 */
public record Plan(
    PlanId id,
    String displayName,
    Allowance allowance,
    Money monthlyPrice,
    Optional<Money> overagePrice,
    OveragePolicy defaultPolicy,
    Set<String> features,
    boolean allFeatures,
    RequestLimits requestLimits,
    List<OperationCap> caps,
    Optional<Money> monthlyRefundPrice) {

  /** Validates and copies. */
  public Plan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(allowance, "allowance");
    Objects.requireNonNull(monthlyPrice, "monthlyPrice");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    Objects.requireNonNull(requestLimits, "requestLimits");
    features = Set.copyOf(features);
    caps = List.copyOf(caps);
    overagePrice.ifPresent(p -> {
      if (!p.currency().equals(monthlyPrice.currency())) {
        throw new IllegalArgumentException("plan " + id + " mixes currencies");
      }
    });
    if (!requestLimits.maxOverage().currency().equals(monthlyPrice.currency())) {
      throw new IllegalArgumentException("plan " + id + " mixes currencies");
    }
    Objects.requireNonNull(monthlyRefundPrice, "monthlyRefundPrice");
    monthlyRefundPrice.ifPresent(p -> {
      if (!p.currency().equals(monthlyPrice.currency())) {
        throw new IllegalArgumentException("plan " + id + " mixes currencies");
      }
    });
  }

  /** A plan that credits nothing for monthly units of a closed period. */
  public Plan(PlanId id, String displayName, Allowance allowance, Money monthlyPrice,
      Optional<Money> overagePrice, OveragePolicy defaultPolicy, Set<String> features,
      boolean allFeatures, RequestLimits requestLimits, List<OperationCap> caps) {
    this(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy, features,
        allFeatures, requestLimits, caps, Optional.empty());
  }

  /** A plan without per-window caps. */
  public Plan(PlanId id, String displayName, Allowance allowance, Money monthlyPrice,
      Optional<Money> overagePrice, OveragePolicy defaultPolicy, Set<String> features,
      boolean allFeatures, RequestLimits requestLimits) {
    this(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy, features,
        allFeatures, requestLimits, List.of());
  }

  /**
   * A plan with the default per-request limits ({@link RequestLimits#defaultsFor}): 100 units, and
   * 20 units at the overage price.
   */
  public Plan(PlanId id, String displayName, Allowance allowance, Money monthlyPrice,
      Optional<Money> overagePrice, OveragePolicy defaultPolicy, Set<String> features,
      boolean allFeatures) {
    this(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy, features,
        allFeatures, RequestLimits.defaultsFor(Objects.requireNonNull(overagePrice, "overagePrice"),
            Objects.requireNonNull(monthlyPrice, "monthlyPrice").currency()));
  }

  /** This plan with other per-request limits. */
  public Plan withRequestLimits(RequestLimits limits) {
    return new Plan(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy,
        features, allFeatures, limits, caps, monthlyRefundPrice);
  }

  /**
   * This plan crediting {@code price} per monthly unit that a reversal gives back after its
   * period closed.
   */
  public Plan withMonthlyRefundPrice(Money price) {
    return new Plan(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy,
        features, allFeatures, requestLimits, caps, Optional.of(price));
  }

  /** This plan with other per-window caps. */
  public Plan withCaps(List<OperationCap> caps) {
    return new Plan(id, displayName, allowance, monthlyPrice, overagePrice, defaultPolicy,
        features, allFeatures, requestLimits, caps, monthlyRefundPrice);
  }

  /** Whether the plan includes {@code feature}. */
  public boolean hasFeature(String feature) {
    return allFeatures || features.contains(feature);
  }

  /**
   * Whether moving from {@code current} to this plan is an upgrade: a larger allowance, or the same
   * allowance at a higher price.
   */
  public boolean isUpgradeFrom(Plan current) {
    if (allowance.exceeds(current.allowance)) {
      return true;
    }
    if (current.allowance.exceeds(allowance)) {
      return false;
    }
    return monthlyPrice.exceeds(current.monthlyPrice);
  }
}
