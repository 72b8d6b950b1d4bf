package com.bnaura.quota.internal;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.AutoTopUpStatus;
import com.bnaura.quota.Availability;
import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.PendingUnits;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementLine;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.UsageCounter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The read side: status, usage stats, statements, burn-rate forecast and recommendations, read from
 * the store's rows and ledger through the service's caches. Reads never write.
 */
final class QuotaInsights {
  /**
   * How far from its period a ledger entry of the period can lie: a reservation lives at most a
   * day, so its commit comes at most a day after the period ends.
   */
  private static final Duration LEDGER_SLACK = Duration.ofDays(1);

  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final QuotaCaches caches;
  private final java.util.function.Function<ClinicId, QuotaCaches.Snapshot> loader;

  QuotaInsights(QuotaStore store, Clock clock, QuotaCatalog catalog, QuotaCaches caches) {
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.caches = caches;
    this.loader = this::loadWithStatus;
  }

  /**
   * Reads the committed account, current period row and open grants of {@code clinic}, in the
   * one load a decision reads with.
   */
  QuotaCaches.Snapshot load(ClinicId clinic) {
    ClinicSnapshot loaded = store.load(LoadRequest.of(clinic));
    AccountRecord a = loaded.account()
        .orElseThrow(() -> Messages.unknownClinic(clinic).toException());
    PeriodRecord row = loaded.periods().get(a.currentPeriod().start());
    if (row == null) {
      throw new QuotaStoreException("read " + clinic,
          "no period row starting " + a.currentPeriod().start());
    }
    return new QuotaCaches.Snapshot(a, row, loaded.grants(), loaded.autoTopUp(),
        loaded.payment());
  }

  /**
   * Reads like {@link #load} and adds the status as of now, for the status cache; a period that
   * has already ended gets no status (the read computes the rolled-over one).
   */
  private QuotaCaches.Snapshot loadWithStatus(ClinicId clinic) {
    QuotaCaches.Snapshot s = load(clinic);
    Instant now = clock.instant();
    Instant end = s.account().currentPeriod().end();
    if (!now.isBefore(end)) {
      return s;
    }
    QuotaStatus status = status(clinic, ClinicView.at(s.account(), s.row(), s.grants(), now,
        catalog), s, now);
    // the status stops describing the clinic at its period's end or the next expiry of a grant
    // with units to spend, whichever comes first
    for (GrantRecord g : s.grants()) {
      if (g.expiresAt().isPresent() && g.available(now).isPositive()
          && g.expiresAt().get().isBefore(end)) {
        end = g.expiresAt().get();
      }
    }
    long until;
    try {
      until = end.toEpochMilli();
    } catch (ArithmeticException e) {
      until = Long.MAX_VALUE;
    }
    return new QuotaCaches.Snapshot(s.account(), s.row(), s.grants(), s.autoTopUp(), s.payment(),
        status, until);
  }

  /** The clinic's snapshot, from the status cache or the store. */
  QuotaCaches.Snapshot snapshot(ClinicId clinic) {
    return caches.snapshot(clinic, loader);
  }

  /** The clinic as seen at {@code now}, from the status cache when {@code cached}. */
  ClinicView view(ClinicId clinic, boolean cached, Instant now) {
    QuotaCaches.Snapshot s = cached ? snapshot(clinic) : load(clinic);
    return ClinicView.at(s.account(), s.row(), s.grants(), now, catalog);
  }

  /**
   * The status of {@code clinic}: a cache hit returns the status built when the snapshot was
   * loaded (its {@code asOf} is that instant), unless the period has ended since.
   */
  QuotaStatus status(ClinicId clinic) {
    QuotaCaches.Snapshot s = snapshot(clinic);
    QuotaStatus cached = s.status();
    if (cached != null && clock.millis() < s.statusUntilMillis()) {
      return cached;
    }
    Instant now = clock.instant();
    return status(clinic, ClinicView.at(s.account(), s.row(), s.grants(), now, catalog), s, now);
  }

