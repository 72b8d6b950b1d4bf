package com.bnaura.quota.internal;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.spi.UsageCounter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One clinic inside one store transaction: the bucket arithmetic of holds, charges, commits,
 * releases and rollovers, each paired with its ledger entries so balances stay a fold of the ledger.
 */
final class ClinicSession {
  private final ClinicTransaction tx;
  private final Instant now;
  private final QuotaCatalog catalog;
  private final Duration keyRetention;
  private final Money zero;
  private final QuotaListener listener;
  private AccountRecord account;
  private PeriodRecord current;
  private final List<Runnable> events = new ArrayList<>();
  private final Runnable outboxWritten;

  private ClinicSession(ClinicTransaction tx, Instant now, QuotaCatalog catalog,
      Duration keyRetention, QuotaListener listener, Runnable outboxWritten,
      AccountRecord account) {
    this.tx = tx;
    this.listener = listener;
    this.outboxWritten = outboxWritten;
    this.now = now;
    this.catalog = catalog;
    this.keyRetention = keyRetention;
    this.zero = Money.zero(catalog.currency());
    this.account = account;
  }

  /** Opens a session on the locked account, or returns empty if the clinic is not registered. */
  static Optional<ClinicSession> open(ClinicTransaction tx, Instant now, QuotaCatalog catalog,
      Duration keyRetention, QuotaListener listener, Runnable outboxWritten) {
    return tx.account().map(a -> new ClinicSession(tx, now, catalog, keyRetention, listener,
        outboxWritten, a));
  }

  /** The transaction the session decides in. */
  ClinicTransaction tx() {
    return tx;
  }

  /** The instant the session decides at. */
  Instant now() {
    return now;
  }

  /** The listener calls queued so far, to run once the writes applied. */
  List<Runnable> events() {
    return events;
  }

  /** Queues a listener call to run after the store commits. */
  void afterCommit(java.util.function.Consumer<QuotaListener> event) {
    events.add(() -> event.accept(listener));
  }

  /**
   * Announces {@code event}, one of the records the outbox carries ({@link EventPayloads}): it is
   * written to the outbox with this session's writes, and {@code call} tells the listener once
   * they committed.
   */
  void announce(Object event, java.util.function.Consumer<QuotaListener> call) {
    tx.putEvent(Outbox.draft(event, account, now));
    afterCommit(call);
    events.add(outboxWritten);
  }

  AccountRecord account() {
    return account;
  }

  void putAccount(AccountRecord updated) {
    account = updated;
    tx.putAccount(updated);
  }

  Money zero() {
    return zero;
  }

  // ---- idempotency ----

  /**
   * The stored outcome of {@code key} if it was used within the retention period: the outcome
   * itself when {@code fingerprint} matches, an {@code IDEMPOTENCY_KEY_REUSED} refusal otherwise.
   */
  Optional<Object> replay(IdempotencyKey key, String fingerprint) {
    Optional<IdempotencyRecord> stored = tx.idempotency(key)
        .filter(r -> now.isBefore(r.createdAt().plus(keyRetention)));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    if (!stored.get().fingerprint().equals(fingerprint)) {
      return Optional.of(Refused.of(RefusalCode.IDEMPOTENCY_KEY_REUSED,
              Messages.keyReused(key, stored.get().createdAt()))
          .about(account.clinic()));
    }
    return Optional.of(OutcomeCodec.decode(stored.get().outcome()));
  }

  void remember(IdempotencyKey key, String fingerprint, Object outcome) {
    tx.putIdempotency(new IdempotencyRecord(account.clinic(), key, fingerprint,
        OutcomeCodec.encode(outcome), now));
  }

  // ---- plan and period ----

  /** The plan the clinic is on, or empty if the catalog no longer has it. */
  Optional<Plan> plan() {
    return catalog.plan(account.plan());
  }

