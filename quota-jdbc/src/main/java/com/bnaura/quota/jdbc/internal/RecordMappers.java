package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.jdbc.internal.schema.tables.records.AiUsageLogsRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaAutoTopUpRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBillingLineRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaEventRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaGrantRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaIdempotencyRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaPaymentRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBudgetRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaRepeatWindowRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaUsageCounterRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PaymentPurpose;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.UsageCounter;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import org.jooq.Configuration;
import org.jooq.Record;
import org.jooq.impl.DefaultConfiguration;

/** Converts between the engine's records and the jOOQ rows; instants as epoch microseconds. */
final class RecordMappers {
  /**
   * The configuration every row built here is attached to. A row attached to none has jOOQ make a
   * configuration, cloning its default settings, on every write of a key column and for every
   * column type asked of it; one shared configuration of the default dialect answers the same.
   */
  static final Configuration ROWS = new DefaultConfiguration();

  private RecordMappers() {}

  /** {@code row}, attached to {@link #ROWS}. */
  static <R extends Record> R attached(R row) {
    row.attach(ROWS);
    return row;
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
        instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static Units units(Long milli) {
    return Units.ofMilli(milli);
  }

  private static Money money(Long minor, String currency) {
    return Money.ofMinor(minor, Currency.getInstance(currency));
  }

  // ---- account ----

  static AccountRecord account(QuotaClinicAccountRecord r) {
    Optional<Money> cap = r.getOverageCapMinor() == null ? Optional.empty()
        : Optional.of(money(r.getOverageCapMinor(), r.getCapCurrency()));
    Optional<Units> maxUnits = Optional.ofNullable(r.getMaxUnitsPerRequest())
        .map(RecordMappers::units);
    Optional<Money> maxOverage = r.getMaxOveragePerRequestMinor() == null ? Optional.empty()
        : Optional.of(money(r.getMaxOveragePerRequestMinor(), r.getRequestLimitCurrency()));
    return new AccountRecord(new ClinicId(r.getClinicId()), new PlanId(r.getPlanId()),
        ZoneId.of(r.getZoneId()), ResetSchedule.anchorDay(r.getAnchorDay()),
        Optional.ofNullable(r.getOveragePolicy()).map(OveragePolicy::valueOf), cap, maxUnits,
        maxOverage, units(r.getAddonAvailable()), units(r.getAddonReserved()), units(r.getAddonPurchased()),
        units(r.getAddonUsed()), units(r.getAddonExpired()),
        new BillingPeriod(instant(r.getPeriodStartUs()), instant(r.getNextResetUs())),
        Optional.ofNullable(r.getPendingPlanId()).map(PlanId::new),
        instant(r.getCreatedAtUs()), instant(r.getUpdatedAtUs()),
        Optional.ofNullable(r.getCapsOverride()).map(OperationCap::fromStoredForm),
        Boolean.TRUE.equals(r.getBudgetsInUse()),
        Optional.ofNullable(r.getQuietHours()).map(QuietHours::parse));
  }

  static QuotaClinicAccountRecord account(AccountRecord a, long ledgerSeq) {
    QuotaClinicAccountRecord r = attached(new QuotaClinicAccountRecord());
    r.setClinicId(a.clinic().value());
    r.setPlanId(a.plan().value());
    r.setZoneId(a.zone().getId());
    r.setAnchorDay(a.schedule().anchorDay());
    r.setOveragePolicy(a.policyOverride().map(Enum::name).orElse(null));
    r.setOverageCapMinor(a.overageCap().map(Money::minor).orElse(null));
    r.setCapCurrency(a.overageCap().map(m -> m.currency().getCurrencyCode()).orElse(null));
    r.setMaxUnitsPerRequest(a.maxUnitsPerRequest().map(Units::milli).orElse(null));
    r.setMaxOveragePerRequestMinor(a.maxOveragePerRequest().map(Money::minor).orElse(null));
    r.setRequestLimitCurrency(a.maxOveragePerRequest()
        .map(m -> m.currency().getCurrencyCode()).orElse(null));
    r.setAddonAvailable(a.addonAvailable().milli());
    r.setAddonReserved(a.addonReserved().milli());
    r.setAddonPurchased(a.addonPurchased().milli());
    r.setAddonUsed(a.addonUsed().milli());
    r.setAddonExpired(a.addonExpired().milli());
    r.setPeriodStartUs(micros(a.currentPeriod().start()));
    r.setNextResetUs(micros(a.currentPeriod().end()));
    r.setPendingPlanId(a.pendingPlan().map(PlanId::value).orElse(null));
    r.setLedgerSeq(ledgerSeq);
    r.setCreatedAtUs(micros(a.createdAt()));
    r.setUpdatedAtUs(micros(a.updatedAt()));
    r.setCapsOverride(a.capsOverride().map(OperationCap::storedForm).orElse(null));
    r.setBudgetsInUse(a.budgetsInUse());
    r.setQuietHours(a.quietHours().map(QuietHours::toString).orElse(null));
    return r;
  }

  // ---- period ----

  static PeriodRecord period(UsageMetricsRecord r) {
    String c = r.getCurrency();
    return new PeriodRecord(new ClinicId(r.getClinicId()),
        new BillingPeriod(instant(r.getPeriodStartUs()), instant(r.getPeriodEndUs())),
        new PlanId(r.getPlanId()), r.getUnlimited(), units(r.getQuotaLimit()),
        units(r.getCurrentUsage()), units(r.getMonthlyReserved()), units(r.getAddonUsed()),
        units(r.getOverageUnits()), units(r.getOverageReserved()),
        money(r.getOverageBalance(), c), money(r.getOverageReservedMinor(), c),
        units(r.getForfeited()), units(r.getAddonAtStart()), units(r.getAddonBought()),
        r.getClosed(), PeriodRecord.alertsOf(r.getAlertMarks()));
  }

  static UsageMetricsRecord period(PeriodRecord p) {
    UsageMetricsRecord r = attached(new UsageMetricsRecord());
    r.setClinicId(p.clinic().value());
    r.setPeriodStartUs(micros(p.period().start()));
    r.setPeriodEndUs(micros(p.period().end()));
    r.setPlanId(p.plan().value());
    r.setUnlimited(p.unlimited());
    r.setQuotaLimit(p.granted().milli());
    r.setCurrentUsage(p.monthlyUsed().milli());
    r.setMonthlyReserved(p.monthlyReserved().milli());
    r.setAddonUsed(p.addonUsed().milli());
    r.setOverageUnits(p.overageUnits().milli());
    r.setOverageReserved(p.overageReserved().milli());
    r.setOverageBalance(p.overageCost().minor());
    r.setOverageReservedMinor(p.overageReservedCost().minor());
    r.setCurrency(p.overageCost().currency().getCurrencyCode());
    r.setForfeited(p.forfeited().milli());
    r.setAddonAtStart(p.addonAtStart().milli());
    r.setAddonBought(p.addonBought().milli());
    r.setClosed(p.closed());
    r.setAlertMarks(p.alertMarks());
    return r;
  }

  // ---- reservation ----

  static ReservationRecord reservation(QuotaReservationRecord r) {
    return new ReservationRecord(new ReservationId(r.getReservationId()),
        new ClinicId(r.getClinicId()), new IdempotencyKey(r.getIdemKey()),
        new OperationId(r.getOperationId()), r.getQuantity(),
        Optional.ofNullable(r.getUserId()).map(UserId::new),
        Optional.ofNullable(r.getCustomerHash()).map(CustomerRefHash::new),
        new BillingPeriod(instant(r.getPeriodStartUs()), instant(r.getPeriodEndUs())),
        new Deduction(units(r.getHoldMonthly()), units(r.getHoldAddon()), units(r.getHoldOverage()),
            GrantPart.parse(r.getHoldGrants())),
        money(r.getHoldCostMinor(), r.getCurrency()), units(r.getWaived()), r.getAcceptOverage(),
        instant(r.getCreatedAtUs()), instant(r.getExpiresAtUs()),
        ReservationState.valueOf(r.getResState()),
        Optional.ofNullable(r.getResolvedAtUs()).map(RecordMappers::instant),
        Optional.ofNullable(r.getResolutionFingerprint()), Optional.ofNullable(r.getResolution()));
  }

  static QuotaReservationRecord reservation(ReservationRecord v) {
    QuotaReservationRecord r = attached(new QuotaReservationRecord());
    r.setClinicId(v.clinic().value());
    r.setReservationId(v.id().value());
    r.setIdemKey(v.key().value());
    r.setOperationId(v.operation().value());
    r.setQuantity(v.quantity());
    r.setUserId(v.user().map(UserId::value).orElse(null));
    r.setCustomerHash(v.customer().map(CustomerRefHash::hex).orElse(null));
    r.setPeriodStartUs(micros(v.period().start()));
    r.setPeriodEndUs(micros(v.period().end()));
    r.setHoldMonthly(v.hold().fromMonthly().milli());
    r.setHoldAddon(v.hold().fromAddon().milli());
    r.setHoldOverage(v.hold().overage().milli());
    r.setHoldGrants(parts(v.hold()));
    r.setHoldCostMinor(v.holdCost().minor());
    r.setCurrency(v.holdCost().currency().getCurrencyCode());
    r.setWaived(v.waived().milli());
    r.setAcceptOverage(v.acceptOverage());
    r.setCreatedAtUs(micros(v.createdAt()));
    r.setExpiresAtUs(micros(v.expiresAt()));
    r.setResState(v.state().name());
    r.setResolvedAtUs(v.resolvedAt().map(RecordMappers::micros).orElse(null));
    r.setResolutionFingerprint(v.resolutionFingerprint().orElse(null));
    r.setResolution(v.resolution().orElse(null));
    return r;
  }

  // ---- idempotency, windows ----

  static IdempotencyRecord idempotency(QuotaIdempotencyRecord r) {
    return new IdempotencyRecord(new ClinicId(r.getClinicId()), new IdempotencyKey(r.getIdemKey()),
        r.getFingerprint(), r.getOutcome(), instant(r.getCreatedAtUs()));
  }

  static QuotaIdempotencyRecord idempotency(IdempotencyRecord v) {
    QuotaIdempotencyRecord r = attached(new QuotaIdempotencyRecord());
    r.setClinicId(v.clinic().value());
    r.setIdemKey(v.key().value());
    r.setFingerprint(v.fingerprint());
    r.setOutcome(v.outcome());
    r.setCreatedAtUs(micros(v.createdAt()));
    return r;
  }

  // ---- budgets ----

  static BudgetRecord budget(QuotaBudgetRecord r) {
    return new BudgetRecord(new ClinicId(r.getClinicId()), new BudgetRecord.Key(
        UsageCounter.Scope.valueOf(r.getScopeKind()), r.getHolderId()), r.getHolderName(),
        r.getBranchId(), Optional.ofNullable(r.getMonthlyBudget()).map(RecordMappers::units),
        instant(r.getUpdatedAtUs()));
  }

  static QuotaBudgetRecord budget(BudgetRecord v) {
    QuotaBudgetRecord r = attached(new QuotaBudgetRecord());
    r.setClinicId(v.clinic().value());
    r.setScopeKind(v.key().scope().name());
    r.setHolderId(v.key().id());
    r.setHolderName(v.name());
    r.setBranchId(v.branch());
    r.setMonthlyBudget(v.monthlyBudget().map(Units::milli).orElse(null));
    r.setUpdatedAtUs(micros(v.updatedAt()));
    return r;
  }

  // ---- usage counters ----

  static UsageCounter counter(QuotaUsageCounterRecord r) {
    return new UsageCounter(new ClinicId(r.getClinicId()), new UsageCounter.Key(
        UsageCounter.Scope.valueOf(r.getScopeKind()), r.getScopeId(), r.getSubject(),
        instant(r.getWindowStartUs())), r.getCalls(), units(r.getUnits()));
  }

  static QuotaUsageCounterRecord counter(UsageCounter v) {
    QuotaUsageCounterRecord r = attached(new QuotaUsageCounterRecord());
    r.setClinicId(v.clinic().value());
    r.setCounterId(counterId(v.key()));
    r.setScopeKind(v.key().scope().name());
    r.setScopeId(v.key().scopeId());
    r.setSubject(v.key().subject());
    r.setWindowStartUs(micros(v.key().windowStart()));
    r.setCalls(v.calls());
    r.setUnits(v.units().milli());
    return r;
  }

  /**
   * The stored id of a counter: the SHA-256, in hex, of its scope, scope id, subject and window
   * start, each length-prefixed so no two keys share a text.
   */
  static String counterId(UsageCounter.Key key) {
    String text = key.scope().name() + '|' + key.scopeId().length() + ':' + key.scopeId() + '|'
        + key.subject().length() + ':' + key.subject() + '|' + micros(key.windowStart());
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  static RepeatWindow window(QuotaRepeatWindowRecord r) {
    return new RepeatWindow(new ClinicId(r.getClinicId()), new CustomerRefHash(r.getCustomerHash()),
        instant(r.getOpenedAtUs()), units(r.getPaid()));
  }

  static QuotaRepeatWindowRecord window(RepeatWindow v) {
    QuotaRepeatWindowRecord r = attached(new QuotaRepeatWindowRecord());
    r.setClinicId(v.clinic().value());
    r.setCustomerHash(v.customer().hex());
    r.setOpenedAtUs(micros(v.openedAt()));
    r.setPaid(v.paid().milli());
    return r;
  }

  // ---- ledger, billing ----

  static LedgerEntry ledger(AiUsageLogsRecord r) {
    return new LedgerEntry(new ClinicId(r.getClinicId()), LedgerKind.valueOf(r.getEntryKind()),
        instant(r.getAtUs()), instant(r.getPeriodStartUs()), units(r.getUnits()),
        new Deduction(units(r.getFromMonthly()), units(r.getFromAddon()), units(r.getOverage()),
            GrantPart.parse(r.getGrantParts())),
        money(r.getMoneyMinor(), r.getCurrency()), units(r.getWaived()),
        Optional.ofNullable(r.getOperationId()).map(OperationId::new),
        Optional.ofNullable(r.getUserId()).map(UserId::new),
        Optional.ofNullable(r.getReservationId()).map(ReservationId::new),
        Optional.ofNullable(r.getIdemKey()).map(IdempotencyKey::new),
        Optional.ofNullable(r.getReason()), Optional.ofNullable(r.getAiModel()),
        r.getPromptTokens(), r.getOutputTokens(), r.getThoughtTokens(), r.getQuantity(),
        Optional.ofNullable(r.getPlanId()).map(PlanId::new),
        Optional.ofNullable(r.getCatalogVersion()),
        r.getOveragePriceMinor() == null ? Optional.empty()
            : Optional.of(money(r.getOveragePriceMinor(), r.getCurrency())),
        Optional.ofNullable(r.getCustomerHash()).map(CustomerRefHash::new),
        Optional.ofNullable(r.getWindowOpenedUs()).map(RecordMappers::instant),
        Optional.ofNullable(r.getReversesKey()).map(IdempotencyKey::new));
  }

  static AiUsageLogsRecord ledger(LedgerEntry e, long seq) {
    AiUsageLogsRecord r = attached(new AiUsageLogsRecord());
    r.setClinicId(e.clinic().value());
    r.setSeq(seq);
    r.setEntryKind(e.kind().name());
    r.setAtUs(micros(e.at()));
    r.setPeriodStartUs(micros(e.periodStart()));
    r.setUnits(e.units().milli());
    r.setFromMonthly(e.split().fromMonthly().milli());
    r.setFromAddon(e.split().fromAddon().milli());
    r.setOverage(e.split().overage().milli());
    r.setGrantParts(parts(e.split()));
    r.setMoneyMinor(e.money().minor());
    r.setCurrency(e.money().currency().getCurrencyCode());
    r.setWaived(e.waived().milli());
    r.setOperationId(e.operation().map(OperationId::value).orElse(null));
    r.setUserId(e.user().map(UserId::value).orElse(null));
    r.setReservationId(e.reservation().map(ReservationId::value).orElse(null));
    r.setIdemKey(e.key().map(IdempotencyKey::value).orElse(null));
    r.setReason(e.reason().orElse(null));
    r.setAiModel(e.model().orElse(null));
    r.setPromptTokens(e.promptTokens());
    r.setOutputTokens(e.outputTokens());
    r.setThoughtTokens(e.thoughtTokens());
    r.setQuantity(e.quantity());
    r.setPlanId(e.plan().map(PlanId::value).orElse(null));
    r.setCatalogVersion(e.catalogVersion().orElse(null));
    r.setOveragePriceMinor(e.overagePrice().map(Money::minor).orElse(null));
    r.setCustomerHash(e.customer().map(CustomerRefHash::hex).orElse(null));
    r.setWindowOpenedUs(e.windowOpenedAt().map(RecordMappers::micros).orElse(null));
    r.setReversesKey(e.reverses().map(IdempotencyKey::value).orElse(null));
    return r;
  }

  /** The text form of a split's grant parts, or null when it names none. */
  private static String parts(Deduction split) {
    return split.grants().isEmpty() ? null : GrantPart.format(split.grants());
  }

  // ---- grants ----

  static GrantRecord grant(QuotaGrantRecord r) {
    return new GrantRecord(new ClinicId(r.getClinicId()), new GrantId(r.getGrantId()),
        Optional.ofNullable(r.getTopupKey()).map(IdempotencyKey::new),
        Optional.ofNullable(r.getPackName()), units(r.getUnitsGranted()), units(r.getUnitsUsed()),
        units(r.getUnitsReserved()), units(r.getUnitsExpired()), r.getBurnPriority(),
        Optional.ofNullable(r.getExpiresAtUs()).map(RecordMappers::instant),
        instant(r.getCreatedAtUs()), money(r.getPriceMinor(), r.getCurrency()),
        Optional.ofNullable(r.getVoidedAtUs()).map(RecordMappers::instant));
  }

  static QuotaGrantRecord grant(GrantRecord g) {
    QuotaGrantRecord r = attached(new QuotaGrantRecord());
    r.setClinicId(g.clinic().value());
    r.setGrantId(g.id().value());
    r.setTopupKey(g.key().map(IdempotencyKey::value).orElse(null));
    r.setPackName(g.pack().orElse(null));
    r.setUnitsGranted(g.granted().milli());
    r.setUnitsUsed(g.used().milli());
    r.setUnitsReserved(g.reserved().milli());
    r.setUnitsExpired(g.expired().milli());
    r.setBurnPriority(g.priority());
    r.setExpiresAtUs(g.expiresAt().map(RecordMappers::micros).orElse(null));
    r.setCreatedAtUs(micros(g.createdAt()));
    r.setPriceMinor(g.price().minor());
    r.setCurrency(g.price().currency().getCurrencyCode());
    r.setVoidedAtUs(g.voidedAt().map(RecordMappers::micros).orElse(null));
    return r;
  }

  static BillingLine billing(QuotaBillingLineRecord r) {
    return new BillingLine(new ClinicId(r.getClinicId()), r.getLineId(),
        BillingLineKind.valueOf(r.getLineKind()), money(r.getAmountMinor(), r.getCurrency()),
        units(r.getUnits()), r.getDescription(), r.getPaymentReference(), instant(r.getAtUs()));
  }

  static QuotaBillingLineRecord billing(BillingLine b) {
    QuotaBillingLineRecord r = attached(new QuotaBillingLineRecord());
    r.setClinicId(b.clinic().value());
    r.setLineId(b.id());
    r.setLineKind(b.kind().name());
    r.setAmountMinor(b.amount().minor());
    r.setCurrency(b.amount().currency().getCurrencyCode());
    r.setUnits(b.units().milli());
    r.setDescription(b.description());
    r.setPaymentReference(b.paymentReference());
    r.setAtUs(micros(b.at()));
    return r;
  }

  // ---- auto top-up and payments ----

  static AutoTopUpRecord autoTopUp(QuotaAutoTopUpRecord r) {
    return new AutoTopUpRecord(new ClinicId(r.getClinicId()),
        Optional.ofNullable(r.getThresholdUnits()).map(RecordMappers::units),
        Optional.ofNullable(r.getThresholdPercent()), Optional.ofNullable(r.getPackName()),
        units(r.getUnitsToBuy()), money(r.getCeilingMinor(), r.getCurrency()),
        r.getGrantOnAuthorisation(), r.getEnabled(), Optional.ofNullable(r.getDisabledReason()),
        instant(r.getPeriodStartUs()), r.getPurchases(),
        money(r.getSpentMinor(), r.getCurrency()), r.getCeilingNoticed(),
        instant(r.getUpdatedAtUs()));
  }

  static QuotaAutoTopUpRecord autoTopUp(AutoTopUpRecord a) {
    QuotaAutoTopUpRecord r = attached(new QuotaAutoTopUpRecord());
    r.setClinicId(a.clinic().value());
    r.setThresholdUnits(a.thresholdUnits().map(Units::milli).orElse(null));
    r.setThresholdPercent(a.thresholdPercent().orElse(null));
    r.setPackName(a.pack().orElse(null));
    r.setUnitsToBuy(a.units().milli());
    r.setCeilingMinor(a.monthlyCeiling().minor());
    r.setCurrency(a.monthlyCeiling().currency().getCurrencyCode());
    r.setGrantOnAuthorisation(a.grantOnAuthorisation());
    r.setEnabled(a.enabled());
    r.setDisabledReason(a.disabledReason().orElse(null));
    r.setPeriodStartUs(micros(a.periodStart()));
    r.setPurchases(a.purchases());
    r.setSpentMinor(a.spent().minor());
    r.setCeilingNoticed(a.ceilingNoticed());
    r.setUpdatedAtUs(micros(a.updatedAt()));
    return r;
  }

  static PaymentRecord payment(QuotaPaymentRecord r) {
    return new PaymentRecord(new ClinicId(r.getClinicId()), new IdempotencyKey(r.getPaymentKey()),
        PaymentState.valueOf(r.getPaymentState()), PaymentPurpose.valueOf(r.getPurpose()),
        instant(r.getPeriodStartUs()), units(r.getUnits()), Optional.ofNullable(r.getPackName()),
        money(r.getAmountMinor(), r.getCurrency()), r.getTransactionId(),
        Optional.ofNullable(r.getProviderReference()), Optional.ofNullable(r.getFailureReason()),
        r.getAttempts(), r.getGrantOnAuthorisation(),
        Optional.ofNullable(r.getGrantId()).map(GrantId::new), instant(r.getCreatedAtUs()),
        instant(r.getUpdatedAtUs()));
  }

  static QuotaPaymentRecord payment(PaymentRecord p) {
    QuotaPaymentRecord r = attached(new QuotaPaymentRecord());
    r.setClinicId(p.clinic().value());
    r.setPaymentKey(p.key().value());
    r.setPaymentState(p.state().name());
    r.setPurpose(p.purpose().name());
    r.setPeriodStartUs(micros(p.periodStart()));
    r.setUnits(p.units().milli());
    r.setPackName(p.pack().orElse(null));
    r.setAmountMinor(p.amount().minor());
    r.setCurrency(p.amount().currency().getCurrencyCode());
    r.setTransactionId(p.transactionId());
    r.setProviderReference(p.reference().orElse(null));
    r.setFailureReason(p.failureReason().orElse(null));
    r.setAttempts(p.attempts());
    r.setGrantOnAuthorisation(p.grantOnAuthorisation());
    r.setGrantId(p.grant().map(GrantId::value).orElse(null));
    r.setCreatedAtUs(micros(p.createdAt()));
    r.setUpdatedAtUs(micros(p.updatedAt()));
    return r;
  }

  // ---- outbox ----

  static EventRecord event(QuotaEventRecord r) {
    return new EventRecord(r.getEventId(), new ClinicId(r.getClinicId()), r.getVersion(),
        r.getIdx(), r.getEventType(), r.getCritical(), instant(r.getOccurredAtUs()),
        instant(r.getDeliverAfterUs()), r.getPayload(), DeliveryState.valueOf(r.getDeliveryState()),
        r.getAttempts(), instant(r.getNextAttemptUs()),
        EventRecord.parseDeliveredTo(r.getDeliveredTo()), Optional.ofNullable(r.getLastError()));
  }

  /** The row of {@code e} without its sequence, which the database assigns on insert. */
  static QuotaEventRecord event(EventRecord e) {
    QuotaEventRecord r = attached(new QuotaEventRecord());
    r.setEventId(e.id());
    r.setClinicId(e.clinic().value());
    r.setVersion(e.version());
    r.setIdx(e.index());
    r.setEventType(e.type());
    r.setCritical(e.critical());
    r.setOccurredAtUs(micros(e.occurredAt()));
    r.setDeliverAfterUs(micros(e.deliverAfter()));
    r.setPayload(e.payload());
    r.setDeliveryState(e.state().name());
    r.setAttempts(e.attempts());
    r.setNextAttemptUs(micros(e.nextAttemptAt()));
    r.setDeliveredTo(e.deliveredToText());
    r.setLastError(e.lastError().orElse(null));
    return r;
  }
}
