package com.bnaura.quota.model;

import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * The most one request may take: a most-units-per-request and a most-overage-money-per-request
 * (SPEC §3 "Per-request limits"). A plan carries its limits; a clinic may override either one.
 *
 * <p>A request whose units exceed {@link #maxUnits()}, or whose overage would cost more than
 * {@link #maxOverage()}, is refused whole with {@code QUOTA_EXCEEDED}, whatever the overage policy,
 * and changes nothing. The units compared are the units the request asks for (its operation's rate
 * times its quantity, or a commit's actual units), before any repeat-scan exemption; the money
 * compared is the overage money that request alone would be billed.
 *
 * <p>The defaults ({@link #defaultsFor}) are {@value #DEFAULT_MAX_UNITS_WHOLE} units per request
 * (500 quick scans or 100 clinical analyses at the default rates of 0.2 and 1.0) and the price of
 * {@value #DEFAULT_OVERAGE_UNITS} units of overage at the plan's overage price (฿1,500 on
 * {@code starter}, ฿1,200 on {@code professional}); a plan without an overage price never bills
 * overage, so its money limit is zero. Top-ups are not requests of this kind: they keep their own
 * range ({@link TopUpPricing#minUnits()} to {@link TopUpPricing#maxUnits()}).
 *
 * @param maxUnits the most units one request may ask for; more than zero
 * @param maxOverage the most overage money one request may be billed; zero allows no overage in a
 *     single request
 */
public record RequestLimits(Units maxUnits, Money maxOverage) {

  /** The default most-units-per-request, in whole units. */
  public static final long DEFAULT_MAX_UNITS_WHOLE = 100;

  /** The default most-overage-money-per-request, as a number of units at the overage price. */
  public static final long DEFAULT_OVERAGE_UNITS = 20;

  /** Validates. */
  public RequestLimits {
    Objects.requireNonNull(maxUnits, "maxUnits");
    Objects.requireNonNull(maxOverage, "maxOverage");
    if (!maxUnits.isPositive()) {
      throw Reasons.invalid("maxUnitsPerRequest", Reasons.MORE_THAN_ZERO, maxUnits);
    }
    if (maxOverage.minor() < 0) {
      throw Reasons.invalid("maxOveragePerRequest", Reasons.ZERO_OR_MORE, maxOverage.toString());
    }
  }

  /**
   * The default limits of a plan with {@code overagePrice}: {@value #DEFAULT_MAX_UNITS_WHOLE}
   * units, and {@value #DEFAULT_OVERAGE_UNITS} units at the overage price (zero in {@code
   * currency} without one).
   */
  public static RequestLimits defaultsFor(Optional<Money> overagePrice,
      Currency currency) {
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(currency, "currency");
    Money maxOverage = overagePrice
        .map(price -> price.times(DEFAULT_OVERAGE_UNITS))
        .orElse(Money.zero(currency));
    return new RequestLimits(Units.of(DEFAULT_MAX_UNITS_WHOLE), maxOverage);
  }

  /** These limits with a clinic's own values laid over them; an empty override keeps this one. */
  public RequestLimits overriddenBy(Optional<Units> maxUnits, Optional<Money> maxOverage) {
    return new RequestLimits(maxUnits.orElse(this.maxUnits), maxOverage.orElse(this.maxOverage));
  }
}
