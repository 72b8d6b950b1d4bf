package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.UsageCounter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-window caps on calls (SPEC §10): the caps in force, the windows they count in, and whether
 * one more call fits.
 *
 * <p>The caps in force are the clinic's own when it set them, else its plan's. A cap counts the
 * calls of its operation (or of every operation) of the whole clinic, or of each staff member (the
 * request's user: a request that names no user is counted by no per-staff cap). Windows are fixed
 * and aligned in the clinic's zone: a day is the local calendar day from local midnight to the
 * next (23 or 25 hours across a daylight-saving change), an hour the local clock hour, a minute the
 * clock minute. Caps of the same operation, scope and window share one counter.
 *
 * <p>What counts: every reserve and consume the cap lets through, a repeat scan the exemption makes
 * free included (it is still an AI call), and a recorded call or a late commit (the call happened;
 * they are counted but never refused). What does not: a refusal, a cached answer (no AI call) and a
 * failed call; a reservation released or expired gives its call back to the windows it was
 * counted in that are still open, so only calls that happened use a cap. A give-back is counted
 * against the caps in force when it happens: a cap added after the reserve is not lowered by it.
 *
 * <p>A call over a cap is refused {@code RATE_LIMITED} with {@code retryAfter} the time until the
 * full window ends (the latest such end when several caps are full), a message naming the cap, and
 * no change of state; the refusal is not remembered for its key, so the same request passes once
 * the window has turned.
 */
final class OperationCaps {
  /** The subject of a counter of every operation's calls. */
  private static final String EVERY_OPERATION = "calls:*";

  private OperationCaps() {}

  /**
   * One window a call counts in for one cap.
   *
   * @param cap the cap
   * @param key the counter of the window
   * @param end when the window ends
   */
  record Slot(OperationCap cap, UsageCounter.Key key, Instant end) {}

  /** The caps in force for a clinic with {@code account} on {@code plan}. */
  static List<OperationCap> inForce(Plan plan, AccountRecord account) {
    return account.capsOverride().orElse(plan.caps());
  }

  /** The windows, open at {@code at}, that a call of {@code op} by {@code user} counts in. */
  static List<Slot> slots(List<OperationCap> caps, ClinicId clinic, OperationId op,
      Optional<UserId> user, ZoneId zone, Instant at) {
    List<Slot> slots = new ArrayList<>();
    for (OperationCap cap : caps) {
      if (!cap.counts(op)) {
        continue;
      }
      String scopeId;
      UsageCounter.Scope scope;
      if (cap.per() == OperationCap.Per.STAFF) {
        if (user.isEmpty()) {
          continue;
        }
        scope = UsageCounter.Scope.STAFF;
        scopeId = user.get().value();
      } else {
        scope = UsageCounter.Scope.CLINIC;
        scopeId = clinic.value();
      }
      String subject = cap.operation().map(o -> "calls:" + o.value()).orElse(EVERY_OPERATION);
      Instant start = windowStart(cap.window(), zone, at);
      slots.add(new Slot(cap, new UsageCounter.Key(scope, scopeId, subject, start),
          windowEnd(cap.window(), zone, start)));
    }
    return slots;
  }

  /** The start of the {@code window} containing {@code at} in {@code zone}. */
  static Instant windowStart(OperationCap.Window window, ZoneId zone, Instant at) {
    ZonedDateTime local = at.atZone(zone);
    return switch (window) {
      case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES).toInstant();
      case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
    };
  }

  /** The end of the {@code window} starting at {@code start} in {@code zone}. */
  static Instant windowEnd(OperationCap.Window window, ZoneId zone, Instant start) {
    return switch (window) {
      case MINUTE -> start.plus(Duration.ofMinutes(1));
      case HOUR -> start.plus(Duration.ofHours(1));
      case DAY -> start.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    };
  }

  /** The distinct counters of {@code slots}, in order. */
  static List<UsageCounter.Key> keys(List<Slot> slots) {
    Map<UsageCounter.Key, Boolean> keys = new LinkedHashMap<>();
    slots.forEach(s -> keys.put(s.key(), Boolean.TRUE));
    return List.copyOf(keys.keySet());
  }

  /**
   * The refusal of one more call in {@code slots} given their {@code counters} at {@code now}, if
   * a window is full: it names the full cap whose window ends last, and waits until that end.
   */
  static Optional<Refused> check(List<Slot> slots, Map<UsageCounter.Key, UsageCounter> counters,
      Instant now) {
    Slot full = null;
    for (Slot slot : slots) {
      UsageCounter c = counters.get(slot.key());
      long calls = c == null ? 0 : c.calls();
      if (calls >= slot.cap().max() && (full == null || slot.end().isAfter(full.end()))) {
        full = slot;
      }
    }
    if (full == null) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, full.end());
    return Optional.of(new Refused(RefusalCode.RATE_LIMITED, text(full.cap(), full.end(), wait),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(wait)));
  }

  /**
   * {0} the most calls, {1} what is counted (a word with the operation), {2} whose calls, {3} the
   * window, {4} the instant the window ends, {5} the seconds until then (rounded up).
   */
  private static LocalizedText text(OperationCap cap, Instant end, Duration wait) {
    LocalizedText what = cap.operation()
        .map(o -> LocalizedText.of(Messages.CAP_OPERATION, o.value()))
        .orElse(LocalizedText.of(Messages.CAP_EVERY_OPERATION));
    LocalizedText per = LocalizedText.of(cap.per() == OperationCap.Per.STAFF
        ? Messages.CAP_PER_STAFF : Messages.CAP_PER_CLINIC);
    LocalizedText window = LocalizedText.of(switch (cap.window()) {
      case MINUTE -> Messages.CAP_MINUTE;
      case HOUR -> Messages.CAP_HOUR;
      case DAY -> Messages.CAP_DAY;
    });
    long seconds = (wait.toMillis() + 999) / 1000;
    return LocalizedText.of(Messages.RATE_LIMITED_CAP, cap.max(), what, per, window, end, seconds);
  }
}
