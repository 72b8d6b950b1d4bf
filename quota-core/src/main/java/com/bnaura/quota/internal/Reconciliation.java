package com.bnaura.quota.internal;

import com.bnaura.quota.Drift;
import com.bnaura.quota.Drift.Field;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rule that a clinic's balance columns are a fold of its append-only ledger, and the check of
 * it: {@link #drifts} folds the entries from zero and names every column of the account and of
 * the period rows that says otherwise. Pure: no I/O, no clock.
 *
 * <p>The fold, entry by entry, on the account and on the row of the entry's period:
 *
 * <ul>
 *   <li>{@code GRANT} and {@code GRANT_CHANGED} set the period's grant to their units;
 *   <li>{@code TOP_UP} adds its units to the add-on bought, available, and bought in the period;
 *   <li>{@code HOLD} moves its split's monthly part to monthly reserved, its add-on part from
 *       available to reserved, its overage part and money to overage reserved;
 *   <li>{@code UNHOLD} moves them back;
 *   <li>{@code COMMIT} moves them from reserved to used (monthly used, add-on used on the account
 *       and in the period, overage units and the overage balance);
 *   <li>{@code CHARGE} adds its split to used directly, the add-on part out of available;
 *   <li>{@code FORFEIT} adds its monthly part to the period's forfeited units;
 *   <li>{@code GRANT_EXPIRED} and {@code GRANT_VOIDED} move their add-on part from available to
 *       expired;
 *   <li>{@code REVERSAL} undoes a {@code CHARGE} of its split: monthly used, add-on used (back to
 *       available), overage units and, by its money, the overage balance;
 *   <li>{@code UNBILLED}, {@code FAILED_CALL} and {@code CREDIT} move nothing.
 * </ul>
 *
 * <p>The grant of an unlimited period is not compared: its rows carry none. A period row the
 * ledger never touched folds to zero in every column, and a period the ledger touched without a
 * row is compared with a row of zeros, so both show as drifts.
 */
final class Reconciliation {

  private Reconciliation() {}

  /** The running sums of one period. */
  private static final class PeriodSums {
    final Map<Field, Long> sums = new EnumMap<>(Field.class);

    void set(Field field, long value) {
      sums.put(field, value);
    }

    void add(Field field, long delta) {
      sums.merge(field, delta, Long::sum);
    }

    long get(Field field) {
      return sums.getOrDefault(field, 0L);
    }
  }

  /**
   * Every column of {@code account} and {@code rows} that differs from the fold of {@code ledger}
   * (the clinic's whole ledger, in append order): account fields first, then the periods oldest
   * first, each in the order of {@link Field}.
   */
  static List<Drift> drifts(ClinicId clinic, AccountRecord account, List<PeriodRecord> rows,
      List<LedgerEntry> ledger) {
    PeriodSums addon = new PeriodSums();
    Map<Instant, PeriodSums> periods = new HashMap<>();
    for (LedgerEntry e : ledger) {
      fold(e, addon, periods.computeIfAbsent(e.periodStart(), k -> new PeriodSums()));
    }

    List<Drift> drifts = new ArrayList<>();
    compare(drifts, clinic, null, Field.ADDON_AVAILABLE, addon,
        account.addonAvailable().milli());
    compare(drifts, clinic, null, Field.ADDON_RESERVED, addon, account.addonReserved().milli());
    compare(drifts, clinic, null, Field.ADDON_PURCHASED, addon,
        account.addonPurchased().milli());
    compare(drifts, clinic, null, Field.ADDON_USED, addon, account.addonUsed().milli());
    compare(drifts, clinic, null, Field.ADDON_EXPIRED, addon, account.addonExpired().milli());

    Map<Instant, PeriodRecord> byStart = new HashMap<>();
    rows.forEach(row -> byStart.put(row.period().start(), row));
    TreeSet<Instant> starts = new TreeSet<>(byStart.keySet());
    starts.addAll(periods.keySet());
    for (Instant period : starts) {
      PeriodSums sums = periods.getOrDefault(period, new PeriodSums());
      PeriodRecord row = byStart.get(period);
      if (row == null || !row.unlimited()) {
        compare(drifts, clinic, period, Field.GRANTED, sums,
            row == null ? 0 : row.granted().milli());
      }
      compare(drifts, clinic, period, Field.MONTHLY_USED, sums,
          row == null ? 0 : row.monthlyUsed().milli());
      compare(drifts, clinic, period, Field.MONTHLY_RESERVED, sums,
          row == null ? 0 : row.monthlyReserved().milli());
      compare(drifts, clinic, period, Field.PERIOD_ADDON_USED, sums,
          row == null ? 0 : row.addonUsed().milli());
      compare(drifts, clinic, period, Field.OVERAGE_UNITS, sums,
          row == null ? 0 : row.overageUnits().milli());
      compare(drifts, clinic, period, Field.OVERAGE_RESERVED, sums,
          row == null ? 0 : row.overageReserved().milli());
      compare(drifts, clinic, period, Field.OVERAGE_COST, sums,
          row == null ? 0 : row.overageCost().minor());
      compare(drifts, clinic, period, Field.OVERAGE_RESERVED_COST, sums,
          row == null ? 0 : row.overageReservedCost().minor());
      compare(drifts, clinic, period, Field.FORFEITED, sums,
          row == null ? 0 : row.forfeited().milli());
      compare(drifts, clinic, period, Field.ADDON_BOUGHT, sums,
          row == null ? 0 : row.addonBought().milli());
    }
    return drifts;
  }

  private static void fold(LedgerEntry e, PeriodSums account, PeriodSums period) {
    Deduction split = e.split();
    long monthly = split.fromMonthly().milli();
    long addon = split.fromAddon().milli();
    long overage = split.overage().milli();
    long money = e.money().minor();
    switch (e.kind()) {
      case GRANT, GRANT_CHANGED -> period.set(Field.GRANTED, e.units().milli());
      case TOP_UP -> {
        account.add(Field.ADDON_PURCHASED, e.units().milli());
        account.add(Field.ADDON_AVAILABLE, e.units().milli());
        period.add(Field.ADDON_BOUGHT, e.units().milli());
      }
      case HOLD -> {
        period.add(Field.MONTHLY_RESERVED, monthly);
        account.add(Field.ADDON_AVAILABLE, -addon);
        account.add(Field.ADDON_RESERVED, addon);
        period.add(Field.OVERAGE_RESERVED, overage);
        period.add(Field.OVERAGE_RESERVED_COST, money);
      }
      case UNHOLD -> {
        period.add(Field.MONTHLY_RESERVED, -monthly);
        account.add(Field.ADDON_RESERVED, -addon);
        account.add(Field.ADDON_AVAILABLE, addon);
        period.add(Field.OVERAGE_RESERVED, -overage);
        period.add(Field.OVERAGE_RESERVED_COST, -money);
      }
      case COMMIT -> {
        period.add(Field.MONTHLY_RESERVED, -monthly);
        period.add(Field.MONTHLY_USED, monthly);
        account.add(Field.ADDON_RESERVED, -addon);
        account.add(Field.ADDON_USED, addon);
        period.add(Field.PERIOD_ADDON_USED, addon);
        period.add(Field.OVERAGE_RESERVED, -overage);
        period.add(Field.OVERAGE_UNITS, overage);
        period.add(Field.OVERAGE_RESERVED_COST, -money);
        period.add(Field.OVERAGE_COST, money);
      }
      case CHARGE -> {
        period.add(Field.MONTHLY_USED, monthly);
        account.add(Field.ADDON_AVAILABLE, -addon);
        account.add(Field.ADDON_USED, addon);
        period.add(Field.PERIOD_ADDON_USED, addon);
        period.add(Field.OVERAGE_UNITS, overage);
        period.add(Field.OVERAGE_COST, money);
      }
      case FORFEIT -> period.add(Field.FORFEITED, monthly);
      case GRANT_EXPIRED, GRANT_VOIDED -> {
        account.add(Field.ADDON_AVAILABLE, -addon);
        account.add(Field.ADDON_EXPIRED, addon);
      }
      case REVERSAL -> {
        period.add(Field.MONTHLY_USED, -monthly);
        account.add(Field.ADDON_AVAILABLE, addon);
        account.add(Field.ADDON_USED, -addon);
        period.add(Field.PERIOD_ADDON_USED, -addon);
        period.add(Field.OVERAGE_UNITS, -overage);
        period.add(Field.OVERAGE_COST, -money);
      }
      case UNBILLED, FAILED_CALL, CREDIT -> { }
    }
  }

  private static void compare(List<Drift> drifts, ClinicId clinic, Instant period, Field field,
      PeriodSums sums, long row) {
    long ledger = sums.get(field);
    if (ledger != row) {
      drifts.add(new Drift(clinic, Optional.ofNullable(period), field, ledger, row));
    }
  }
}
