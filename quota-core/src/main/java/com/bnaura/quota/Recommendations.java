package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a clinic could buy or change to pay less (seed 000's {@code recommendations}), each with the
 * figures behind it; empty when nothing applies.
 *
 * <p>The rules, from the clinic's {@link BurnForecast} and its closed periods:
 * <ul>
 *   <li>{@link BuyTopUp} when the projected shortfall, priced at the plan's overage price, costs
 *       more than the smallest top-up that covers it;
 *   <li>{@link Upgrade} when the period's overage (charged so far plus projected) costs more than
 *       the monthly price difference to the next larger plan;
 *   <li>{@link Downgrade} when each of the last three closed periods used less than half its
 *       allowance, and a smaller, cheaper plan covers the highest of them and this period's
 *       projection.
 * </ul>
 * A forecast with {@link BurnForecast#insufficientData()} (fewer than {@value
 * BurnForecast#MIN_DAYS_OF_DATA} completed opening days) is not extrapolated: its projection counts
 * as nothing, so no top-up is suggested from it and an upgrade or downgrade rests on what was
 * charged alone. Recommendations may come from the service's cache (5 minutes by default); a write through the
 * same instance makes the next ones fresh.
 *
 * <pre>{@code
 * for (Recommendations.Recommendation r : quotas.recommendations("clinic-42").items()) {
 *   banner.add(r.message(Locale.forLanguageTag("th-TH")));
 * }
 * }</pre>
 *
 * @param clinic the clinic
 * @param plan the plan the clinic is on
 * @param items the recommendations, top-up first, then upgrade, then downgrade
 * @param asOf when they were made
 */
public record Recommendations(ClinicId clinic, PlanId plan, List<Recommendation> items,
    Instant asOf) {

  /** Validates and copies. */
  public Recommendations {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(asOf, "asOf");
    items = List.copyOf(items);
  }

  /** Whether nothing is recommended. */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** One recommendation; on Java 17 tell them apart with {@code instanceof}. */
  public sealed interface Recommendation permits BuyTopUp, Upgrade, Downgrade {
    /** The recommendation in one sentence with its figures, as a message code and arguments. */
    LocalizedText text();

    /** The recommendation in one English sentence with its figures. */
    default String message() {
      return text().english();
    }

    /** The recommendation in one sentence with its figures, in {@code locale}. */
    default String message(Locale locale) {
      return text().render(locale);
    }
  }

  /**
   * Buy a top-up before the projected shortfall is billed as overage.
   *
   * @param pack the smallest purchase that covers the shortfall
   * @param projectedShortfall the units projected beyond monthly remaining and add-on
   * @param projectedOverageCost the shortfall priced at the plan's overage price
   * @param saving what the top-up saves against that overage
   */
  public record BuyTopUp(TopUpPack pack, Units projectedShortfall, Money projectedOverageCost,
      Money saving) implements Recommendation {

    /** Validates. */
    public BuyTopUp {
      Objects.requireNonNull(pack, "pack");
      Objects.requireNonNull(projectedShortfall, "projectedShortfall");
      Objects.requireNonNull(projectedOverageCost, "projectedOverageCost");
      Objects.requireNonNull(saving, "saving");
    }

    /**
     * The code of a purchase of a count of units: {0} the shortfall, {1} its overage price, {2}
     * the whole units bought, {3} their price, {4} the saving.
     */
    public static final String BY_COUNT = "recommendation.buy_top_up.units";
    /** The code of a purchase of one unit, with the arguments of {@link #BY_COUNT}. */
    public static final String ONE_UNIT = "recommendation.buy_top_up.unit";
    /** The code of a named pack: as {@link #BY_COUNT} ({2} the pack's units), {5} its name. */
    public static final String PACK = "recommendation.buy_top_up.pack";

    /**
     * The recommendation: a count of units is offered as its units ({@link #BY_COUNT}, {@link
     * #ONE_UNIT}), a named pack by its name and units ({@link #PACK}).
     */
    @Override
    public LocalizedText text() {
      boolean byCount = pack.units().milli() % 1000 == 0
          && pack.name().equals(TopUpPricing.byCountName(pack.units().milli() / 1000));
      long count = pack.units().milli() / 1000;
      return byCount
          ? LocalizedText.of(count == 1 ? ONE_UNIT : BY_COUNT, projectedShortfall,
              projectedOverageCost, count, pack.price(), saving)
          : LocalizedText.of(PACK, projectedShortfall, projectedOverageCost, pack.units(),
              pack.price(), saving, pack.name());
    }
  }

  /**
   * Move to the next larger plan: its price difference is less than the period's overage.
   *
   * @param to the next larger plan
   * @param priceDifference its monthly price minus the current plan's
   * @param projectedOverageCost the period's overage, charged so far plus projected
   * @param saving the overage minus the price difference
   */
  public record Upgrade(PlanId to, Money priceDifference, Money projectedOverageCost,
      Money saving) implements Recommendation {

    /** Validates. */
    public Upgrade {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(priceDifference, "priceDifference");
      Objects.requireNonNull(projectedOverageCost, "projectedOverageCost");
      Objects.requireNonNull(saving, "saving");
    }

    /** The code: {0} the projected overage, {1} the price difference, {2} the plan, {3} the saving. */
    public static final String CODE = "recommendation.upgrade";

    @Override
    public LocalizedText text() {
      return LocalizedText.of(CODE, projectedOverageCost, priceDifference, to.value(), saving);
    }
  }

  /**
   * Move to a smaller plan after sustained low use.
   *
   * @param to the smaller plan
   * @param monthlySaving the monthly price difference
   * @param highestRecentUse the most units used in any of the last three closed periods
   * @param newAllowance the smaller plan's monthly allowance
   */
  public record Downgrade(PlanId to, Money monthlySaving, Units highestRecentUse,
      Units newAllowance) implements Recommendation {

    /** Validates. */
    public Downgrade {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(monthlySaving, "monthlySaving");
      Objects.requireNonNull(highestRecentUse, "highestRecentUse");
      Objects.requireNonNull(newAllowance, "newAllowance");
    }

    /** The code: {0} the highest recent use, {1} the plan, {2} its allowance, {3} the saving. */
    public static final String CODE = "recommendation.downgrade";

    @Override
    public LocalizedText text() {
      return LocalizedText.of(CODE, highestRecentUse, to.value(), newAllowance, monthlySaving);
    }
  }
}
