package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import java.util.Optional;

/**
 * The per-request limits (SPEC §3): no single request may ask for more units than the clinic's
 * most-units-per-request, nor be billed more overage money than its most-overage-money-per-request.
 *
 * <p>The limits in force are the plan's {@link RequestLimits} with the clinic's own values laid
 * over them. The units compared are the units the request asks for (rate times quantity on reserve
 * and consume, the actual units on commit), before any repeat-scan exemption, so the size of a
 * request is judged the same for every customer. The money compared is the overage that request
 * alone would be billed, so the money limit bites under every policy that bills overage (AUTO, and
 * CONSENT with the charge accepted). A request over either limit is refused whole with {@code
 * QUOTA_EXCEEDED}, {@code willIncurCharge=false} (accepting the charge would not help) and a message
 * naming the limit, its value and what was asked.
 */
final class PerRequestLimits {
  private PerRequestLimits() {}

  /** The limits in force for a clinic with {@code account} on {@code plan}. */
  static RequestLimits of(Plan plan, AccountRecord account) {
    return plan.requestLimits().overriddenBy(account.maxUnitsPerRequest(),
        account.maxOveragePerRequest());
  }

  /** Whether a request of {@code asked} units is within the units limit of {@code limits}. */
  static boolean admitsUnits(RequestLimits limits, Units asked) {
    return !asked.exceeds(limits.maxUnits());
  }

  /**
   * The refusal of a request of {@code asked} units over the units limit, if it is.
   *
   * @param remaining the units left in the monthly allowance and add-on, for the refusal's body
   */
  static Optional<Refused> checkUnits(RequestLimits limits, Units asked, Units remaining,
      Optional<Money> overagePrice, Money zero) {
    if (admitsUnits(limits, asked)) {
      return Optional.empty();
    }
    return Optional.of(refusal(asked, remaining, zero, overagePrice, Optional.empty(),
        Messages.unitsLimit(asked, limits.maxUnits())));
  }

  /**
   * The refusal of a request whose overage of {@code overageUnits} would be billed {@code
   * overageCost}, over the money limit, if it is.
   */
  static Optional<Refused> checkOverage(RequestLimits limits, Units asked, Units remaining,
      Units overageUnits, Money overageCost, Optional<Money> overagePrice, TopUpPricing topUps) {
    if (!overageCost.exceeds(limits.maxOverage())) {
      return Optional.empty();
    }
    return Optional.of(refusal(asked, remaining, Money.zero(overageCost.currency()), overagePrice,
        topUps.smallestCovering(overageUnits),
        Messages.overageLimit(overageCost, limits.maxOverage())));
  }

  private static Refused refusal(Units asked, Units remaining, Money zero,
      Optional<Money> overagePrice, Optional<TopUpPack> topUp,
      LocalizedText text) {
    QuotaShortfall shortfall = new QuotaShortfall(asked, remaining, false, zero, overagePrice,
        topUp, text.thai());
    return new Refused(RefusalCode.QUOTA_EXCEEDED, text, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(shortfall), Optional.empty());
  }
}
