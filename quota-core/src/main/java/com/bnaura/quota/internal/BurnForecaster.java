package com.bnaura.quota.internal;

import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The burn-rate forecast: an exponentially weighted daily rate over the last completed opening
 * days, projected on the opening days left before the reset. Pure arithmetic on the charges it is
 * given; {@link QuotaInsights} reads them.
 *
 * <p>Only completed opening days make the rate: today is never extrapolated, since a day's first
 * hours say little about the whole day (one large charge in the morning would read as that much
 * every day). A clinic with no completed opening day since it registered has a rate of zero.
 * Below {@value #MIN_DAYS_OF_DATA} completed opening days the forecast has too little data and
 * says so ({@code insufficientData}); recommendations then rest on what was charged, not on the
 * projection.
 */
final class BurnForecaster {
  /** Completed opening days the rate looks back on. */
  static final int HISTORY_DAYS = 14;
  /** Completed opening days a forecast needs before it is trusted. */
  static final int MIN_DAYS_OF_DATA = 3;
  /** Each older day weighs 4/5 of the day after it: weight(age) = 4^age * 5^(n-1-age). */
  private static final BigInteger DECAY_NUMERATOR = BigInteger.valueOf(4);
  private static final BigInteger DECAY_DENOMINATOR = BigInteger.valueOf(5);

  private BurnForecaster() {}

  /**
   * The completed opening days the rate is computed from, most recent first: up to {@value
   * #HISTORY_DAYS} opening days before {@code today}, none before {@code registered}.
   */
  static List<LocalDate> historyDays(LocalDate today, LocalDate registered, Set<DayOfWeek> open) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = today.minusDays(1); days.size() < HISTORY_DAYS && !d.isBefore(registered)
        && d.isAfter(today.minusDays(7L * HISTORY_DAYS + 1)); d = d.minusDays(1)) {
      if (open.contains(d.getDayOfWeek())) {
        days.add(d);
      }
    }
    return days;
  }

  /** The units charged per local day in {@code zone}. */
  static Map<LocalDate, Long> daily(List<LedgerEntry> ledger, ZoneId zone) {
    Map<LocalDate, Long> daily = new HashMap<>();
    for (LedgerEntry e : ledger) {
      if (UsageTallies.isCharge(e)) {
        daily.merge(e.at().atZone(zone).toLocalDate(), e.split().total().milli(), Long::sum);
      }
    }
    return daily;
  }

  /** The weighted mean of the units of {@code days} (most recent first), half-up to the milli. */
  static long rate(List<LocalDate> days, Map<LocalDate, Long> daily) {
    int n = days.size();
    BigInteger sum = BigInteger.ZERO;
    BigInteger weights = BigInteger.ZERO;
    for (int age = 0; age < n; age++) {
      BigInteger w = DECAY_NUMERATOR.pow(age).multiply(DECAY_DENOMINATOR.pow(n - 1 - age));
      sum = sum.add(w.multiply(BigInteger.valueOf(daily.getOrDefault(days.get(age), 0L))));
      weights = weights.add(w);
    }
    return new BigDecimal(sum).divide(new BigDecimal(weights), 0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /**
   * The forecast at {@code now} for a clinic whose current period is {@code period}.
   *
   * @param monthlyRemaining monthly units free now ({@link Units#MAX} when unlimited)
   * @param addon add-on units free now
   */
  static Result project(BillingPeriod period, ZoneId zone, Set<DayOfWeek> open, Instant now,
      LocalDate registered, boolean unlimited, Units monthlyRemaining, Units addon,
      List<LedgerEntry> ledger) {
    LocalDate today = now.atZone(zone).toLocalDate();
    Map<LocalDate, Long> daily = daily(ledger, zone);
    List<LocalDate> history = historyDays(today, registered, open);
    long actualToday = daily.getOrDefault(today, 0L);
    long rate = history.isEmpty() ? 0 : rate(history, daily);

    LocalDate first = period.start().atZone(zone).toLocalDate();
    LocalDate last = period.end().minusNanos(1).atZone(zone).toLocalDate();
    long m = unlimited ? Long.MAX_VALUE : monthlyRemaining.milli();
    long total = unlimited ? Long.MAX_VALUE : m + addon.milli();
    LocalDate monthlyOut = !unlimited && m == 0 ? today : null;
    LocalDate addonOut = !unlimited && total == 0 ? today : null;
    long burned = 0;
    List<BurnForecast.Day> series = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      boolean isOpen = open.contains(d.getDayOfWeek());
      long actual = d.isAfter(today) ? 0 : daily.getOrDefault(d, 0L);
      long projected = 0;
      if (isOpen && !d.isBefore(today)) {
        projected = d.equals(today) ? Math.max(0, rate - actualToday) : rate;
      }
      burned = Math.min(Units.MAX.milli(), burned + projected);
      if (!unlimited && projected > 0) {
        if (monthlyOut == null && burned >= m) {
          monthlyOut = d;
        }
        if (addonOut == null && burned >= total) {
          addonOut = d;
        }
      }
      series.add(new BurnForecast.Day(d, isOpen, Units.ofMilli(actual), Units.ofMilli(projected)));
    }
    long shortfall = unlimited ? 0 : Math.max(0, burned - total);
    return new Result(Units.ofMilli(rate), history.size(),
        history.size() < MIN_DAYS_OF_DATA, Optional.ofNullable(monthlyOut),
        Optional.ofNullable(addonOut), Units.ofMilli(burned), Units.ofMilli(shortfall), series);
  }

  /** What {@link #project} computes. */
  record Result(Units rate, int daysOfData, boolean insufficientData,
      Optional<LocalDate> monthlyRunsOut,
      Optional<LocalDate> addonRunsOut, Units projectedUse, Units projectedShortfall,
      List<BurnForecast.Day> series) {}
}