  Refused planMissing() {
    return Refused.of(RefusalCode.UNKNOWN_PLAN, Messages.planMissing(account.clinic(),
        account.plan())).about(account.clinic());
  }

  OveragePolicy policy(Plan plan) {
    return account.policyOverride().orElse(plan.defaultPolicy());
  }

  /**
   * The current period row, opening every period between the stored one and {@code now} first,
   * and queuing a {@link PeriodReset} for each. Never moves backwards: a clock behind the store's
   * current period keeps the current period.
   */
  PeriodRecord current() {
    if (current == null) {
      settleGrants();
      BillingPeriod period = account.currentPeriod();
      PeriodRecord row = requirePeriod(period.start());
      while (!now.isBefore(period.end())) {
        Units forfeitedBefore = row.forfeited();
        PeriodRecord closed = close(row);
        BillingPeriod next = Periods.next(period, account.schedule(), account.zone());
        Plan plan = catalog.plan(Periods.planAfterReset(account, catalog)).orElse(null);
        if (plan == null) {
          row = closed;
          break; // the catalog lost the plan: stay put, callers answer UNKNOWN_PLAN
        }
        row = openPeriod(next, plan, period.end());
        putAccount(account.inPeriod(next, plan.id(), Optional.empty(), now));
        PeriodReset reset = new PeriodReset(account.clinic(), period, next, plan.id(),
            row.unlimited(), row.granted(), closed.forfeited().minus(forfeitedBefore),
            row.addonAtStart(), GrantBurnOrder.statuses(tx.grants(), now), account.zone(), now);
        announce(reset, l -> l.onPeriodReset(reset));
        period = next;
      }
      current = row;
    }
    return current;
  }

  /** The row of the period starting at {@code start}, which must exist. */
  PeriodRecord period(Instant start) {
    if (current != null && current.period().start().equals(start)) {
      return current;
    }
    return requirePeriod(start);
  }

  void putPeriod(PeriodRecord row) {
    tx.putPeriod(row);
    if (current != null && current.period().equals(row.period())) {
      current = row;
    }
  }

  private PeriodRecord requirePeriod(Instant start) {
    return tx.period(start).orElseThrow(() -> new IllegalStateException(
        "clinic " + account.clinic() + " has no period row starting " + start));
  }

  /** Creates the row of a new period with the plan's grant; {@code at} is its opening instant. */
  PeriodRecord openPeriod(BillingPeriod period, Plan plan, Instant at) {
    boolean unlimited = plan.allowance().unlimited();
    Units grant = plan.allowance().units();
    PeriodRecord row = Periods.opening(account, period, plan, zero);
    tx.putPeriod(row);
    ledger(terms(Entry.of(account.clinic(), LedgerKind.GRANT, at, period.start(), zero)
        .units(grant).reason(unlimited ? "UNLIMITED" : null), plan));
    return row;
  }

  private PeriodRecord close(PeriodRecord row) {
    Units forfeit = row.unlimited() ? Units.ZERO : row.monthlyRemaining();
    PeriodRecord closed = row.closedWith(row.forfeited().plus(forfeit));
    tx.putPeriod(closed);
    if (forfeit.isPositive()) {
      ledger(Entry.of(account.clinic(), LedgerKind.FORFEIT, row.period().end(),
          row.period().start(), zero).split(new Deduction(forfeit, Units.ZERO, Units.ZERO)));
    }
    return closed;
  }

  /** Units left in the monthly allowance and the add-on ({@link Units#MAX} when unlimited). */
  Units remaining() {
    PeriodRecord row = current();
    return row.unlimited() ? Units.MAX : row.monthlyRemaining().plus(addonAvailable());
  }

  // ---- grants ----

  /** The add-on units the clinic's live grants hold free at the session's instant. */
  Units addonAvailable() {
    return GrantBurnOrder.available(tx.grants(), now);
  }

