package com.bnaura.quota.internal;

import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PeriodRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation rules of {@link Recommendations}, on a forecast and the closed periods.
 *
 * <p>A forecast with {@link BurnForecast#insufficientData()} is not extrapolated: its projected use
 * and shortfall count as zero, so a top-up is never suggested from it and an upgrade or downgrade
 * rests on what the clinic was charged alone.
 */
final class Advisor {
  /** Closed periods of low use before a downgrade is suggested. */
  static final int LOW_USE_PERIODS = 3;

  private Advisor() {}

  /**
   * The recommendations for a clinic on {@code plan} in the period of {@code row}.
   *
   * @param periods every period row of the clinic, oldest first
   */
  static List<Recommendations.Recommendation> advise(Plan plan, PeriodRecord row,
      BurnForecast forecast, List<PeriodRecord> periods, QuotaCatalog catalog) {
    List<Recommendations.Recommendation> items = new ArrayList<>();
    if (row.unlimited() || plan.allowance().unlimited()) {
      return items;
    }
    boolean trusted = !forecast.insufficientData();
    Units shortfall = trusted ? forecast.projectedShortfall() : Units.ZERO;
    Units projectedUse = trusted ? forecast.projectedUse() : Units.ZERO;
    Optional<Money> price = plan.overagePrice();
    if (price.isPresent()) {
      Money projectedOverage = Money.ofUnits(shortfall, price.get());
      if (shortfall.isPositive()) {
        Optional<TopUpPack> pack = catalog.topUps().smallestCovering(shortfall);
        if (pack.isPresent() && projectedOverage.exceeds(pack.get().price())) {
          items.add(new Recommendations.BuyTopUp(pack.get(), shortfall, projectedOverage,
              projectedOverage.minus(pack.get().price())));
        }
      }
      Money periodOverage = row.overageCost().plus(projectedOverage);
      nextLarger(plan, catalog).ifPresent(next -> {
        Money difference = next.monthlyPrice().minus(plan.monthlyPrice());
        if (periodOverage.exceeds(difference)) {
          items.add(new Recommendations.Upgrade(next.id(), difference, periodOverage,
              periodOverage.minus(difference)));
        }
      });
    }
    downgrade(plan, row, projectedUse, periods, catalog).ifPresent(items::add);
    return items;
  }

  /** The first plan after {@code plan} with a larger allowance and a higher price. */
  private static Optional<Plan> nextLarger(Plan plan, QuotaCatalog catalog) {
    return catalog.plans().stream()
        .filter(p -> p.isUpgradeFrom(plan) && p.monthlyPrice().exceeds(plan.monthlyPrice()))
        .findFirst();
  }

  private static Optional<Recommendations.Recommendation> downgrade(Plan plan, PeriodRecord row,
      Units projectedUse, List<PeriodRecord> periods, QuotaCatalog catalog) {
    List<PeriodRecord> closed = periods.stream().filter(PeriodRecord::closed).toList();
    if (closed.size() < LOW_USE_PERIODS) {
      return Optional.empty();
    }
    Units highest = Units.ZERO;
    for (PeriodRecord p : closed.subList(closed.size() - LOW_USE_PERIODS, closed.size())) {
      Units used = used(p);
      if (p.unlimited() || used.milli() * 2 >= p.granted().milli()) {
        return Optional.empty();
      }
      highest = highest.max(used);
    }
    Units top = highest;
    Units need = top.max(used(row).plus(projectedUse));
    return catalog.plans().stream()
        .filter(p -> plan.isUpgradeFrom(p) && !p.allowance().unlimited()
            && plan.monthlyPrice().exceeds(p.monthlyPrice())
            && !need.exceeds(p.allowance().units()))
        .min((a, b) -> a.monthlyPrice().compareTo(b.monthlyPrice()))
        .map(p -> new Recommendations.Downgrade(p.id(),
            plan.monthlyPrice().minus(p.monthlyPrice()), top, p.allowance().units()));
  }

  /** Every unit a period charged: monthly, add-on and overage. */
  private static Units used(PeriodRecord p) {
    return p.monthlyUsed().plus(p.addonUsed()).plus(p.overageUnits());
  }
}