  private static QuotaStatus status(ClinicId clinic, ClinicView v, QuotaCaches.Snapshot s,
      Instant now) {
    PeriodRecord row = v.row();
    AccountRecord a = v.account();
    Units remaining = v.remaining();
    Units base = AlertThresholds.base(row);
    boolean unlimited = row.unlimited();
    BigDecimal percent = unlimited ? AlertThresholds.HUNDRED
        : AlertThresholds.percent(remaining, base);
    Optional<AlertLevel> level = unlimited ? Optional.empty()
        : AlertThresholds.current(remaining, base, row.overageUnits());
    Units reserved = row.monthlyReserved().plus(row.overageReserved()).plus(a.addonReserved());
    List<GrantStatus> grants = GrantBurnOrder.statuses(v.grants(), now);
    Optional<PaymentRecord> payment = s.payment();
    Units awaiting = payment.filter(p -> p.grant().isEmpty())
        .map(PaymentRecord::units).orElse(Units.ZERO);
    PendingUnits pending = new PendingUnits(
        row.monthlyReserved(), a.addonReserved(), row.overageReserved(), awaiting);
    Optional<AutoTopUpStatus> autoTopUp = s.autoTopUp().map(stored -> {
      AutoTopUpRecord counted = stored.inPeriod(row.period().start());
      return new AutoTopUpStatus(AutoTopUpPayments.settingsOf(counted),
          counted.enabled(), counted.disabledReason(), counted.purchases(), counted.spent(),
          counted.ceilingNoticed());
    });
    return new QuotaStatus(clinic, v.planId(), unlimited, row.granted(), row.monthlyUsed(),
        unlimited ? Units.MAX : row.monthlyRemaining(), v.addon(), remaining, percent,
        row.overageUnits(), row.overageCost(), reserved, row.period(), a.zone(),
        v.plan().flatMap(Plan::overagePrice), v.policy(), a.overageCap(), level, now, grants,
        pending, autoTopUp, payment.map(AutoTopUpTrigger::view));
  }

  /**
   * The usage stats of the period containing {@code at}.
   *
   * @throws com.bnaura.quota.QuotaRefusedException naming {@code at} when it is in the future or
   *     before the clinic's first period
   */
  UsageStats usageStats(ClinicId clinic, Instant at) {
    Instant now = clock.instant();
    ClinicView v = view(clinic, true, now);
    BillingPeriod period = periodOf(clinic, v, at, now);
    boolean current = period.equals(v.period());
    ZoneId zone = v.account().zone();
    Money zero = Money.zero(catalog.currency());
    return caches.stats(clinic, period.start(), () -> UsageTallies.of(clinic, period, zone, current,
        ledgerOf(clinic, period), store.reservations(clinic, period.start()), zero, now));
  }

  /**
   * The statement of the period containing {@code at}, read from the store (not the caches): its
   * lines and its usage stats fold one read of the ledger, so they agree.
   *
   * @throws com.bnaura.quota.QuotaRefusedException naming {@code at} when it is in the future or
   *     before the clinic's first period
   */
  Statement statement(ClinicId clinic, Instant at) {
    Instant now = clock.instant();
    ClinicView v = view(clinic, false, now);
    PeriodRecord row = rowOf(clinic, v, at, now);
    BillingPeriod period = row.period();
    boolean current = period.equals(v.period());
    ZoneId zone = v.account().zone();
    List<LedgerEntry> ledger = ledgerOf(clinic, period);
    List<StatementLine> lines = new ArrayList<>();
    for (LedgerEntry e : ledger) {
      if (e.periodStart().equals(period.start())) {
        lines.add(new StatementLine(e.at(), e.kind(), e.operation(), e.user(), e.units(),
            e.split(), e.waived(), e.money(), e.key(), e.reason()));
      }
    }
    UsageStats usage = UsageTallies.of(clinic, period, zone, current, ledger,
        store.reservations(clinic, period.start()), Money.zero(catalog.currency()), now);
    StatementBook.Book book = StatementBook.of(row, ledger, store.billingLines(clinic), catalog);
    return new Statement(clinic, period, zone, current, lines, book.lines(), book.totals(), usage,
        book.summary(), now);
  }

