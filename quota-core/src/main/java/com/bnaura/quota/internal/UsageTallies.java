package com.bnaura.quota.internal;

import com.bnaura.quota.UsageStats;
import com.bnaura.quota.UsageStats.Tally;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.ReservationRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Folds a period's ledger entries and reservations into {@link UsageStats}, in one pass each. */
final class UsageTallies {
  private UsageTallies() {}

  /** Whether {@code e} is a charge: a one-step consume, a commit, or a late commit. */
  static boolean isCharge(LedgerEntry e) {
    return e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.COMMIT;
  }

  /** Whether {@code e}, a charge, was a repeat scan within 24 hours (free, or charged less). */
  static boolean isExemptRepeat(LedgerEntry e) {
    return e.waived().isPositive() && !isCachedAnswer(e);
  }

  /** Whether {@code e}, a charge, was an answer the host served from its cache. */
  static boolean isCachedAnswer(LedgerEntry e) {
    return e.reason().filter(Charge.CACHED_ANSWER::equals).isPresent();
  }

  /**
   * The stats of {@code period} from {@code ledger} (entries of any period; only those belonging
   * to this one count) and the reservations taken in it.
   */
  static UsageStats of(ClinicId clinic, BillingPeriod period, ZoneId zone, boolean current,
      List<LedgerEntry> ledger, List<ReservationRecord> reservations, Money zero, Instant now) {
    Tally charged = Tally.ZERO;
    long monthly = 0;
    long addon = 0;
    long overage = 0;
    Money overageCost = zero;
    Map<OperationId, Tally> byOperation = new HashMap<>();
    Map<UserId, Tally> byUser = new HashMap<>();
    TreeMap<LocalDate, Tally> byDay = new TreeMap<>();
    Tally exempt = Tally.ZERO;
    Tally cached = Tally.ZERO;
    Tally unbilled = Tally.ZERO;
    Map<String, Tally> unbilledByReason = new TreeMap<>();
    long failed = 0;

    LocalDate first = period.start().atZone(zone).toLocalDate();
    LocalDate last = (current ? now : period.end().minusNanos(1)).atZone(zone).toLocalDate();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      byDay.put(d, Tally.ZERO);
    }
    for (LedgerEntry e : ledger) {
      if (!e.periodStart().equals(period.start())) {
        continue;
      }
      if (isCharge(e)) {
        Units units = e.split().total();
        charged = charged.plus(units);
        monthly += e.split().fromMonthly().milli();
        addon += e.split().fromAddon().milli();
        overage += e.split().overage().milli();
        overageCost = overageCost.plus(e.money());
        e.operation().ifPresent(op -> byOperation.merge(op, one(units), UsageTallies::add));
        e.user().ifPresent(user -> byUser.merge(user, one(units), UsageTallies::add));
        byDay.merge(e.at().atZone(zone).toLocalDate(), one(units), UsageTallies::add);
        if (isCachedAnswer(e)) {
          cached = cached.plus(e.waived());
        } else if (isExemptRepeat(e)) {
          exempt = exempt.plus(e.waived());
        }
      } else if (e.kind() == LedgerKind.UNBILLED) {
        unbilled = unbilled.plus(e.units());
        unbilledByReason.merge(e.reason().orElse("UNKNOWN"), one(e.units()), UsageTallies::add);
      } else if (e.kind() == LedgerKind.FAILED_CALL) {
        failed++;
      }
    }

    long open = 0;
    long openUnits = 0;
    long committed = 0;
    long released = 0;
    long expired = 0;
    for (ReservationRecord r : reservations) {
      switch (r.state()) {
        case PENDING -> {
          open++;
          openUnits += r.hold().total().milli();
        }
        case COMMITTED -> committed++;
        case RELEASED -> released++;
        case EXPIRED -> expired++;
        default -> throw new IllegalStateException("unknown reservation state " + r.state());
      }
    }
    return new UsageStats(clinic, period, zone, current, charged,
        new Deduction(Units.ofMilli(monthly), Units.ofMilli(addon), Units.ofMilli(overage)),
        sorted(byOperation, OperationId::value), sorted(byUser, UserId::value), byDay, exempt,
        cached, overageCost,
        new UsageStats.Reservations(open, Units.ofMilli(openUnits), committed, released, expired),
        unbilled, unbilledByReason, failed, now);
  }

  private static Tally one(Units units) {
    return Tally.ZERO.plus(units);
  }

  private static Tally add(Tally a, Tally b) {
    return new Tally(Math.addExact(a.count(), b.count()), a.units().plus(b.units()));
  }

  private static <K> Map<K, Tally> sorted(Map<K, Tally> map, Function<K, String> name) {
    Map<K, Tally> sorted = new LinkedHashMap<>();
    map.entrySet().stream()
        .sorted(Comparator.comparing(e -> name.apply(e.getKey())))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
