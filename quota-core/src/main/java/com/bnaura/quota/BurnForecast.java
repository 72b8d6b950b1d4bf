package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Units;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a clinic's quota runs out at its recent pace (seed 003's admin view), with the daily series
 * a chart needs.
 *
 * <p>The daily rate is a weighted mean of the units charged on the clinic's last 14 completed
 * opening days, each day weighing 4/5 of the day after it, so recent days count more. Days the
 * clinic is closed neither count as idle days nor burn in the projection; days before the clinic
 * registered are not counted. Today, a day not yet over, never makes the rate: a clinic with no
 * completed opening day since it registered has a rate of zero, whatever it used today.
 *
 * <p>Below {@value #MIN_DAYS_OF_DATA} completed opening days the forecast has too little data:
 * {@link #insufficientData()} is true and {@link #daysOfData()} says how many completed days it
 * has. The rate and dates are then computed from those days alone and shown for what they are;
 * {@link Recommendations} do not extrapolate from them.
 *
 * <p>The projection burns the rate on every opening day from today (today only what the rate
 * leaves after today's actual usage) up to the reset, monthly allowance first, then add-on.
 *
 * <pre>{@code
 * BurnForecast f = quotas.forecast("clinic-42", EnumSet.range(MONDAY, SATURDAY));
 * String monthly = f.monthlyRunsOut().map(LocalDate::toString).orElse("not before reset");
 * }</pre>
 *
 * @param clinic the clinic
 * @param period the current period
 * @param zone the clinic's zone, in which days are counted
 * @param openingDays the days of the week the clinic works
 * @param unlimited whether the plan is unlimited (nothing runs out)
 * @param dailyRate the projected units per opening day
 * @param daysOfData how many completed opening days the rate was computed from (0 for a clinic
 *     registered today)
 * @param insufficientData whether {@code daysOfData} is below {@value #MIN_DAYS_OF_DATA}, too few
 *     for the rate to be trusted
 * @param monthlyRemaining monthly units free now ({@link Units#MAX} when unlimited)
 * @param addonBalance add-on units free now
 * @param monthlyRunsOut the day the monthly allowance reaches zero (today when it already has), or
 *     empty for not before the reset
 * @param addonRunsOut the day the add-on balance then reaches zero too, or empty for not before
 *     the reset
 * @param projectedUse the units the projection burns from now to the reset
 * @param projectedShortfall the projected units beyond monthly remaining and add-on: overage, or
 *     refusals under a blocking policy
 * @param series one point per day of the period, from its first day to the day before the reset
 * @param asOf the instant the forecast was made
 */
public record BurnForecast(
    ClinicId clinic,
    BillingPeriod period,
    ZoneId zone,
    Set<DayOfWeek> openingDays,
    boolean unlimited,
    Units dailyRate,
    int daysOfData,
    boolean insufficientData,
    Units monthlyRemaining,
    Units addonBalance,
    Optional<LocalDate> monthlyRunsOut,
    Optional<LocalDate> addonRunsOut,
    Units projectedUse,
    Units projectedShortfall,
    List<Day> series,
    Instant asOf) {

  /** The completed opening days a forecast needs before it is trusted. */
  public static final int MIN_DAYS_OF_DATA = 3;

  /** Validates and copies. */
  public BurnForecast {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(dailyRate, "dailyRate");
    Objects.requireNonNull(monthlyRemaining, "monthlyRemaining");
    Objects.requireNonNull(addonBalance, "addonBalance");
    Objects.requireNonNull(monthlyRunsOut, "monthlyRunsOut");
    Objects.requireNonNull(addonRunsOut, "addonRunsOut");
    Objects.requireNonNull(projectedUse, "projectedUse");
    Objects.requireNonNull(projectedShortfall, "projectedShortfall");
    Objects.requireNonNull(asOf, "asOf");
    if (openingDays.isEmpty()) {
      throw new IllegalArgumentException("openingDays must name at least one day");
    }
    openingDays = Collections.unmodifiableSet(EnumSet.copyOf(openingDays));
    series = List.copyOf(series);
  }

  /**
   * The forecast in one sentence for the clinic's staff, as a message code and arguments: {@code
   * forecast.unlimited}; {@code forecast.insufficient_data} with {0} the days of data and {1} the
   * days needed; or, with {0} the daily rate and {1} the reset date, {@code forecast.lasts} (nothing
   * runs out before the reset), {@code forecast.monthly_runs_out} ({2} the day the monthly allowance
   * runs out, the add-on lasting), {@code forecast.quota_runs_out} ({2} the day the allowance runs
   * out with no add-on behind it) or {@code forecast.runs_out} ({2} the monthly day, {3} the add-on
   * day).
   */
  public LocalizedText text() {
    if (unlimited) {
      return LocalizedText.of("forecast.unlimited");
    }
    if (insufficientData) {
      return LocalizedText.of("forecast.insufficient_data", (long) daysOfData,
          (long) MIN_DAYS_OF_DATA);
    }
    LocalDate reset = resetDate();
    if (monthlyRunsOut.isEmpty()) {
      return LocalizedText.of("forecast.lasts", dailyRate, reset);
    }
    if (addonRunsOut.isEmpty()) {
      return LocalizedText.of("forecast.monthly_runs_out", dailyRate, reset, monthlyRunsOut.get());
    }
    if (addonRunsOut.equals(monthlyRunsOut)) {
      return LocalizedText.of("forecast.quota_runs_out", dailyRate, reset, monthlyRunsOut.get());
    }
    return LocalizedText.of("forecast.runs_out", dailyRate, reset, monthlyRunsOut.get(),
        addonRunsOut.get());
  }

  /** The forecast in one sentence in {@code locale}. */
  public String message(Locale locale) {
    return text().render(locale);
  }

  /** The local date the monthly allowance resets on. */
  public LocalDate resetDate() {
    return period.end().atZone(zone).toLocalDate();
  }

  /**
   * One day of the chart: what was charged and what the projection burns.
   *
   * @param date the local date
   * @param open whether the clinic works that day
   * @param actual the units charged that day (so far, for today; zero for days to come)
   * @param projected the units the projection burns that day (zero for past days)
   */
  public record Day(LocalDate date, boolean open, Units actual, Units projected) {

    /** Validates. */
    public Day {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(actual, "actual");
      Objects.requireNonNull(projected, "projected");
    }
  }
}