  /**
   * The periods of {@code clinic}, newest first: the current one as a read now sees it, then the
   * store's rows of earlier periods. Read from the store, not the caches.
   */
  List<BillingPeriod> periods(ClinicId clinic) {
    BillingPeriod current = view(clinic, false, clock.instant()).period();
    List<BillingPeriod> periods = new ArrayList<>();
    periods.add(current);
    List<PeriodRecord> rows = store.periods(clinic);
    for (int i = rows.size() - 1; i >= 0; i--) {
      BillingPeriod p = rows.get(i).period();
      if (p.start().isBefore(current.start())) {
        periods.add(p);
      }
    }
    return List.copyOf(periods);
  }

  /**
   * The receipt of the charge under {@code key}: the last charge entry with the key (a late
   * commit's charge follows the expiry of its hold).
   *
   * @throws com.bnaura.quota.QuotaRefusedException for an unknown clinic
   */
  Optional<Receipt> receipt(ClinicId clinic, IdempotencyKey key) {
    snapshot(clinic);
    LedgerEntry found = null;
    List<LedgerEntry> entries = store.ledgerByKey(clinic, key);
    for (LedgerEntry e : entries) {
      if (Receipts.isCharge(e) && e.key().filter(key::equals).isPresent()) {
        found = e;
      }
    }
    if (found == null) {
      return Optional.empty();
    }
    return Optional.of(Receipts.of(found, Receipts.packs(store.grants(clinic)), entries));
  }

  /** The receipts of the charges of the period of {@code clinic} that contains {@code at}. */
  List<Receipt> receipts(ClinicId clinic, Instant at) {
    Instant now = clock.instant();
    ClinicView v = view(clinic, false, now);
    BillingPeriod period = periodOf(clinic, v, at, now);
    List<Receipt> receipts = new ArrayList<>();
    Map<GrantId, Optional<String>> packs = null;
    // a reversal is filed in its charge's period but may be made after it: read up to now
    Instant end = period.end().plus(LEDGER_SLACK);
    List<LedgerEntry> ledger = store.ledger(clinic, period.start().minus(LEDGER_SLACK),
        end.isAfter(now) ? end : now.plusMillis(1));
    List<LedgerEntry> reversals = ledger.stream()
        .filter(e -> e.kind() == LedgerKind.REVERSAL && e.periodStart().equals(period.start()))
        .toList();
    for (LedgerEntry e : ledger) {
      if (e.periodStart().equals(period.start()) && Receipts.isCharge(e)) {
        if (packs == null) {
          packs = Receipts.packs(store.grants(clinic));
        }
        receipts.add(Receipts.of(e, packs, reversals));
      }
    }
    return List.copyOf(receipts);
  }

  /**
   * The period of {@code clinic} that contains {@code at}: the current one as {@code v} sees it
   * (rolled over if its reset has passed), or a past one from the store's period rows.
   */
  private BillingPeriod periodOf(ClinicId clinic, ClinicView v, Instant at, Instant now) {
    return rowOf(clinic, v, at, now).period();
  }

  /** The row of {@code clinic}'s period that contains {@code at}, as {@link #periodOf} finds it. */
  private PeriodRecord rowOf(ClinicId clinic, ClinicView v, Instant at, Instant now) {
    if (at.isAfter(now)) {
      throw Refused.invalid(Messages.invalid("at", Messages.IN_THE_FUTURE, at, now)).about(clinic)
          .toException();
    }
    if (!at.isBefore(v.period().start())) {
      return v.row();
    }
    return store.periods(clinic).stream()
        .filter(p -> p.period().contains(at))
        .findFirst()
        .orElseThrow(() -> Refused.invalid(Messages.invalid("at", Messages.BEFORE_FIRST_PERIOD,
            clinic.value(), at)).about(clinic).toException());
  }

