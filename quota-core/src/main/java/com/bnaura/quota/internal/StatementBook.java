package com.bnaura.quota.internal;

import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.StatementTotals;
import com.bnaura.quota.UsageStats.Tally;
import com.bnaura.quota.UsageSummary;
import com.bnaura.quota.UsageSummary.Row;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The money side of a period statement: its money lines, their totals, and the usage summary by
 * operation and staff member, folded from one read of the period's ledger and billing lines
 * (SPEC §6: a statement's totals equal the ledger's money lines).
 *
 * <p>The plan fee is the monthly price of the plan the period opened with: the plan its
 * {@code GRANT} ledger entry names (the period row names the plan in force after any immediate
 * change, whose prorations are billing lines of their own).
 */
final class StatementBook {
  private StatementBook() {}

  /** A statement's money lines, their totals and its usage summary. */
  record Book(List<StatementMoneyLine> lines, StatementTotals totals, UsageSummary summary) {}

  /**
   * The book of {@code row}'s period from {@code ledger} (entries of any period; only those of this
   * one count) and {@code billing} (every billing line of the clinic; only those billed in the
   * period count).
   */
  static Book of(PeriodRecord row, List<LedgerEntry> ledger, List<BillingLine> billing,
      QuotaCatalog catalog) {
    BillingPeriod period = row.period();
    Money zero = Money.zero(catalog.currency());
    List<BillingLine> ofPeriod = billing.stream().filter(b -> period.contains(b.at())).toList();
    List<StatementMoneyLine> lines = new ArrayList<>();
    PlanId opening = openingPlan(row, ledger);
    catalog.plan(opening).map(Plan::monthlyPrice).ifPresent(fee -> lines.add(
        new StatementMoneyLine(period.start(), StatementMoneyLine.Kind.PLAN_FEE,
            "Plan " + opening + ", monthly fee", Units.ZERO, fee, Optional.of(opening),
            Optional.empty())));
    for (BillingLine b : ofPeriod) {
      lines.add(new StatementMoneyLine(b.at(), kind(b.kind()), b.description(), b.units(),
          b.amount(), Optional.empty(), Optional.of(b.id())));
    }

    Row total = Row.empty(zero);
    Row withoutUser = Row.empty(zero);
    Map<OperationId, Row> byOperation = new HashMap<>();
    Map<UserId, Row> byUser = new HashMap<>();
    Instant lastOverage = null;
    Units overageUnits = Units.ZERO;
    for (LedgerEntry e : ledger) {
      if (!e.periodStart().equals(period.start()) || !UsageTallies.isCharge(e)) {
        continue;
      }
      Row one = new Row(1, e.split().total(), e.money(), UsageTallies.isExemptRepeat(e)
          ? Tally.ZERO.plus(e.waived()) : Tally.ZERO);
      total = total.plus(one);
      e.operation().ifPresent(op -> byOperation.merge(op, one, Row::plus));
      if (e.user().isPresent()) {
        byUser.merge(e.user().get(), one, Row::plus);
      } else {
        withoutUser = withoutUser.plus(one);
      }
      overageUnits = overageUnits.plus(e.split().overage());
      if (!e.money().isZero()) {
        lastOverage = e.at();
      }
    }
    if (lastOverage != null) {
      lines.add(new StatementMoneyLine(lastOverage, StatementMoneyLine.Kind.OVERAGE,
          "Overage, " + overageUnits + " units", overageUnits, total.overage(), Optional.empty(),
          Optional.empty()));
    }
    lines.sort(Comparator.comparing(StatementMoneyLine::at));

    Money charged = zero;
    Money credited = zero;
    for (StatementMoneyLine line : lines) {
      if (line.credit()) {
        credited = credited.plus(line.amount());
      } else {
        charged = charged.plus(line.amount());
      }
    }
    return new Book(lines, StatementTotals.of(charged, credited), new UsageSummary(total,
        sorted(byOperation, OperationId::value), sorted(byUser, UserId::value), withoutUser));
  }

  /** The statement's kind of a billing line's kind. */
  private static StatementMoneyLine.Kind kind(BillingLineKind kind) {
    return switch (kind) {
      case TOP_UP -> StatementMoneyLine.Kind.TOP_UP;
      case PLAN_PRORATION -> StatementMoneyLine.Kind.PRORATION;
      case PLAN_PRORATION_CREDIT -> StatementMoneyLine.Kind.PRORATION_CREDIT;
      case REFUND, CREDIT -> StatementMoneyLine.Kind.REFUND;
    };
  }

  /**
   * The plan {@code row}'s period opened with: the plan its {@code GRANT} entry names, or the row's
   * plan for a period whose grant names none (opened before grants recorded their plan).
   */
  static PlanId openingPlan(PeriodRecord row, List<LedgerEntry> ledger) {
    for (LedgerEntry e : ledger) {
      if (e.kind() == LedgerKind.GRANT && e.periodStart().equals(row.period().start())) {
        return e.plan().orElse(row.plan());
      }
    }
    return row.plan();
  }

  private static <K> Map<K, Row> sorted(Map<K, Row> map, Function<K, String> name) {
    Map<K, Row> sorted = new LinkedHashMap<>();
    map.entrySet().stream()
        .sorted(Comparator.comparing(e -> name.apply(e.getKey())))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
