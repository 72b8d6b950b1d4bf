package com.bnaura.quota.spring.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes what the {@link QuotaReconciler} found as Micrometer meters, with no clinic tag (the
 * WARN lines and the health detail name the clinics).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code bnaura.quota.reconciliation.drifts}</td><td>gauge</td>
 *       <td>balance columns that disagree with the ledger, as the last check of each clinic found
 *       them; 0 when the books agree, so an alert on {@code > 0} catches a drift</td></tr>
 *   <tr><td>{@code bnaura.quota.reconciliation.drifting.clinics}</td><td>gauge</td>
 *       <td>clinics whose last check found a drift</td></tr>
 *   <tr><td>{@code bnaura.quota.reconciliation.checks}</td><td>counter</td>
 *       <td>clinic checks run: its rate shows the reconciliation keeps walking</td></tr>
 * </table>
 */
public final class QuotaReconciliationMetrics implements MeterBinder {

  private final QuotaReconciler reconciler;

  /**
   * Meters of {@code reconciler}.
   *
   * @param reconciler the reconciler
   */
  public QuotaReconciliationMetrics(QuotaReconciler reconciler) {
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
  }

  /** Registers the meters into {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("bnaura.quota.reconciliation.drifts", reconciler, QuotaReconciler::drifts)
        .description("Balance columns that disagree with the fold of the ledger")
        .register(registry);
    Gauge.builder("bnaura.quota.reconciliation.drifting.clinics", reconciler,
            QuotaReconciler::driftingClinics)
        .description("Clinics whose last reconciliation found a drift")
        .register(registry);
    FunctionCounter.builder("bnaura.quota.reconciliation.checks", reconciler,
            QuotaReconciler::clinicsChecked)
        .description("Clinics reconciled with their ledger")
        .register(registry);
  }
}