  /**
   * The ledger entries that may belong to {@code period}, and some of its neighbours': callers
   * keep those whose {@code periodStart} is the period's.
   */
  private List<LedgerEntry> ledgerOf(ClinicId clinic, BillingPeriod period) {
    return store.ledger(clinic, period.start().minus(LEDGER_SLACK),
        period.end().plus(LEDGER_SLACK));
  }

  BurnForecast forecast(ClinicId clinic, Set<DayOfWeek> openingDays) {
    Instant now = clock.instant();
    ClinicView v = view(clinic, true, now);
    ZoneId zone = v.account().zone();
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate registered = v.account().createdAt().atZone(zone).toLocalDate();
    List<LocalDate> history = BurnForecaster.historyDays(today, registered, openingDays);
    LocalDate from = v.period().start().atZone(zone).toLocalDate();
    if (!history.isEmpty() && history.get(history.size() - 1).isBefore(from)) {
      from = history.get(history.size() - 1);
    }
    PeriodRecord row = v.row();
    BurnForecaster.Result r = BurnForecaster.project(v.period(), zone, openingDays, now,
        registered, row.unlimited(), row.unlimited() ? Units.MAX : row.monthlyRemaining(),
        v.addon(), store.ledger(clinic, from.atStartOfDay(zone).toInstant(),
            today.plusDays(1).atStartOfDay(zone).toInstant()));
    return new BurnForecast(clinic, v.period(), zone, openingDays, row.unlimited(), r.rate(),
        r.daysOfData(), r.insufficientData(), row.unlimited() ? Units.MAX : row.monthlyRemaining(),
        v.addon(), r.monthlyRunsOut(), r.addonRunsOut(), r.projectedUse(),
        r.projectedShortfall(), r.series(), now);
  }

  /**
   * Every branch of {@code clinic} in the current period: budget, usage and what is left, each
   * staff member's share, and the branch's burn forecast by {@link BurnForecaster} over the
   * charges of its staff. Read from the store on each call.
   */
  List<BranchStatus> branches(ClinicId clinic, Set<DayOfWeek> openingDays) {
    Instant now = clock.instant();
    ClinicView v = view(clinic, false, now);
    BillingPeriod period = v.period();
    ZoneId zone = v.account().zone();
    List<BudgetRecord> rows = store.budgets(clinic);
    Set<UsageCounter.Key> keys = new HashSet<>();
    rows.forEach(r -> keys.add(Budgets.counterKey(r.key(), period.start())));
    Map<UsageCounter.Key, UsageCounter> counters = keys.isEmpty() ? Map.of()
        : store.load(LoadRequest.of(clinic).withCounters(keys)).counters();
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate registered = v.account().createdAt().atZone(zone).toLocalDate();
    List<LocalDate> history = BurnForecaster.historyDays(today, registered, openingDays);
    LocalDate from = period.start().atZone(zone).toLocalDate();
    if (!history.isEmpty() && history.get(history.size() - 1).isBefore(from)) {
      from = history.get(history.size() - 1);
    }
    List<LedgerEntry> ledger = rows.isEmpty() ? List.of()
        : store.ledger(clinic, from.atStartOfDay(zone).toInstant(),
            today.plusDays(1).atStartOfDay(zone).toInstant());
    List<BranchStatus> branches = new ArrayList<>();
    for (BudgetRecord b : rows) {
      if (b.key().scope() != UsageCounter.Scope.BRANCH) {
        continue;
      }
      List<BranchStatus.Staff> staff = new ArrayList<>();
      Set<String> users = new HashSet<>();
      for (BudgetRecord m : rows) {
        if (m.key().scope() == UsageCounter.Scope.STAFF && m.branch().equals(b.key().id())) {
          Units used = used(counters, m, period);
          staff.add(new BranchStatus.Staff(m.key().id(), m.monthlyBudget(), used,
              m.monthlyBudget().map(budget -> left(budget, used))));
          users.add(m.key().id());
        }
      }
      Units used = used(counters, b, period);
      Optional<Units> remaining = b.monthlyBudget().map(budget -> left(budget, used));
      List<LedgerEntry> own = ledger.stream()
          .filter(e -> e.user().map(u -> users.contains(u.value())).orElse(false)).toList();
      BurnForecaster.Result r = BurnForecaster.project(period, zone, openingDays, now, registered,
          remaining.isEmpty(), remaining.orElse(Units.MAX), Units.ZERO, own);
      branches.add(new BranchStatus(b.key().id(), b.name(), period, b.monthlyBudget(), used,
          remaining, r.rate(), r.monthlyRunsOut(), r.insufficientData(), staff));
    }
    return branches;
  }

