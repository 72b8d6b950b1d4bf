package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a clinic used in one billing period (seed 000's {@code usage-stats}), computed from the
 * store's ledger: every charge with its operation, user, time and split.
 *
 * <p>A charge is a one-step consume, a commit, a late commit or a cached answer; each counts once
 * in {@code count}, and {@code units} adds what it charged (a free repeat scan, a chat and an
 * answer from the host's cache count with zero units). Usage the policy refused after the fact is
 * not a charge: it is in {@link #unbilled()}. Days are local dates in the clinic's zone. Stats
 * may come from the service's stats cache (30 seconds by default); a write through the same
 * instance makes the next stats fresh.
 *
 * <pre>{@code
 * UsageStats march = quotas.usageStats("clinic-42", Instant.parse("2026-03-15T00:00:00Z"));
 * march.byUser().forEach((user, t) -> table.row(user, t.count(), t.units()));
 * }</pre>
 *
 * @param clinic the clinic
 * @param period the period
 * @param zone the zone the days are counted in
 * @param current whether the period is the clinic's current one
 * @param charged all charges: how many, and the units they charged
 * @param split the charged units by bucket: monthly allowance, add-on, overage
 * @param byOperation charges per operation
 * @param byUser charges per user; charges without a user appear only in {@code charged}
 * @param byDay charges per local day, every day of the period up to today included, zero or not
 * @param exemptRepeats repeat scans of a customer within 24 hours (free, or charged only the
 *     difference): how many, and the units waived
 * @param cachedAnswers operations the host answered from its cache of identical inputs without an
 *     AI call ({@link QuotaService#recordCachedAnswer}): how many, and the units they would have
 *     cost at the operation's rate. Each is also a charge of zero units in {@code charged}, {@code
 *     byOperation}, {@code byUser} and {@code byDay}, like a free repeat scan, but never in {@code
 *     exemptRepeats}: the two count different savings
 * @param overageCost the money charged for overage units
 * @param reservations the reservations taken in the period, by how they ended
 * @param unbilled usage recorded but not billed (refused by the policy after the call happened)
 * @param unbilledByReason unbilled usage per reason code, e.g. {@code QUOTA_EXCEEDED}
 * @param failedCalls AI calls reported as failed, which charged nothing
 * @param asOf when the stats were computed
 */
public record UsageStats(
    ClinicId clinic,
    BillingPeriod period,
    ZoneId zone,
    boolean current,
    Tally charged,
    Deduction split,
    Map<OperationId, Tally> byOperation,
    Map<UserId, Tally> byUser,
    SortedMap<LocalDate, Tally> byDay,
    Tally exemptRepeats,
    Tally cachedAnswers,
    Money overageCost,
    Reservations reservations,
    Tally unbilled,
    Map<String, Tally> unbilledByReason,
    long failedCalls,
    Instant asOf) {

  /** Validates and copies the maps. */
  public UsageStats {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(charged, "charged");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(exemptRepeats, "exemptRepeats");
    Objects.requireNonNull(cachedAnswers, "cachedAnswers");
    Objects.requireNonNull(overageCost, "overageCost");
    Objects.requireNonNull(reservations, "reservations");
    Objects.requireNonNull(unbilled, "unbilled");
    Objects.requireNonNull(asOf, "asOf");
    byOperation = Collections.unmodifiableMap(new LinkedHashMap<>(byOperation));
    byUser = Collections.unmodifiableMap(new LinkedHashMap<>(byUser));
    byDay = Collections.unmodifiableSortedMap(new TreeMap<>(byDay));
    unbilledByReason = Collections.unmodifiableMap(new LinkedHashMap<>(unbilledByReason));
  }

  /** The overage units charged in the period. */
  public Units overageUnits() {
    return split.overage();
  }

  /**
   * A count of events and the units they concern.
   *
   * @param count how many
   * @param units how many units in all
   */
  public record Tally(long count, Units units) {

    /** Nothing. */
    public static final Tally ZERO = new Tally(0, Units.ZERO);

    /** Validates. */
    public Tally {
      Objects.requireNonNull(units, "units");
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative, was " + count);
      }
    }

    /** This tally with one more event of {@code more} units. */
    public Tally plus(Units more) {
      return new Tally(Math.addExact(count, 1), units.plus(more));
    }
  }

  /**
   * The reservations taken in a period, by state.
   *
   * @param open still pending: their units are held
   * @param openUnits the units the open ones hold
   * @param committed turned into charges
   * @param released given back by the caller
   * @param expired given back because nobody committed or released them in time
   */
  public record Reservations(long open, Units openUnits, long committed, long released,
      long expired) {

    /** Validates. */
    public Reservations {
      Objects.requireNonNull(openUnits, "openUnits");
    }
  }
}
