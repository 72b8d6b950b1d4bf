package com.bnaura.quota;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;

/**
 * A clinic's auto top-up as its owner sets it ({@link QuotaService#configureAutoTopUp}): when the
 * remaining (monthly remaining plus add-on balance, the figure alerts use) falls to or below the
 * threshold, buy the pack or the units, at most {@code monthlyCeiling} of money per period.
 *
 * <pre>{@code
 * quotas.configureAutoTopUp("clinic-42",
 *     AutoTopUp.whenUnitsLeft(20).buyPack("pack-100").ceiling(Money.of("3000", Money.THB)),
 *     "auto-top-up-1");
 * }</pre>
 *
 * <p>The service validates it: exactly one threshold ({@code thresholdUnits}, or {@code
 * thresholdPercent} a whole percent 1 to 99), a pack or a count of units exactly as {@link
 * QuotaService#purchaseTopUp} takes them, and a ceiling in the catalog's currency no less than one
 * purchase costs. A bad field is refused with {@code INVALID_ARGUMENT} naming it.
 *
 * @param thresholdUnits buy when the remaining is at or below these units; null with a percent
 * @param thresholdPercent buy when the remaining is at or below this percent of the period's base
 *     (allowance, add-on at period start and add-on bought); null with units
 * @param pack the catalog pack to buy; null to buy {@code units}
 * @param units the units to buy, priced by the catalog's top-up pricing; 0 with a pack
 * @param monthlyCeiling the most auto top-ups may cost in one period, in the catalog's currency
 * @param grantOnAuthorisation whether the units are granted when the payment is authorised rather
 *     than when it is captured (a capture that then fails ends the grant)
 */
public record AutoTopUp(Units thresholdUnits, Integer thresholdPercent, String pack, long units,
    Money monthlyCeiling, boolean grantOnAuthorisation) {

  /** Settings that buy when {@code units} or fewer remain; what to buy and the ceiling follow. */
  public static AutoTopUp whenUnitsLeft(long units) {
    return new AutoTopUp(Units.of(units), null, null, 0, null, false);
  }

  /** Settings that buy when {@code percent} percent or less remains (1 to 99). */
  public static AutoTopUp whenPercentLeft(int percent) {
    return new AutoTopUp(null, percent, null, 0, null, false);
  }

  /** A copy that buys the catalog pack {@code name}. */
  public AutoTopUp buyPack(String name) {
    return new AutoTopUp(thresholdUnits, thresholdPercent, name, 0, monthlyCeiling,
        grantOnAuthorisation);
  }

  /** A copy that buys {@code count} units at the catalog's top-up price. */
  public AutoTopUp buyUnits(long count) {
    return new AutoTopUp(thresholdUnits, thresholdPercent, null, count, monthlyCeiling,
        grantOnAuthorisation);
  }

  /** A copy with {@code ceiling} as the most auto top-ups may cost in one period. */
  public AutoTopUp ceiling(Money ceiling) {
    return new AutoTopUp(thresholdUnits, thresholdPercent, pack, units, ceiling,
        grantOnAuthorisation);
  }

  /** A copy that grants the units when the payment is authorised. */
  public AutoTopUp grantingOnAuthorisation() {
    return new AutoTopUp(thresholdUnits, thresholdPercent, pack, units, monthlyCeiling, true);
  }
}
