package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.UsageCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Branch and staff budgets inside a clinic (SPEC §10): a charge by a staff member is checked
 * against the clinic's balance (the deduction order, as always), then their branch's monthly
 * budget, then their own, in the same decision, and counted in both.
 *
 * <p>A budget counts the units charged in the clinic's period: units a pending reservation holds
 * count while held (in its period), a release or an expiry gives them back, a commit's remainder
 * gives back the difference, and a free repeat scan costs nothing. The count is kept for every
 * staff member a branch has and for the branch, budget or not, so the owner sees each branch's
 * usage; it is a {@link UsageCounter} keyed by the period's start, so a new period starts from
 * zero with nothing swept. A request that names no user, or a user with no branch, meets the
 * clinic's balance only; a clinic that never defined a branch ({@code budgetsInUse} on its account)
 * looks nothing up. A give-back is taken from the branch the staff member is in at the time
 * (moved since the hold, the new branch gives it back) and never below zero.
 *
 * <p>A charge that would take a budget past its units is refused {@code QUOTA_EXCEEDED} with words
 * naming the level, the figures and the fix ("the owner can raise it"), in English and Thai; the
 * text's code ({@value Messages#BRANCH_BUDGET} or {@value Messages#STAFF_BUDGET}) tells a host
 * which level stopped it. Recorded calls and late commits (the call already happened) are counted
 * but never refused by a budget.
 */
final class Budgets {
  /** The subject of a budget's counter. */
  static final String UNITS = "units";

  private Budgets() {}

  /**
   * A budget level a charge meets.
   *
   * @param row the branch's or the staff member's row
   * @param counter its usage this period
   */
  record Level(BudgetRecord row, UsageCounter counter) {}

  /** The key of the usage counter of {@code row} in the period starting {@code periodStart}. */
  static UsageCounter.Key counterKey(BudgetRecord.Key row, Instant periodStart) {
    return new UsageCounter.Key(row.scope(), row.id(), UNITS, periodStart);
  }

  /**
   * The levels a charge by {@code user} in the period starting {@code periodStart} meets: the
   * user's branch, then the user; none for a request without a user or a user with no branch.
   */
  static List<Level> levels(ClinicTransaction tx, Optional<UserId> user, Instant periodStart) {
    if (user.isEmpty()) {
      return List.of();
    }
    Optional<BudgetRecord> staff = tx.budget(BudgetRecord.Key.staff(user.get().value()));
    if (staff.isEmpty()) {
      return List.of();
    }
    Optional<BudgetRecord> branch = tx.budget(BudgetRecord.Key.branch(staff.get().branch()));
    List<BudgetRecord> rows = new ArrayList<>();
    branch.ifPresent(rows::add);
    rows.add(staff.get());
    List<UsageCounter.Key> keys = rows.stream().map(r -> counterKey(r.key(), periodStart))
        .toList();
    Map<UsageCounter.Key, UsageCounter> counters = tx.counters(keys);
    List<Level> levels = new ArrayList<>();
    for (BudgetRecord r : rows) {
      levels.add(new Level(r, counters.get(counterKey(r.key(), periodStart))));
    }
    return levels;
  }

  /** The refusal of a charge of {@code units} at {@code levels}, branch first, if one is over. */
  static Optional<Refused> check(List<Level> levels, Units units) {
    if (units.isZero()) {
      return Optional.empty();
    }
    for (Level level : levels) {
      Optional<Units> budget = level.row().monthlyBudget();
      Units used = level.counter().units();
      if (budget.isPresent() && used.plus(units).exceeds(budget.get())) {
        Units left = budget.get().exceeds(used) ? budget.get().minus(used) : Units.ZERO;
        LocalizedText text = level.row().key().scope() == UsageCounter.Scope.BRANCH
            ? LocalizedText.of(Messages.BRANCH_BUDGET, level.row().name(), budget.get(), used,
                units, left)
            : LocalizedText.of(Messages.STAFF_BUDGET, level.row().key().id(), budget.get(), used,
                units, left);
        return Optional.of(Refused.of(RefusalCode.QUOTA_EXCEEDED, text));
      }
    }
    return Optional.empty();
  }

  /** Counts {@code units} charged or held at every level. */
  static void add(ClinicTransaction tx, List<Level> levels, Units units) {
    if (units.isZero()) {
      return;
    }
    for (Level level : levels) {
      tx.putCounter(level.counter().plus(0, units));
    }
  }

  /** Gives {@code units} back at every level, never below zero. */
  static void giveBack(ClinicTransaction tx, List<Level> levels, Units units) {
    if (units.isZero()) {
      return;
    }
    for (Level level : levels) {
      UsageCounter c = level.counter();
      Units next = c.units().exceeds(units) ? c.units().minus(units) : Units.ZERO;
      tx.putCounter(new UsageCounter(c.clinic(), c.key(), c.calls(), next));
    }
  }
}