  private static Units used(Map<UsageCounter.Key, UsageCounter> counters, BudgetRecord row,
      BillingPeriod period) {
    UsageCounter c = counters.get(Budgets.counterKey(row.key(), period.start()));
    return c == null ? Units.ZERO : c.units();
  }

  private static Units left(Units budget, Units used) {
    return budget.exceeds(used) ? budget.minus(used) : Units.ZERO;
  }

  Recommendations recommendations(ClinicId clinic, Set<DayOfWeek> openingDays) {
    int days = 0;
    for (DayOfWeek d : openingDays) {
      days |= 1 << d.ordinal();
    }
    return caches.recommendations(clinic, days, () -> {
      BurnForecast forecast = forecast(clinic, openingDays);
      ClinicView v = view(clinic, true, forecast.asOf());
      Plan plan = v.plan().orElseThrow(() -> Refused.of(RefusalCode.UNKNOWN_PLAN,
          Messages.planMissing(clinic, v.planId())).about(clinic).toException());
      return new Recommendations(clinic, v.planId(),
          Advisor.advise(plan, v.row(), forecast, store.periods(clinic), catalog),
          forecast.asOf());
    });
  }

  /** Whether the plan in force for {@code clinic} now has {@code feature}. */
  boolean hasFeature(ClinicId clinic, String feature) {
    String name;
    try {
      name = Ids.check("feature", feature);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
    AccountRecord a = snapshot(clinic).account();
    Instant now = clock.instant();
    PlanId planId = Periods.planInForce(a, now, catalog);
    return catalog.plan(planId).map(p -> p.hasFeature(name)).orElse(false);
  }

  /** Whether one {@code operation} would be granted now, and at what charge; decides nothing. */
  Availability availability(ClinicId clinic, String operation) {
    Operation op;
    try {
      String name = Ids.check("operation", operation);
      op = catalog.operation(name).orElseThrow(() -> Refused.of(RefusalCode.UNKNOWN_OPERATION,
          Messages.unknownOperation(name)).about(clinic).toException());
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
    ClinicView view = view(clinic, false, clock.instant());
    Plan plan = view.plan().orElseThrow(() ->
        Refused.of(RefusalCode.UNKNOWN_PLAN, Messages.planMissing(clinic, view.planId()))
            .toException());
    PeriodRecord row = view.row();
    AccountRecord account = view.account();
    RequestLimits limits = PerRequestLimits.of(plan, account);
    Units remaining = view.remaining();
    Money zero = Money.zero(catalog.currency());
    MonthlyThenAddonDeduction.Decision d = PerRequestLimits.checkUnits(limits, op.rate(),
            remaining, plan.overagePrice(), zero)
        .map(tooBig -> new MonthlyThenAddonDeduction.Decision(null, null, tooBig))
        .orElseGet(() -> MonthlyThenAddonDeduction.decide(op.rate(),
            row.unlimited() ? Units.MAX : row.monthlyRemaining(), view.addon(), plan,
            view.policy(), false, account.overageCap(),
            row.overageCost().plus(row.overageReservedCost()), catalog.topUps(), op.rate(),
            limits));
    if (d.granted()) {
      return new Availability(true, op.rate(), remaining, d.billsOverage(), d.cost(),
          Optional.empty());
    }
    var shortfall = d.refusal().shortfall().orElseThrow();
    return new Availability(false, op.rate(), remaining, shortfall.willIncurCharge(),
        shortfall.estimatedCost(), Optional.of(d.refusal().text()));
  }
}
