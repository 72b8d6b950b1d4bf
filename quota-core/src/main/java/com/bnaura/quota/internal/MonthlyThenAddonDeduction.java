package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import java.util.Optional;

/**
 * Decides one charge: monthly allowance first, then add-on, then overage as the policy, the
 * per-request money limit ({@link PerRequestLimits}) and the cap allow. A charge that does not fit
 * is refused whole.
 *
 * <p>The overage checks run in this order: a plan without an overage price or a {@code BLOCK}
 * policy refuses; then the request's overage money is held against the per-request limit and then
 * against the period's cap (overage charged and held so far plus this request's, which must not
 * exceed the cap); only then does {@code CONSENT} ask for the charge to be accepted, so a consent
 * refusal's {@code willIncurCharge=true} always means that accepting would let the request through.
 */
final class MonthlyThenAddonDeduction {
  private MonthlyThenAddonDeduction() {}

  /** A granted split and its overage cost, or a refusal. */
  record Decision(Deduction split, Money cost, Refused refusal) {
    boolean granted() {
      return refusal == null;
    }

    /** Whether the granted charge bills overage money. */
    boolean billsOverage() {
      return granted() && split.overage().isPositive();
    }
  }

  /**
   * Decides a charge of {@code units}.
   *
   * @param monthlyAvailable monthly units free ({@link Units#MAX} when unlimited)
   * @param addonAvailable add-on units free
   * @param overageSoFar overage money charged and held in the period (counts against the cap)
   * @param asked the units the request asks for, before any exemption (for the refusal's body)
   * @param limits the per-request limits in force
   */
  static Decision decide(Units units, Units monthlyAvailable, Units addonAvailable, Plan plan,
      OveragePolicy policy, boolean acceptOverage, Optional<Money> cap, Money overageSoFar,
      TopUpPricing topUps, Units asked, RequestLimits limits) {
    Units m = units.min(monthlyAvailable);
    Units a = units.minus(m).min(addonAvailable);
    Units o = units.minus(m).minus(a);
    Money zero = Money.zero(plan.monthlyPrice().currency());
    if (o.isZero()) {
      return new Decision(new Deduction(m, a, o), zero, null);
    }
    Units remaining = monthlyAvailable.plus(addonAvailable);
    Optional<Money> price = plan.overagePrice();
    if (price.isEmpty() || policy == OveragePolicy.BLOCK) {
      return refuse(units, remaining, o, false, zero, price, topUps,
          Messages.blocked(units, remaining));
    }
    Money cost = Money.ofUnits(o, price.get());
    Optional<Refused> overLimit = PerRequestLimits.checkOverage(limits, asked, remaining, o, cost,
        price, topUps);
    if (overLimit.isPresent()) {
      return new Decision(null, null, overLimit.get());
    }
    if (cap.isPresent() && overageSoFar.plus(cost).exceeds(cap.get())) {
      return refuse(units, remaining, o, false, zero, price, topUps,
          Messages.cap(cap.get(), overageSoFar, cost));
    }
    if (policy == OveragePolicy.CONSENT && !acceptOverage) {
      return refuse(units, remaining, o, true, cost, price, topUps,
          Messages.consent(price.get(), cost));
    }
    return new Decision(new Deduction(m, a, o), cost, null);
  }

  private static Decision refuse(Units requested, Units remaining, Units shortBy,
      boolean willIncurCharge, Money estimatedCost, Optional<Money> price, TopUpPricing topUps,
      LocalizedText text) {
    QuotaShortfall shortfall = new QuotaShortfall(requested, remaining, willIncurCharge,
        estimatedCost, price, topUps.smallestCovering(shortBy), text.thai());
    Refused refused = new Refused(RefusalCode.QUOTA_EXCEEDED, text, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(shortfall), Optional.empty());
    return new Decision(null, null, refused);
  }
}