  /**
   * Settles the expiry of every grant past its expiry that still counts units as available: they
   * become expired, with a {@link LedgerKind#GRANT_EXPIRED} entry, so the account's totals stay a
   * fold of the ledger. Units a pending reservation holds are not touched: they expire only if it
   * gives them back, at which point this runs again. A grant without an expiry, or before it, is
   * never touched, so nothing takes paid units a grant did not lose by its own expiry.
   */
  void settleGrants() {
    for (GrantRecord g : List.copyOf(tx.grants())) {
      Units lapsed = g.unsettled();
      if (!g.isExpiredAt(now) || lapsed.isZero()) {
        continue;
      }
      Instant at = g.expired().isZero() && g.expiresAt().isPresent() ? g.expiresAt().get() : now;
      tx.putGrant(g.withExpired(g.expired().plus(lapsed)));
      AccountRecord a = account;
      putAccount(a.withAddon(a.addonAvailable().minus(lapsed), a.addonReserved(),
          a.addonPurchased(), a.addonUsed(), a.addonExpired().plus(lapsed), now));
      Deduction split = new Deduction(Units.ZERO, lapsed, Units.ZERO,
          List.of(new GrantPart(g.id(), lapsed)));
      ledger(Entry.of(account.clinic(), LedgerKind.GRANT_EXPIRED, at,
          account.currentPeriod().start(), zero).split(split).reason("GRANT_EXPIRED"));
    }
  }

  /**
   * Moves the add-on parts of one change on the grants: each part of {@code reserve} is held, of
   * {@code unreserve} no longer held, of {@code use} charged (from what is held when it is also
   * unreserved, from what is free otherwise).
   */
  private void moveGrants(List<GrantPart> reserve, List<GrantPart> unreserve,
      List<GrantPart> use) {
    Map<GrantId, long[]> moves = new LinkedHashMap<>();
    reserve.forEach(p -> moves.computeIfAbsent(p.grant(), k -> new long[2])[1]
        += p.units().milli());
    unreserve.forEach(p -> moves.computeIfAbsent(p.grant(), k -> new long[2])[1]
        -= p.units().milli());
    use.forEach(p -> moves.computeIfAbsent(p.grant(), k -> new long[2])[0]
        += p.units().milli());
    moves.forEach((id, d) -> {
      GrantRecord g = tx.grant(id).orElseThrow(() -> new IllegalStateException(
          "clinic " + account.clinic() + " has no open grant " + id));
      tx.putGrant(g.withUsage(g.used().plus(Units.ofMilli(d[0])),
          Units.ofMilli(g.reserved().milli() + d[1])));
    });
  }

  /** The grant parts of {@code split}, which must name them when it takes from the add-on. */
  private List<GrantPart> parts(Deduction split) {
    if (split.fromAddon().isPositive() && split.grants().isEmpty()) {
      throw new IllegalStateException("a split of clinic " + account.clinic()
          + " takes add-on units without naming their grants: " + split);
    }
    return split.grants();
  }

  /** The catalog the session sells from. */
  QuotaCatalog catalog() {
    return catalog;
  }

  /**
   * What every charge (a consume, a reserve, a commit) runs once its units moved: the alert levels
   * it reached, then the auto top-up its crossing requests ({@link AutoTopUpTrigger}), both in
   * the charge's own write.
   */
  void afterCharge(boolean overageCharged) {
    checkAlerts(overageCharged);
    AutoTopUpTrigger.check(this);
  }

