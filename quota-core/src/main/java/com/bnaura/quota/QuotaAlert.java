package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A clinic reached an {@link AlertLevel} in a period: the event {@link QuotaListener#onAlert}
 * receives, once per clinic, period and level, after the usage that reached it was committed.
 *
 * <pre>{@code
 * QuotaListener lineNotify = new QuotaListener() {
 *   public void onAlert(QuotaAlert alert) {
 *     outbox.add(alert.clinic(), alert.message(Locale.forLanguageTag("th-TH")));
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

  /**
   * The alert in one sentence for the clinic's staff: code {@code alert.<level>} in lower case
   * (for example {@code alert.warning}) with {0} the percent remaining, {1} the units remaining and
   * {2} the clinic.
   */
  public LocalizedText text() {
    return LocalizedText.of("alert." + level.name().toLowerCase(Locale.ROOT), percentRemaining,
        remaining, clinic.value());
  }

  /** The alert in one sentence in {@code locale}. */
  public String message(Locale locale) {
    return text().render(locale);
  }
}
