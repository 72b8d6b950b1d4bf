package com.bnaura.quota.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * When a clinic's monthly allowance resets: on the 1st of each calendar month (seed 003), or on a
 * billing-anchor day of month (seed 001).
 *
 * <p>An anchor day past the end of a month is clamped to the month's last day: anchor 31 resets on
 * 28 February (29 in a leap year), then on 31 March. Every reset happens at 00:00 local time in the
 * clinic's zone (or the first valid instant of that day where a DST gap removes midnight).
 *
 * @param anchorDay the day of month the period starts, {@code 1..31}; {@code 1} is the calendar month
 */
public record ResetSchedule(int anchorDay) {

  private static final ResetSchedule CALENDAR_MONTH = new ResetSchedule(1);

  /** Validates the day. */
  public ResetSchedule {
    if (anchorDay < 1 || anchorDay > 31) {
      throw Reasons.invalid("anchorDay", Reasons.BETWEEN, 1L, 31L, (long) anchorDay);
    }
  }

  /** Resets on the 1st of every month at 00:00 local time. */
  public static ResetSchedule calendarMonth() {
    return CALENDAR_MONTH;
  }

  /**
   * Resets on {@code day} of every month, clamped to the month's last day.
   *
   * @throws InvalidArgumentException naming {@code anchorDay} unless {@code 1 <= day <= 31}
   */
  public static ResetSchedule anchorDay(int day) {
    return day == 1 ? CALENDAR_MONTH : new ResetSchedule(day);
  }

  /** Whether this is the plain calendar month. */
  public boolean isCalendarMonth() {
    return anchorDay == 1;
  }

  /** The period that contains {@code instant} in {@code zone}. */
  public BillingPeriod periodContaining(Instant instant, ZoneId zone) {
    LocalDate date = instant.atZone(zone).toLocalDate();
    YearMonth month = YearMonth.from(date);
    LocalDate start = startIn(month);
    if (date.isBefore(start)) {
      month = month.minusMonths(1);
      start = startIn(month);
    }
    LocalDate next = startIn(month.plusMonths(1));
    BillingPeriod period = new BillingPeriod(start.atStartOfDay(zone).toInstant(),
        next.atStartOfDay(zone).toInstant());
    // a DST gap can move local midnight; the instant itself decides
    if (instant.isBefore(period.start())) {
      return periodBefore(period, zone);
    }
    return period;
  }

  /** The period that starts when {@code period} ends. */
  public BillingPeriod periodAfter(BillingPeriod period, ZoneId zone) {
    return periodContaining(period.end(), zone);
  }

  /** The period that ends when {@code period} starts. */
  public BillingPeriod periodBefore(BillingPeriod period, ZoneId zone) {
    return periodContaining(period.start().minusMillis(1), zone);
  }

  private LocalDate startIn(YearMonth month) {
    return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
  }

  @Override
  public String toString() {
    return isCalendarMonth() ? "CALENDAR_MONTH" : "ANCHOR_DAY_" + anchorDay;
  }
}