  /**
   * Voids grant {@code id} now because the payment behind it failed: it stops counting at once,
   * its free units go with a {@link LedgerKind#GRANT_VOIDED} entry (reason {@code reason}) that
   * points to its top-up's key, and units a pending reservation holds from it lapse when given
   * back, as with any grant that stopped counting. Units already charged from it stay charged.
   */
  void endGrant(GrantId id, String reason) {
    Instant periodStart = current().period().start();
    Optional<GrantRecord> open = tx.grant(id);
    if (open.isEmpty()) {
      return;
    }
    GrantRecord g = open.get();
    Units lapsed = g.unsettled();
    tx.putGrant(g.voided(now, g.expired().plus(lapsed)));
    if (lapsed.isZero()) {
      return;
    }
    AccountRecord a = account;
    putAccount(a.withAddon(a.addonAvailable().minus(lapsed), a.addonReserved(),
        a.addonPurchased(), a.addonUsed(), a.addonExpired().plus(lapsed), now));
    ledger(Entry.of(account.clinic(), LedgerKind.GRANT_VOIDED, now, periodStart, zero)
        .split(new Deduction(Units.ZERO, lapsed, Units.ZERO,
            List.of(new GrantPart(g.id(), lapsed)))).reverses(g.key()).reason(reason));
  }

  // ---- alerts ----

  /**
   * Marks and queues every alert level the current period has newly reached: the threshold levels
   * of its balance now, and OVERAGE_STARTED when {@code overageCharged}. The mark is written with
   * the usage, so each level fires once per period across every instance sharing the store.
   * Levels the balance is back above (held units that came back in the same decision) are
   * recovered first.
   */
  void checkAlerts(boolean overageCharged) {
    rearmAlerts();
    PeriodRecord row = current();
    if (row.unlimited()) {
      return;
    }
    Units remaining = row.monthlyRemaining().plus(addonAvailable());
    Units base = AlertThresholds.base(row);
    EnumSet<AlertLevel> due = AlertThresholds.reached(remaining, base);
    if (overageCharged) {
      due.add(AlertLevel.OVERAGE_STARTED);
    }
    due.removeAll(row.alertsFired());
    if (due.isEmpty()) {
      return;
    }
    EnumSet<AlertLevel> fired = EnumSet.copyOf(due);
    fired.addAll(row.alertsFired());
    putPeriod(row.withAlertsFired(fired));
    BigDecimal percent = AlertThresholds.percent(remaining, base);
    for (AlertLevel level : due) {
      QuotaAlert alert = new QuotaAlert(level, account.clinic(), row.period(), percent, remaining,
          now);
      announce(alert, l -> l.onAlert(alert));
    }
  }

  /**
   * Recovers the levels the current period is back above ({@link AlertThresholds#recovered}):
   * clears their marks, written with the write that raised the balance so one instance alone
   * sends the recovery, and queues it.
   */
  void rearmAlerts() {
    PeriodRecord row = current();
    boolean unlimited = row.unlimited();
    Units remaining = unlimited ? Units.MAX : row.monthlyRemaining().plus(account.addonAvailable());
    Units base = AlertThresholds.base(row);
    EnumSet<AlertLevel> back = AlertThresholds.recovered(row.alertsFired(), unlimited, remaining,
        base);
    if (back.isEmpty()) {
      return;
    }
    EnumSet<AlertLevel> kept = EnumSet.copyOf(row.alertsFired());
    kept.removeAll(back);
    putPeriod(row.withAlertsFired(kept));
    BigDecimal percent = unlimited ? AlertThresholds.HUNDRED
        : AlertThresholds.percent(remaining, base);
    QuotaRecovered recovered = new QuotaRecovered(account.clinic(), row.period(), back, percent,
        remaining, now);
    announce(recovered, l -> l.onRecovered(recovered));
  }

  // ---- deciding ----

