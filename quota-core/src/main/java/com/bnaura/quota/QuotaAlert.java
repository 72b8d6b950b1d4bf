package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A clinic reached an {@link AlertLevel} in a period: the event {@link QuotaListener#onAlert}
 * receives, once per clinic, period and level, after the usage that reached it was committed.
 *
 * <pre>{@code
 * QuotaListener lineNotify = new QuotaListener() {
 *   public void onAlert(QuotaAlert alert) {
 *     outbox.add(alert.clinic(), alert.level() + ": " + alert.percentRemaining() + "% left");
 *   }
 * };
 * }</pre>
 *
 * @param level the level reached
 * @param clinic the clinic
 * @param period the period it was reached in
 * @param percentRemaining the percent remaining right after the usage, rounded down to two decimals
 * @param remaining monthly remaining plus add-on balance right after the usage
 * @param at when the usage happened
 */
public record QuotaAlert(
    AlertLevel level,
    ClinicId clinic,
    BillingPeriod period,
    BigDecimal percentRemaining,
    Units remaining,
    Instant at) {

  /** Validates. */
  public QuotaAlert {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(percentRemaining, "percentRemaining");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(at, "at");
  }
}
