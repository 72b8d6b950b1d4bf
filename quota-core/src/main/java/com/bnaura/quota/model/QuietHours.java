package com.bnaura.quota.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hours a clinic is closed, in its own zone: non-critical alerts raised then are held until
 * the clinic opens ({@link #end()}), so a warning at 23:00 reaches the owner at opening time, not
 * in the night. Critical events are never held.
 *
 * <p>The hours run from {@link #start()} (inclusive) to {@link #end()} (exclusive) and may cross
 * midnight: {@code 20:00-08:00} holds an alert at 23:10 or 07:59 until 08:00. Written as {@code
 * HH:mm-HH:mm} ({@link #parse}, {@link #toString()}).
 *
 * @param start the local time the clinic closes
 * @param end the local time it opens, when held events go out
 */
public record QuietHours(LocalTime start, LocalTime end) {

  private static final Pattern TEXT = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** Validates: both given, to the minute, and not equal. */
  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new InvalidArgumentException("quietHours", "start and end must differ");
    }
    if (start.getSecond() != 0 || start.getNano() != 0 || end.getSecond() != 0
        || end.getNano() != 0) {
      throw new InvalidArgumentException("quietHours", "start and end are whole minutes");
    }
  }

  /**
   * Reads {@code HH:mm-HH:mm}, such as {@code 20:00-08:00}.
   *
   * @throws InvalidArgumentException naming {@code quietHours} when the text is not of that form
   */
  public static QuietHours parse(String text) {
    if (text == null || text.length() > 11) {
      throw new InvalidArgumentException("quietHours", "must be HH:mm-HH:mm, such as 20:00-08:00");
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new InvalidArgumentException("quietHours", "must be HH:mm-HH:mm, such as 20:00-08:00");
    }
    try {
      return new QuietHours(LocalTime.parse(m.group(1), HH_MM), LocalTime.parse(m.group(2), HH_MM));
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException("quietHours", "not a time of day: " + text);
    }
  }

  /** Whether the local time {@code time} falls in these hours. */
  public boolean contains(LocalTime time) {
    return start.isBefore(end)
        ? !time.isBefore(start) && time.isBefore(end)
        : !time.isBefore(start) || time.isBefore(end);
  }

  /**
   * The instant an event raised at {@code at} is held until in {@code zone}: the next opening
   * time if {@code at} falls in these hours, empty otherwise. An opening time a daylight-saving
   * gap skips is read as the first instant after the gap.
   */
  public Optional<Instant> holdUntil(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    if (!contains(local.toLocalTime())) {
      return Optional.empty();
    }
    LocalDate day = local.toLocalDate();
    if (!local.toLocalTime().isBefore(end)) {
      day = day.plusDays(1);
    }
    return Optional.of(ZonedDateTime.of(day, end, zone).toInstant());
  }

  /** {@code HH:mm-HH:mm}. */
  @Override
  public String toString() {
    return HH_MM.format(start) + "-" + HH_MM.format(end);
  }
}