  /**
   * Decides a charge of {@code charge} units for a request that asks for {@code asked} units: the
   * per-request units limit first, then the deduction order with the money limit and the cap.
   */
  MonthlyThenAddonDeduction.Decision decide(Units asked, Units charge, Plan plan,
      boolean acceptOverage) {
    PeriodRecord row = current();
    RequestLimits limits = PerRequestLimits.of(plan, account);
    Optional<Refused> tooBig = exceedsUnitLimit(asked, plan);
    if (tooBig.isPresent()) {
      return new MonthlyThenAddonDeduction.Decision(null, null, tooBig.get());
    }
    MonthlyThenAddonDeduction.Decision d = MonthlyThenAddonDeduction.decide(charge,
        row.monthlyRemaining(), addonAvailable(), plan, policy(plan), acceptOverage,
        account.overageCap(), row.overageCost().plus(row.overageReservedCost()),
        catalog.topUps(), asked, limits);
    if (!d.granted() || d.split().fromAddon().isZero()) {
      return d;
    }
    return new MonthlyThenAddonDeduction.Decision(d.split().withGrants(
        GrantBurnOrder.take(tx.grants(), d.split().fromAddon(), now)), d.cost(), null);
  }

  /** The refusal of a request of {@code asked} units over the clinic's units limit, if it is. */
  Optional<Refused> exceedsUnitLimit(Units asked, Plan plan) {
    return PerRequestLimits.checkUnits(PerRequestLimits.of(plan, account), asked, remaining(),
        plan.overagePrice(), zero);
  }

  /**
   * The refusal of a commit of {@code actual} units billed {@code overageCost} of overage that
   * exceeds the clinic's per-request limits now, if it does.
   */
  Optional<Refused> exceedsLimits(Units actual, Units overageUnits, Money overageCost,
      Plan plan) {
    Optional<Refused> tooBig = exceedsUnitLimit(actual, plan);
    if (tooBig.isPresent()) {
      return tooBig;
    }
    return PerRequestLimits.checkOverage(PerRequestLimits.of(plan, account), actual, remaining(),
        overageUnits, overageCost, plan.overagePrice(), catalog.topUps());
  }

  /** The charge of {@code units} of {@code op} after the repeat-scan exemption. */
  RepeatScans.Exemption exemption(Operation op, Units units, Optional<CustomerRefHash> customer) {
    Optional<RepeatWindow> stored = op.repeatScanEligible() && customer.isPresent()
        && !units.isZero() ? tx.repeatWindow(customer.get()) : Optional.empty();
    return RepeatScans.exemption(account.clinic(), op, units, customer, stored, now);
  }

  // ---- per-window caps ----

  /**
   * The refusal of one more call of {@code op} by {@code user} now, if a cap in force on {@code
   * plan} has a full window ({@link OperationCaps}).
   */
  Optional<Refused> exceedsCaps(Plan plan, OperationId op, Optional<UserId> user) {
    List<OperationCaps.Slot> slots = capSlots(plan, op, user, now);
    if (slots.isEmpty()) {
      return Optional.empty();
    }
    return OperationCaps.check(slots, tx.counters(OperationCaps.keys(slots)), now);
  }

  /** Counts one call of {@code op} by {@code user} now in every window of the caps in force. */
  void countCall(Plan plan, OperationId op, Optional<UserId> user) {
    List<UsageCounter.Key> keys = OperationCaps.keys(capSlots(plan, op, user, now));
    if (keys.isEmpty()) {
      return;
    }
    for (UsageCounter c : tx.counters(keys).values()) {
      tx.putCounter(c.plus(1, Units.ZERO));
    }
  }

  /**
   * The counters a give-back of {@code r}'s call touches: the windows of the caps in force it was
   * counted in at its reserve that are still open now.
   */
  private List<UsageCounter.Key> giveBackKeys(ReservationRecord r) {
    Optional<Plan> plan = plan();
    if (plan.isEmpty()) {
      return List.of();
    }
    List<OperationCaps.Slot> open = new ArrayList<>();
    for (OperationCaps.Slot slot : capSlots(plan.get(), r.operation(), r.user(), r.createdAt())) {
      if (slot.end().isAfter(now)) {
        open.add(slot);
      }
    }
    return OperationCaps.keys(open);
  }

