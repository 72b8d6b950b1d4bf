package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code period} query parameter of the statement and receipt endpoints: {@code YYYY-MM}
 * names the billing period that starts in that month of the clinic's zone (for a clinic billed by
 * calendar month, the month itself); without it, the current period. A malformed month, one whose
 * period has not started, or one before the clinic's first period is a 400 {@code
 * INVALID_ARGUMENT} naming {@code period}.
 */
final class StatementPeriod {

  /** The month format of {@code period} and of the statement's file name. */
  static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
      .withResolverStyle(ResolverStyle.STRICT);

  private static final Pattern YEAR_MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");

  private StatementPeriod() {}

  /**
   * Reads what {@code reader} reads at an instant of the period {@code period} names: the month's
   * last day in the clinic's zone, or {@code now} if that is later than now.
   *
   * @param quotas the quota service, for the clinic's zone
   * @param now the current instant
   * @param clinic the clinic
   * @param period the {@code YYYY-MM} of the query, or {@code null} for the current period
   * @param reader reads the period containing the instant it is given
   * @param periodStart the start of the period of what {@code reader} read
   * @param <T> what is read
   * @return what {@code reader} read
   * @throws ApiException 400 naming {@code period}
   */
  static <T> T read(QuotaService quotas, Instant now, String clinic, String period,
      Function<Instant, T> reader, Function<T, Instant> periodStart) {
    if (period == null) {
      return reader.apply(now);
    }
    YearMonth month;
    try {
      if (!YEAR_MONTH.matcher(period).matches()) {
        throw new DateTimeParseException("not YYYY-MM", period, 0);
      }
      month = YearMonth.parse(period, MONTH);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("period", "error.period", HttpErrors.echo(period));
    }
    ZoneId zone = quotas.status(clinic).zone();
    Instant lastDay = month.atEndOfMonth().atStartOfDay(zone).toInstant();
    T read;
    try {
      read = reader.apply(lastDay.isAfter(now) ? now : lastDay);
    } catch (QuotaRefusedException e) {
      if (e.refused().code() == RefusalCode.INVALID_ARGUMENT
          && e.refused().field().filter("at"::equals).isPresent()) {
        throw ApiException.invalid("period", "error.period.before_first", period);
      }
      throw e;
    }
    if (!YearMonth.from(periodStart.apply(read).atZone(zone)).equals(month)) {
      throw ApiException.invalid("period", "error.period.not_started", period);
    }
    return read;
  }
}
