package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A clinic is back above alert levels it had reached this period: the event {@link
 * QuotaListener#onRecovered} receives after a write that raised what is left (a top-up, a plan
 * change that grants more, a release or expiry of held units, a commit of less than was held)
 * was committed.
 *
 * <p>Each level named in {@link #recovered()} is armed again: if the clinic falls below it later in
 * the same period, {@link QuotaListener#onAlert} fires for it once more. The re-arming is written
 * with the write that raised the balance, so one recovery is sent once, even when several
 * instances share one store, and a retry of that write with the same idempotency key sends
 * nothing.
 *
 * <pre>{@code
 * QuotaListener owner = new QuotaListener() {
 *   public void onRecovered(QuotaRecovered back) {
 *     outbox.add(back.clinic(), back.message(Locale.forLanguageTag("th-TH")));
 *   }
 * };
 * }</pre>
 *
 * @param clinic the clinic
 * @param period the period the levels had been reached in
 * @param recovered the levels the clinic is back above, never empty; OVERAGE_STARTED is among them
 *     once anything remains again
 * @param percentRemaining the percent remaining right after the write, rounded down to two
 *     decimals; 100 when the clinic is now on an unlimited plan
 * @param remaining monthly remaining plus add-on balance right after the write ({@link Units#MAX}
 *     when the clinic is now on an unlimited plan)
 * @param at when the write happened
 */
public record QuotaRecovered(
    ClinicId clinic,
    BillingPeriod period,
    Set<AlertLevel> recovered,
    BigDecimal percentRemaining,
    Units remaining,
    Instant at) {

  /** The code: {0} the percent remaining, {1} the units remaining, {2} the clinic. */
  public static final String CODE = "alert.recovered";

  /** The code when the clinic is now unlimited: {0} the clinic. */
  public static final String UNLIMITED_CODE = "alert.recovered_unlimited";

  /** Validates.
  public QuotaRecovered {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(recovered, "recovered");
    Objects.requireNonNull(percentRemaining, "percentRemaining");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(at, "at");
    if (recovered.isEmpty()) {
      throw new IllegalArgumentException("a recovery names at least one level");
    }
    recovered = Collections.unmodifiableSet(EnumSet.copyOf(recovered));
  }

  /** Whether the clinic is now on an unlimited plan, so nothing can run out this period. */
  public boolean unlimited() {
    return remaining.equals(Units.MAX);
  }

  /** The recovery in one sentence for the clinic's staff: {@link #CODE} or {@link #UNLIMITED_CODE}. */
  public LocalizedText text() {
    if (unlimited()) {
      return LocalizedText.of(UNLIMITED_CODE, clinic.value());
    }
    return LocalizedText.of(CODE, percentRemaining, remaining, clinic.value());
  }

  /** The recovery in one sentence in {@code locale}. */
  public String message(Locale locale) {
    return text().render(locale);
  }
}