  /** Gives back the call {@code r} counted, in the windows still open: it did not happen. */
  private void uncountCall(ReservationRecord r) {
    List<UsageCounter.Key> keys = giveBackKeys(r);
    if (keys.isEmpty()) {
      return;
    }
    for (UsageCounter c : tx.counters(keys).values()) {
      if (c.calls() > 0) {
        tx.putCounter(c.plus(-1, Units.ZERO));
      }
    }
  }

  private List<OperationCaps.Slot> capSlots(Plan plan, OperationId op, Optional<UserId> user,
      Instant at) {
    List<OperationCap> caps = OperationCaps.inForce(plan, account);
    if (caps.isEmpty()) {
      return List.of();
    }
    return OperationCaps.slots(caps, account.clinic(), op, user, account.zone(), at);
  }

  // ---- budgets ----

  /**
   * The refusal of a charge of {@code units} by {@code user} in the current period, if it would
   * take their branch's or their own budget past it ({@link Budgets}).
   */
  Optional<Refused> exceedsBudgets(Optional<UserId> user, Units units) {
    if (!account.budgetsInUse()) {
      return Optional.empty();
    }
    return Budgets.check(Budgets.levels(tx, user, current().period().start()), units);
  }

  /** Counts {@code units} charged or held by {@code user} in the period starting there. */
  void countBudgets(Optional<UserId> user, Instant periodStart, Units units) {
    if (account.budgetsInUse() && !units.isZero()) {
      Budgets.add(tx, Budgets.levels(tx, user, periodStart), units);
    }
  }

  /** Gives {@code units} charged or held by {@code user} in the period starting there back. */
  void giveBackBudgets(Optional<UserId> user, Instant periodStart, Units units) {
    if (account.budgetsInUse() && !units.isZero()) {
      Budgets.giveBack(tx, Budgets.levels(tx, user, periodStart), units);
    }
  }

  // ---- moving units ----

  /** Holds {@code split} in the current period for a reservation. */
  void hold(Deduction split, Money cost) {
    PeriodRecord row = current();
    putPeriod(row.withMonthlyReserved(row.monthlyReserved().plus(split.fromMonthly()))
        .withOverageReserved(row.overageReserved().plus(split.overage()))
        .withOverageReservedCost(row.overageReservedCost().plus(cost)));
    moveGrants(parts(split), List.of(), List.of());
    AccountRecord a = account;
    putAccount(a.withAddon(a.addonAvailable().minus(split.fromAddon()),
        a.addonReserved().plus(split.fromAddon()), a.addonPurchased(), a.addonUsed(), now));
  }

  /** Charges {@code split} directly in the current period. */
  void chargeDirect(Deduction split, Money cost) {
    PeriodRecord row = current();
    putPeriod(row.withMonthlyUsed(row.monthlyUsed().plus(split.fromMonthly()))
        .withAddonUsed(row.addonUsed().plus(split.fromAddon()))
        .withOverageUnits(row.overageUnits().plus(split.overage()))
        .withOverageCost(row.overageCost().plus(cost)));
    moveGrants(List.of(), List.of(), parts(split));
    AccountRecord a = account;
    putAccount(a.withAddon(a.addonAvailable().minus(split.fromAddon()), a.addonReserved(),
        a.addonPurchased(), a.addonUsed().plus(split.fromAddon()), now));
  }

