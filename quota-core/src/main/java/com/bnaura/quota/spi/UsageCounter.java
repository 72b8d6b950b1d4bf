package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;

/**
 * A count of calls and units in one window for one scope of a clinic: the state behind per-window
 * caps (calls of an operation per staff member per day, per clinic per hour) and branch and staff
 * budgets (units per period).
 *
 * <p>A counter is derived state the engine keeps exact the way it keeps a period row exact: it is
 * read by its whole {@link Key} with the clinic's snapshot and written in the same {@link WriteSet}
 * as the charge it counts, so the clinic's version check makes it exact across instances. Counters
 * are keyed by their window's start, so a new window starts from a new row and nothing is swept.
 *
 * @param clinic the clinic
 * @param key what is counted, whose, and in which window
 * @param calls the calls counted in the window
 * @param units the units counted in the window
 */
public record UsageCounter(ClinicId clinic, Key key, long calls, Units units) {

  /** Validates. */
  public UsageCounter {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(units, "units");
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative, was " + calls);
    }
  }

  /** A counter of {@code key} with nothing counted yet. */
  public static UsageCounter empty(ClinicId clinic, Key key) {
    return new UsageCounter(clinic, key, 0, Units.ZERO);
  }

  /** This counter with {@code calls} and {@code units} added (either may be negative). */
  public UsageCounter plus(long calls, Units units) {
    return new UsageCounter(clinic, key, Math.addExact(this.calls, calls), this.units.plus(units));
  }

  /** Whose usage a counter holds. */
  public enum Scope {
    /** The whole clinic; the scope id is the clinic id. */
    CLINIC,
    /** One branch of the clinic; the scope id is the branch id. */
    BRANCH,
    /** One staff member; the scope id is the user id. */
    STAFF
  }

  /**
   * The identity of a counter within its clinic.
   *
   * @param scope whose usage it holds
   * @param scopeId the clinic, branch or user id
   * @param subject what it counts: the engine's name for an operation's calls or for units
   * @param windowStart the start of its window (a cap's window, or a budget's period)
   */
  public record Key(Scope scope, String scopeId, String subject, Instant windowStart) {
    /** Validates. */
    public Key {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(scopeId, "scopeId");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(windowStart, "windowStart");
    }
  }
}
