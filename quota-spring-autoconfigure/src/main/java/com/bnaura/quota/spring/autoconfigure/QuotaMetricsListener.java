package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.OperationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts what the quota service does as Micrometer meters. Tags are few and bounded: operation ids
 * come from the catalog, and clinic, user and customer ids are never tags.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code bnaura.quota.consumptions}</td><td>{@code operation}, {@code result}</td>
 *       <td>charges: committed reservations and one-step consumptions. {@code result} is {@code
 *       charged}, {@code overage} (partly beyond allowance and add-on), {@code exempt} (a free
 *       repeat scan), {@code cached} (an answer the host served from its cache of identical
 *       inputs), {@code free} (an operation rated 0) or {@code unbilled} (usage the policy
 *       refused after the fact)</td></tr>
 *   <tr><td>{@code bnaura.quota.consumed.units}</td><td>{@code operation}</td>
 *       <td>the units charged</td></tr>
 *   <tr><td>{@code bnaura.quota.overage.billed}</td><td>{@code operation}, {@code currency}</td>
 *       <td>the overage money billed, in the currency's minor unit (satang for {@code THB}), so
 *       each increment is a whole number and the sum is exact; one series per currency, never
 *       added across currencies</td></tr>
 *   <tr><td>{@code bnaura.quota.reservations}</td><td>{@code outcome}</td>
 *       <td>{@code reserved}, then {@code committed}, {@code released} or {@code expired}</td></tr>
 *   <tr><td>{@code bnaura.quota.refusals}</td><td>{@code code}</td>
 *       <td>refusals by their stable code, e.g. {@code QUOTA_EXCEEDED}</td></tr>
 *   <tr><td>{@code bnaura.quota.alerts}</td><td>{@code level}</td>
 *       <td>alerts fired: {@code WARNING}, {@code CRITICAL}, {@code EXHAUSTED}, {@code
 *       OVERAGE_STARTED}</td></tr>
 *   <tr><td>{@code bnaura.quota.alerts.recovered}</td><td>{@code level}</td>
 *       <td>levels a clinic got back above in its period, each armed again: one count per level
 *       a recovery names</td></tr>
 *   <tr><td>{@code bnaura.quota.resets}</td><td></td><td>period resets: one per clinic and
 *       period that closed</td></tr>
 *   <tr><td>{@code bnaura.quota.reset.expired.units}</td><td></td>
 *       <td>monthly units that expired unused at the resets</td></tr>
 *   <tr><td>{@code bnaura.quota.topups}</td><td></td><td>top-ups bought</td></tr>
 *   <tr><td>{@code bnaura.quota.plan.changes}</td><td></td><td>plan changes accepted</td></tr>
 * </table>
 *
 * <p>The auto-configuration registers it into the quota service's builder as a listener; it runs
 * on the caller's thread after each store commit and only increments counters.
 */
public final class QuotaMetricsListener implements QuotaListener {

  private final Meter.MeterProvider<Counter> consumptions;
  private final Meter.MeterProvider<Counter> units;
  private final Meter.MeterProvider<Counter> overage;
  private final Meter.MeterProvider<Counter> reservations;
  private final Meter.MeterProvider<Counter> refusals;
  private final Meter.MeterProvider<Counter> alerts;
  private final Meter.MeterProvider<Counter> recoveries;
  private final Counter resets;
  private final Counter expiredAtReset;
  private final Counter topUps;
  private final Counter planChanges;

  /**
   * A listener that records into {@code registry}.
   *
   * @param registry the application's meter registry
   */
  public QuotaMetricsListener(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    consumptions = Counter.builder("bnaura.quota.consumptions")
        .description("Charges: committed reservations and one-step consumptions")
        .withRegistry(registry);
    units = Counter.builder("bnaura.quota.consumed.units")
        .description("Units charged")
        .baseUnit("units")
        .withRegistry(registry);
    overage = Counter.builder("bnaura.quota.overage.billed")
        .description("Overage money billed, in the minor unit of the currency tag")
        .withRegistry(registry);
    reservations = Counter.builder("bnaura.quota.reservations")
        .description("Reservations by outcome")
        .withRegistry(registry);
    refusals = Counter.builder("bnaura.quota.refusals")
        .description("Refusals by code")
        .withRegistry(registry);
    alerts = Counter.builder("bnaura.quota.alerts")
        .description("Alerts fired, once per clinic, period and level")
        .withRegistry(registry);
    recoveries = Counter.builder("bnaura.quota.alerts.recovered")
        .description("Alert levels a clinic got back above in its period, armed again")
        .withRegistry(registry);
    resets = Counter.builder("bnaura.quota.resets")
        .description("Period resets, one per clinic and closed period")
        .register(registry);
    expiredAtReset = Counter.builder("bnaura.quota.reset.expired.units")
        .description("Monthly units that expired unused at the resets")
        .baseUnit("units")
        .register(registry);
    topUps = Counter.builder("bnaura.quota.topups")
        .description("Top-ups bought")
        .register(registry);
    planChanges = Counter.builder("bnaura.quota.plan.changes")
        .description("Plan changes accepted")
        .register(registry);
  }

  @Override
  public void onReserved(Reserved reserved) {
    reservations.withTags("outcome", "reserved").increment();
  }

  @Override
  public void onCommitted(Committed committed) {
    reservations.withTags("outcome", "committed").increment();
    charged(committed.operation(), committed.charge(), committed.billed());
  }

  @Override
  public void onReleased(Released released) {
    reservations.withTags("outcome", "released").increment();
  }

  @Override
  public void onExpired(Released expired) {
    reservations.withTags("outcome", "expired").increment();
  }

  @Override
  public void onConsumed(Consumed consumed) {
    charged(consumed.operation(), consumed.charge(), consumed.billed());
  }

  @Override
  public void onRefused(Refused refused) {
    refusals.withTags("code", refused.code().name()).increment();
  }

  @Override
  public void onAlert(QuotaAlert alert) {
    alerts.withTags("level", alert.level().name()).increment();
  }

  @Override
  public void onRecovered(QuotaRecovered recovered) {
    for (AlertLevel level : recovered.recovered()) {
      recoveries.withTags("level", level.name()).increment();
    }
  }

  @Override
  public void onPeriodReset(PeriodReset reset) {
    resets.increment();
    if (reset.expiredUnused().isPositive()) {
      expiredAtReset.increment(reset.expiredUnused().toBigDecimal().doubleValue());
    }
  }

  @Override
  public void onToppedUp(ToppedUp toppedUp) {
    topUps.increment();
  }

  @Override
  public void onPlanChanged(PlanChanged planChanged) {
    planChanges.increment();
  }

  private void charged(OperationId operation, Charge charge, boolean billed) {
    consumptions.withTags("operation", operation.value(), "result", result(charge, billed))
        .increment();
    if (billed && !charge.isFree()) {
      units.withTags("operation", operation.value())
          .increment(charge.units().toBigDecimal().doubleValue());
    }
    if (billed && charge.overageCost().minor() > 0) {
      overage.withTags("operation", operation.value(),
              "currency", charge.overageCost().currency().getCurrencyCode())
          .increment(charge.overageCost().minor());
    }
  }

  private static String result(Charge charge, boolean billed) {
    if (!billed) {
      return "unbilled";
    }
    if (charge.isFree()) {
      if (charge.exemption().filter(Charge.CACHED_ANSWER::equals).isPresent()) {
        return "cached";
      }
      return charge.exemption().isPresent() ? "exempt" : "free";
    }
    return charge.split().overage().isPositive() ? "overage" : "charged";
  }
}