  /**
   * Turns the first {@code charged} units of a pending hold into a charge in its pinned period,
   * giving the rest back (forfeiting monthly units of a closed period). Returns the charge's cost.
   */
  Money commitHold(ReservationRecord r, Deduction charged, Optional<String> model, long prompt,
      long output, long thoughts) {
    Deduction hold = r.hold();
    Deduction returned = hold.minus(charged);
    Money cost = commitCost(r, charged);
    PeriodRecord row = period(r.period().start());
    putPeriod(row.withMonthlyReserved(row.monthlyReserved().minus(hold.fromMonthly()))
        .withMonthlyUsed(row.monthlyUsed().plus(charged.fromMonthly()))
        .withForfeited(row.closed() ? row.forfeited().plus(returned.fromMonthly())
            : row.forfeited())
        .withAddonUsed(row.addonUsed().plus(charged.fromAddon()))
        .withOverageReserved(row.overageReserved().minus(hold.overage()))
        .withOverageUnits(row.overageUnits().plus(charged.overage()))
        .withOverageReservedCost(row.overageReservedCost().minus(r.holdCost()))
        .withOverageCost(row.overageCost().plus(cost)));
    moveGrants(List.of(), parts(hold), parts(charged));
    AccountRecord a = account;
    putAccount(a.withAddon(a.addonAvailable().plus(returned.fromAddon()),
        a.addonReserved().minus(hold.fromAddon()), a.addonPurchased(),
        a.addonUsed().plus(charged.fromAddon()), now));
    Optional<Instant> window = windowOf(r);
    lowerWindow(r, returned.total());
    giveBackBudgets(r.user(), r.period().start(), returned.total());
    ledger(terms(entry(LedgerKind.COMMIT, r.period().start()).split(charged).money(cost)
        .waived(r.waived()).operation(r.operation()).user(r.user()).reservation(r.id())
        .key(r.key()).reason(r.waived().isPositive() ? Charge.REPEAT_WITHIN_24H : null)
        .model(model, prompt, output, thoughts).quantity(r.quantity())
        .window(r.customer(), window), row));
    if (!returned.isZero()) {
      unholdEntries(r, returned, r.holdCost().minus(cost), "COMMIT_REMAINDER", row.closed());
    }
    settleGrants();
    return cost;
  }

  /** The overage money a commit of {@code charged} out of {@code r}'s hold is billed. */
  static Money commitCost(ReservationRecord r, Deduction charged) {
    Deduction hold = r.hold();
    return charged.overage().equals(hold.overage()) ? r.holdCost()
        : r.holdCost().prorate(charged.overage().milli(), hold.overage().milli());
  }

  /** Gives a pending hold back whole: released by the caller or expired. */
  Released restore(ReservationRecord r, boolean expired) {
    Deduction hold = r.hold();
    PeriodRecord row = period(r.period().start());
    Units forfeited = row.closed() ? hold.fromMonthly() : Units.ZERO;
    putPeriod(row.withMonthlyReserved(row.monthlyReserved().minus(hold.fromMonthly()))
        .withForfeited(row.forfeited().plus(forfeited))
        .withOverageReserved(row.overageReserved().minus(hold.overage()))
        .withOverageReservedCost(row.overageReservedCost().minus(r.holdCost())));
    moveGrants(List.of(), parts(hold), List.of());
    AccountRecord a = account;
    putAccount(a.withAddon(a.addonAvailable().plus(hold.fromAddon()),
        a.addonReserved().minus(hold.fromAddon()), a.addonPurchased(), a.addonUsed(), now));
    lowerWindow(r, hold.total());
    uncountCall(r);
    giveBackBudgets(r.user(), r.period().start(), hold.total());
    String reason = expired ? "EXPIRED" : "RELEASED";
    unholdEntries(r, hold, r.holdCost(), reason, row.closed());
    settleGrants();
    Released released = new Released(r.id(), r.clinic(),
        new Deduction(hold.fromMonthly().minus(forfeited), hold.fromAddon(), hold.overage(),
            hold.grants()),
        forfeited, expired);
    tx.putReservation(r.resolve(expired ? ReservationState.EXPIRED : ReservationState.RELEASED,
        now, Optional.of("release"), Optional.of(OutcomeCodec.encode(released))));
    return released;
  }

