package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A clinic's period ended and the next one opened: the event {@link QuotaListener#onPeriodReset}
 * receives, once per clinic and reset, after the write that opened the new period was committed.
 *
 * <p>The rollover is lazy: the first write on the clinic at or after the period's end (a charge,
 * a top-up, a plan change, the sweep of its expired reservations) opens the new period, and the
 * event follows that write. A clinic idle for several periods gets one event per period, in order,
 * the skipped periods expiring their whole allowance. The figures are those the rollover wrote to
 * the ledger: {@link #expiredUnused()} is its FORFEIT entry, {@link #granted()} the new period's
 * GRANT entry.
 *
 * <pre>{@code
 * QuotaListener owner = new QuotaListener() {
 *   public void onPeriodReset(PeriodReset reset) {
 *     outbox.add(reset.clinic(), reset.message(Locale.forLanguageTag("th-TH")));
 *   }
 * };
 * }</pre>
 *
 * @param clinic the clinic
 * @param closed the period that ended
 * @param opened the period that began where {@code closed} ended
 * @param plan the plan the new period opened on (a pending downgrade takes effect here)
 * @param unlimited whether that plan is unlimited
 * @param granted the new period's monthly allowance (zero when unlimited)
 * @param expiredUnused monthly units of the closed period that expired unused at its end; units
 *     still held by open reservations then are not among them (they expire when released, or are
 *     spent if committed)
 * @param addonCarriedOver the unspent add-on balance, free and held, that carried into the new
 *     period: add-on units never expire with a period
 * @param grantsCarriedOver the open add-on grants that carried over, in burn order, each with its
 *     free and held units; their free plus held units sum to {@code addonCarriedOver}
 * @param zone the clinic's time zone, in which the reset's date is counted
 * @param at when the write that opened the new period happened (at or after {@code opened.start()})
 */
public record PeriodReset(
    ClinicId clinic,
    BillingPeriod closed,
    BillingPeriod opened,
    PlanId plan,
    boolean unlimited,
    Units granted,
    Units expiredUnused,
    Units addonCarriedOver,
    List<GrantStatus> grantsCarriedOver,
    ZoneId zone,
    Instant at) {

  /**
   * The code: {0} the clinic, {1} the reset date, {2} the monthly units expired unused, {3} the
   * add-on carried over, {4} the new allowance.
   */
  public static final String CODE = "reset.period";

  /** The code when the new period is unlimited: {0} to {3} as {@link #CODE}. */
  public static final String UNLIMITED_CODE = "reset.period_unlimited";

  /** Validates. */
  public PeriodReset {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(closed, "closed");
    Objects.requireNonNull(opened, "opened");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(expiredUnused, "expiredUnused");
    Objects.requireNonNull(addonCarriedOver, "addonCarriedOver");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(at, "at");
    grantsCarriedOver = List.copyOf(grantsCarriedOver);
    if (!opened.start().equals(closed.end())) {
      throw new IllegalArgumentException("period " + opened + " does not follow " + closed);
    }
  }

  /** The day the new period began, in the clinic's zone. */
  public LocalDate resetDate() {
    return opened.start().atZone(zone).toLocalDate();
  }

  /** The reset in one sentence for the clinic's staff: {@link #CODE} or {@link #UNLIMITED_CODE}. */
  public LocalizedText text() {
    if (unlimited) {
      return LocalizedText.of(UNLIMITED_CODE, clinic.value(), resetDate(), expiredUnused,
          addonCarriedOver);
    }
    return LocalizedText.of(CODE, clinic.value(), resetDate(), expiredUnused, addonCarriedOver,
        granted);
  }

  /** The reset in one sentence in {@code locale}. */
  public String message(Locale locale) {
    return text().render(locale);
  }
}