  /** Expires every pending reservation of the clinic that is past its TTL; returns how many. */
  int reclaimExpired() {
    List<ReservationRecord> due = tx.expiredReservations(now);
    // every row the give-backs touch, loaded in as few rounds as their keys allow
    List<BudgetRecord.Key> staff = new ArrayList<>();
    if (account.budgetsInUse()) {
      due.forEach(r -> r.user().ifPresent(u -> staff.add(BudgetRecord.Key.staff(u.value()))));
    }
    tx.requireBudgets(staff);
    List<BudgetRecord.Key> branches = new ArrayList<>();
    staff.forEach(k -> tx.budget(k).ifPresent(b -> branches.add(BudgetRecord.Key.branch(b.branch()))));
    tx.requireBudgets(branches);
    List<UsageCounter.Key> counters = new ArrayList<>();
    for (ReservationRecord r : due) {
      counters.addAll(giveBackKeys(r));
      r.user().filter(u -> account.budgetsInUse())
          .ifPresent(u -> tx.budget(BudgetRecord.Key.staff(u.value())).ifPresent(b -> {
        counters.add(Budgets.counterKey(b.key(), r.period().start()));
        counters.add(Budgets.counterKey(BudgetRecord.Key.branch(b.branch()), r.period().start()));
      }));
    }
    tx.counters(counters);
    for (ReservationRecord r : due) {
      Released released = restore(r, true);
      afterCommit(l -> l.onExpired(released));
    }
    return due.size();
  }

  private void unholdEntries(ReservationRecord r, Deduction returned, Money money, String reason,
      boolean periodClosed) {
    ledger(entry(LedgerKind.UNHOLD, r.period().start()).split(returned).money(money)
        .operation(r.operation()).user(r.user()).reservation(r.id()).key(r.key()).reason(reason));
    if (periodClosed && returned.fromMonthly().isPositive()) {
      ledger(entry(LedgerKind.FORFEIT, r.period().start())
          .split(new Deduction(returned.fromMonthly(), Units.ZERO, Units.ZERO))
          .reservation(r.id()).reason(reason));
    }
  }

  /** Takes {@code units} a reservation no longer charges off its customer's repeat window. */
  private void lowerWindow(ReservationRecord r, Units units) {
    if (r.customer().isEmpty() || units.isZero()) {
      return;
    }
    tx.repeatWindow(r.customer().get())
        .filter(w -> RepeatScans.paidInto(w, r.createdAt()))
        .ifPresent(w -> RepeatScans.afterReturn(w, units).ifPresentOrElse(tx::putRepeatWindow,
            () -> tx.removeRepeatWindow(w.customer())));
  }


  /**
   * {@code entry} with the terms of a charge posted to {@code row}: the period's plan, the
   * catalog's version and that plan's overage price, as a receipt later states them.
   */
  Entry terms(Entry entry, PeriodRecord row) {
    return entry.terms(row.plan(), catalog.version(),
        catalog.plan(row.plan()).flatMap(Plan::overagePrice));
  }

  /**
   * {@code entry} with {@code plan} as its terms: a period's grant names the plan it opened with,
   * and an immediate change the plan it moved to, so a statement read later knows the plan fee.
   */
  Entry terms(Entry entry, Plan plan) {
    return entry.terms(plan.id(), catalog.version(), plan.overagePrice());
  }

  /** When the repeat-scan window {@code r} paid into or was waived by opened, if it is stored. */
  Optional<Instant> windowOf(ReservationRecord r) {
    if (r.customer().isEmpty()) {
      return Optional.empty();
    }
    return tx.repeatWindow(r.customer().get())
        .filter(w -> RepeatScans.paidInto(w, r.createdAt()) || r.waived().isPositive())
        .map(RepeatWindow::openedAt);
  }

  /** A new entry for this clinic at {@code now} in the period starting {@code periodStart}. */
  Entry entry(LedgerKind kind, Instant periodStart) {
    return Entry.of(account.clinic(), kind, now, periodStart, zero);
  }

  void ledger(Entry entry) {
    tx.append(entry.build());
  }
}
