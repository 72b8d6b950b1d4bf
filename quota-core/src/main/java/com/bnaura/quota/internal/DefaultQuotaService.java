package com.bnaura.quota.internal;

import com.bnaura.quota.Availability;
import com.bnaura.quota.Balance;
import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The quota engine: validates, decides, and drives the store's atomic transactions. */
public final class DefaultQuotaService implements QuotaService {
  private static final Logger log = LoggerFactory.getLogger(DefaultQuotaService.class);
  private static final long MAX_QUANTITY = 1_000_000;
  private static final Duration MAX_TTL = Duration.ofDays(1);
  private static final int SWEEP_BATCH = 500;

  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final QuotaListener listener;
  private final Duration reservationTtl;
  private final Duration keyRetention;
  private final CustomerRefHasher hasher;
  private final PaymentGateway payments;
  private final ZoneId defaultZone;
  private final ResetSchedule defaultSchedule;
  private final Set<DayOfWeek> openingDays;
  private final QuotaCaches caches;
  private final QuotaInsights insights;
  private final ClinicExecutor executor;

  /** Creates the engine; {@link QuotaService#builder()} is the way in. */
  public DefaultQuotaService(QuotaStore store, Clock clock, QuotaCatalog catalog,
      List<QuotaListener> listeners, Duration reservationTtl, Duration keyRetention,
      byte[] customerRefKey, PaymentGateway payments, ZoneId defaultZone,
      ResetSchedule defaultSchedule, Settings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.listener = new GuardedListener(listeners);
    this.reservationTtl = reservationTtl;
    this.keyRetention = keyRetention;
    if (customerRefKey == null) {
      log.warn("No customerRefKey set: customer references are hashed with the built-in key. "
          + "Set QuotaService.builder().customerRefKey(..) to a stable secret in production.");
    }
    this.hasher = new CustomerRefHasher(customerRefKey != null ? customerRefKey
        : CustomerRefHasher.BUILT_IN_KEY);
    this.payments = payments;
    this.defaultZone = defaultZone;
    this.defaultSchedule = Objects.requireNonNull(defaultSchedule, "defaultSchedule");
    this.openingDays = settings.openingDays();
    this.caches = new QuotaCaches(clock, settings.statusTtl(), settings.statsTtl(),
        settings.recommendationsTtl());
    this.insights = new QuotaInsights(store, clock, catalog, caches);
    this.executor = new ClinicExecutor(store);
  }

  /**
   * The settings of the read side.
   *
   * @param statusTtl how long a status (plan and config read) is cached
   * @param statsTtl how long usage stats are cached
   * @param recommendationsTtl how long recommendations are cached
   * @param openingDays the days of the week clinics work, for forecasts that name none
   */
  public record Settings(Duration statusTtl, Duration statsTtl, Duration recommendationsTtl,
      Set<DayOfWeek> openingDays) {

    /** The defaults: 60 s, 30 s, 5 min, every day. */
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(60),
        Duration.ofSeconds(30), Duration.ofMinutes(5), EnumSet.allOf(DayOfWeek.class));

    /** Validates and copies. */
    public Settings {
      Objects.requireNonNull(statusTtl, "statusTtl");
      Objects.requireNonNull(statsTtl, "statsTtl");
      Objects.requireNonNull(recommendationsTtl, "recommendationsTtl");
      openingDays = Set.copyOf(EnumSet.copyOf(openingDays));
    }
  }

  @Override
  public QuotaCatalog catalog() {
    return catalog;
  }

  // =============================================================================================
  // registration

  /** Validated account settings: what a registration or a settings update asks for. */
  private record AccountSettings(ZoneId zone, ResetSchedule schedule, Optional<OveragePolicy> policy,
      Optional<Money> cap, Optional<Units> maxUnits, Optional<Money> maxOverage) {}

  private AccountSettings settings(String zone, Integer anchorDay, OveragePolicy policy, String cap,
      String maxUnits, String maxOverage) {
    Optional<Units> units = maxUnits == null ? Optional.empty()
        : Optional.of(Units.parse("maxUnitsPerRequest", maxUnits));
    if (units.isPresent() && !units.get().isPositive()) {
      throw new InvalidArgumentException("maxUnitsPerRequest", "must be more than 0, was "
          + units.get());
    }
    return new AccountSettings(
        zone == null ? defaultZone : zone(zone),
        anchorDay == null ? defaultSchedule : ResetSchedule.anchorDay(anchorDay),
        Optional.ofNullable(policy),
        cap == null ? Optional.empty()
            : Optional.of(Money.parse("overageCap", cap, catalog.currency())),
        units,
        maxOverage == null ? Optional.empty()
            : Optional.of(Money.parse("maxOveragePerRequest", maxOverage, catalog.currency())));
  }

  @Override
  public RegistrationResult registerClinic(ClinicRegistration request) {
    Objects.requireNonNull(request, "registration");
    ClinicId clinic;
    PlanId planId;
    AccountSettings wanted;
    try {
      clinic = new ClinicId(request.clinicId());
      planId = PlanId.of(Ids.check("plan", request.plan()));
      wanted = settings(request.zone(), request.anchorDay(), request.overagePolicy(),
          request.overageCap(), request.maxUnitsPerRequest(), request.maxOveragePerRequest());
    } catch (InvalidArgumentException e) {
      return refused(Refused.invalid(e));
    }
    Optional<Plan> plan = catalog.plan(planId);
    if (plan.isEmpty()) {
      return refused(Refused.of(RefusalCode.UNKNOWN_PLAN, "no plan '" + planId + "' in the catalog")
          .about(clinic));
    }
    Instant now = clock.instant();
    Step<RegistrationResult> step = transaction("registerClinic", LoadRequest.of(clinic), tx -> {
      Optional<AccountRecord> existing = tx.account();
      if (existing.isEmpty()) {
        BillingPeriod period = wanted.schedule().periodContaining(now, wanted.zone());
        AccountRecord account = new AccountRecord(clinic, planId, wanted.zone(),
            wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
            wanted.maxOverage(), Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, period,
            Optional.empty(), now, now);
        tx.putAccount(account);
        ClinicSession s = session(tx, now).orElseThrow();
        s.openPeriod(period, plan.get(), now);
        return new Step<>(registered(account, true, plan.get(), period), List.of());
      }
      AccountRecord a = existing.get();
      PlanId inForce = Periods.planInForce(a, now, catalog);
      Optional<Refused> conflict = RegistrationConflict.between(a, inForce, planId,
          wanted.zone(), wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
          wanted.maxOverage());
      if (conflict.isPresent()) {
        return Step.refusal(conflict.get());
      }
      ClinicSession s = session(tx, now).orElseThrow();
      PeriodRecord current = s.current();
      return new Step<>(registered(s.account(), false, s.plan().orElse(plan.get()),
          current.period()), List.of());
    });
    return step.result();
  }

  @Override
  public RegistrationResult updateSettings(ClinicSettings request) {
    Objects.requireNonNull(request, "settings");
    ClinicId clinic;
    AccountSettings wanted;
    try {
      clinic = new ClinicId(request.clinicId());
      wanted = settings(request.zone(), request.anchorDay(), request.overagePolicy(),
          request.overageCap(), request.maxUnitsPerRequest(), request.maxOveragePerRequest());
    } catch (InvalidArgumentException e) {
      return refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    Step<RegistrationResult> step = transaction("updateSettings", LoadRequest.of(clinic), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      PeriodRecord current = s.current();
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      AccountRecord a = s.account();
      boolean differs = RegistrationConflict.between(a, a.plan(), a.plan(), wanted.zone(),
          wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
          wanted.maxOverage()).isPresent();
      if (differs) {
        s.putAccount(a.withSettings(wanted.zone(), wanted.schedule(), wanted.policy(),
            wanted.cap(), wanted.maxUnits(), wanted.maxOverage(), now));
      }
      return new Step<>(registered(s.account(), false, plan.get(), current.period()), List.of());
    });
    return step.result();
  }

  private static Registered registered(AccountRecord a, boolean created, Plan plan,
      BillingPeriod period) {
    return new Registered(a.clinic(), created, a.plan(), a.zone(), a.schedule(),
        a.policyOverride().orElse(plan.defaultPolicy()), a.overageCap(),
        PerRequestLimits.of(plan, a), period);
  }

  /** {@code recordUsage} calls the operation its scan type: name the field as the caller knows it. */
  private static Refused asScanType(Refused refused) {
    if (refused.field().filter("operation"::equals).isPresent()) {
      return Refused.invalid("scanType", refused.message().substring("operation: ".length()));
    }
    return refused;
  }

  private static ZoneId zone(String zone) {
    try {
      return ZoneId.of(Ids.check("zone", zone));
    } catch (DateTimeException e) {
      throw new InvalidArgumentException("zone", "is not a known time zone: '" + zone + "'");
    }
  }

  // =============================================================================================
  // reserve, consume, record

  /** A validated usage request. */
  private record Usage(ClinicId clinic, Operation operation, IdempotencyKey key,
      Optional<UserId> user, Optional<CustomerRefHash> customer, long quantity, Units units,
      boolean acceptOverage, Duration ttl) {

    /** What a decision on this usage reads: the key's outcome and the customer's window. */
    LoadRequest needs() {
      LoadRequest needs = LoadRequest.of(clinic).withKey(key);
      return customer.map(needs::withCustomer).orElse(needs);
    }

    String fingerprint(String action) {
      return String.join("|", action, operation.id().value(), Long.toString(quantity),
          user.map(UserId::value).orElse(""), customer.map(CustomerRefHash::hex).orElse(""),
          Boolean.toString(acceptOverage), action.equals("reserve") ? ttl.toString() : "");
    }
  }

  private Object validate(UsageRequest r) {
    Objects.requireNonNull(r, "request");
    try {
      ClinicId clinic = new ClinicId(r.clinicId());
      String opName = Ids.check("operation", r.operation());
      Optional<Operation> op = catalog.operation(opName);
      if (op.isEmpty()) {
        return Refused.of(RefusalCode.UNKNOWN_OPERATION, "no operation '" + opName + "' in the catalog")
            .about(clinic);
      }
      IdempotencyKey key = new IdempotencyKey(r.idempotencyKey());
      Optional<UserId> user = r.userId() == null ? Optional.empty() : Optional.of(new UserId(r.userId()));
      Optional<CustomerRefHash> customer = r.customerRef() == null ? Optional.empty()
          : Optional.of(hasher.hash(clinic, Ids.check("customerRef", r.customerRef())));
      if (r.quantity() < 1 || r.quantity() > MAX_QUANTITY) {
        throw new InvalidArgumentException("quantity",
            "must be between 1 and " + MAX_QUANTITY + ", was " + r.quantity());
      }
      Units units = op.get().rate().times(r.quantity());
      Duration ttl = r.ttl() == null ? reservationTtl : r.ttl();
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        throw new InvalidArgumentException("ttl", "must be more than 0 and at most " + MAX_TTL
            + ", was " + ttl);
      }
      return new Usage(clinic, op.get(), key, user, customer, r.quantity(), units,
          r.acceptOverage(), ttl);
    } catch (InvalidArgumentException e) {
      return Refused.invalid(e);
    }
  }

  @Override
  public ReserveResult tryReserve(UsageRequest request) {
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return refused(refused);
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    ReservationId id = new ReservationId("res_" + UUID.randomUUID());
    String fingerprint = u.fingerprint("reserve");
    Step<ReserveResult> step = transaction("reserve", u.needs(), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(u.clinic()));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(u.key(), fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((ReserveResult) replay.get());
      }
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      ClinicSession.Exemption ex = s.exemption(u.operation(), u.units(), u.customer());
      MonthlyThenAddonDeduction.Decision d = decideReclaiming(s, u.units(), ex.charge(),
          plan.get(), u.acceptOverage());
      if (!d.granted()) {
        Refused refused = d.refusal().about(u.clinic()).about(u.operation().id());
        s.remember(u.key(), fingerprint, refused);
        return new Step<>(refused, s.events);
      }
      s.hold(d.split(), d.cost());
      ex.window().ifPresent(tx::putRepeatWindow);
      Instant expiresAt = now.plus(u.ttl());
      BillingPeriod period = s.current().period();
      tx.putReservation(new ReservationRecord(id, u.clinic(), u.key(), u.operation().id(),
          u.quantity(), u.user(), u.customer(), period, d.split(), d.cost(), ex.waived(),
          u.acceptOverage(), now, expiresAt, ReservationState.PENDING, Optional.empty(),
          Optional.empty(), Optional.empty()));
      s.ledger(s.entry(LedgerKind.HOLD, period.start()).split(d.split()).money(d.cost())
          .waived(ex.waived()).operation(u.operation().id()).user(u.user()).reservation(id)
          .key(u.key()).reason(ex.reason()));
      Reserved reserved = new Reserved(id, u.clinic(), u.operation().id(),
          new Charge(d.split(), d.cost(), ex.waived(), ex.reason()), period, expiresAt,
          s.remaining());
      s.remember(u.key(), fingerprint, reserved);
      s.afterCommit(l -> l.onReserved(reserved));
      s.checkAlerts(false);
      return new Step<>(reserved, s.events);
    });
    return step.result();
  }

  /**
   * Decides; if refused and the clinic has expired holds, reclaims them and decides again. A
   * request over the units limit is refused before anything is reclaimed: no balance lets it in.
   */
  private static MonthlyThenAddonDeduction.Decision decideReclaiming(ClinicSession s, Units asked,
      Units charge, Plan plan, boolean acceptOverage) {
    Optional<Refused> tooBig = s.exceedsUnitLimit(asked, plan);
    if (tooBig.isPresent()) {
      return new MonthlyThenAddonDeduction.Decision(null, null, tooBig.get());
    }
    MonthlyThenAddonDeduction.Decision d = s.decide(asked, charge, plan, acceptOverage);
    if (!d.granted() && s.reclaimExpired() > 0) {
      d = s.decide(asked, charge, plan, acceptOverage);
    }
    return d;
  }

  @Override
  public ConsumeResult tryConsume(UsageRequest request) {
    return consume(request, "consume", false);
  }

  @Override
  public ConsumeResult recordUsage(String clinicId, String userId, String scanType,
      boolean successful, String idempotencyKey) {
    UsageRequest request = new UsageRequest(clinicId, scanType, idempotencyKey, userId, null, 1,
        false, null);
    if (successful) {
      return consume(request, "record", true);
    }
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return refused(asScanType(refused));
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    String fingerprint = u.fingerprint("failed-call");
    Step<ConsumeResult> step = transaction("recordUsage", u.needs(), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(u.clinic()));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(u.key(), fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((ConsumeResult) replay.get());
      }
      BillingPeriod period = s.current().period();
      s.ledger(s.entry(LedgerKind.FAILED_CALL, period.start()).units(Units.ZERO)
          .operation(u.operation().id()).user(u.user()).key(u.key()).reason("AI_CALL_FAILED"));
      Consumed consumed = new Consumed(u.clinic(), u.operation().id(),
          new Charge(Deduction.NONE, s.zero(), Units.ZERO, Optional.empty()), period, false,
          Optional.empty(), s.remaining());
      s.remember(u.key(), fingerprint, consumed);
      return new Step<>(consumed, s.events);
    });
    return step.result();
  }

  /**
   * Checks and charges in one step. With {@code recordIfRefused}, usage the policy refuses is
   * recorded as unbilled instead of refused (the call already happened).
   */
  private ConsumeResult consume(UsageRequest request, String action, boolean recordIfRefused) {
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return refused(recordIfRefused ? asScanType(refused) : refused);
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    String fingerprint = u.fingerprint(action);
    Step<ConsumeResult> step = transaction(action, u.needs(), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(u.clinic()));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(u.key(), fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((ConsumeResult) replay.get());
      }
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      ClinicSession.Exemption ex = s.exemption(u.operation(), u.units(), u.customer());
      MonthlyThenAddonDeduction.Decision d = decideReclaiming(s, u.units(), ex.charge(),
          plan.get(), u.acceptOverage());
      BillingPeriod period = s.current().period();
      if (!d.granted()) {
        Refused refused = d.refusal().about(u.clinic()).about(u.operation().id());
        if (!recordIfRefused) {
          s.remember(u.key(), fingerprint, refused);
          return new Step<>(refused, s.events);
        }
        s.ledger(s.entry(LedgerKind.UNBILLED, period.start()).units(ex.charge())
            .waived(ex.waived()).operation(u.operation().id()).user(u.user()).key(u.key())
            .reason(RefusalCode.QUOTA_EXCEEDED.name()));
        Consumed unbilled = new Consumed(u.clinic(), u.operation().id(),
            new Charge(Deduction.NONE, s.zero(), ex.waived(), ex.reason()), period, false,
            Optional.of(RefusalCode.QUOTA_EXCEEDED), s.remaining());
        s.remember(u.key(), fingerprint, unbilled);
        s.afterCommit(l -> l.onConsumed(unbilled));
        return new Step<>(unbilled, s.events);
      }
      s.chargeDirect(d.split(), d.cost());
      ex.window().ifPresent(tx::putRepeatWindow);
      s.ledger(s.entry(LedgerKind.CHARGE, period.start()).split(d.split()).money(d.cost())
          .waived(ex.waived()).operation(u.operation().id()).user(u.user()).key(u.key())
          .reason(ex.reason()));
      Consumed consumed = new Consumed(u.clinic(), u.operation().id(),
          new Charge(d.split(), d.cost(), ex.waived(), ex.reason()), period, true,
          Optional.empty(), s.remaining());
      s.remember(u.key(), fingerprint, consumed);
      s.afterCommit(l -> l.onConsumed(consumed));
      s.checkAlerts(d.split().overage().isPositive());
      return new Step<>(consumed, s.events);
    });
    return step.result();
  }

  // =============================================================================================
  // commit and release

  @Override
  public CommitResult tryCommit(CommitRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    ReservationId id;
    Optional<String> model;
    try {
      clinic = new ClinicId(request.clinicId());
      id = new ReservationId(request.reservationId());
      model = request.model() == null ? Optional.empty()
          : Optional.of(Ids.check("model", request.model()));
      tokens("promptTokens", request.promptTokens());
      tokens("outputTokens", request.outputTokens());
      tokens("thoughtTokens", request.thoughtTokens());
    } catch (InvalidArgumentException e) {
      return refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = String.join("|", "commit",
        request.actualUnits() == null ? "all" : request.actualUnits().toString(),
        model.orElse(""), Long.toString(request.promptTokens()),
        Long.toString(request.outputTokens()), Long.toString(request.thoughtTokens()));
    Step<CommitResult> step = transaction("commit", LoadRequest.of(clinic).withReservation(id), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      Optional<ReservationRecord> found = tx.reservation(id);
      if (found.isEmpty()) {
        return Step.refusal(unknownReservation(clinic, id));
      }
      ReservationRecord r = found.get();
      Units held = r.hold().total();
      Units actual = request.actualUnits() == null ? held : request.actualUnits();
      if (actual.exceeds(held)) {
        return Step.refusal(Refused.invalid("actualUnits",
            "must be at most the " + held + " units reserved, was " + actual).about(clinic));
      }
      s.current();
      switch (r.state()) {
        case COMMITTED:
          if (fingerprint.equals(r.resolutionFingerprint().orElse(""))) {
            return Step.replayed((CommitResult) OutcomeCodec.decode(r.resolution().orElseThrow()));
          }
          return Step.refusal(notOpen(r, "was already committed at " + r.resolvedAt().orElseThrow()));
        case RELEASED:
          return Step.refusal(notOpen(r, "was released at " + r.resolvedAt().orElseThrow()));
        case EXPIRED:
          return lateCommit(s, r, actual, fingerprint, model, request);
        case PENDING:
        default:
          break;
      }
      if (r.isExpiredAt(now)) {
        Released expired = s.restore(r, true);
        s.afterCommit(l -> l.onExpired(expired));
        return lateCommit(s, tx.reservation(id).orElseThrow(), actual, fingerprint, model, request);
      }
      Deduction charged = r.hold().firstOf(actual);
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      Optional<Refused> overLimit = s.exceedsLimits(actual, charged.overage(),
          ClinicSession.commitCost(r, charged), plan.get());
      if (overLimit.isPresent()) {
        return Step.refusal(overLimit.get().about(clinic).about(r.operation()));
      }
      Money cost = s.commitHold(r, charged, model, request.promptTokens(),
          request.outputTokens(), request.thoughtTokens());
      Committed committed = new Committed(r.id(), clinic, r.operation(),
          new Charge(charged, cost, r.waived(), r.waived().isPositive()
              ? Optional.of(Charge.REPEAT_WITHIN_24H) : Optional.empty()),
          false, true, Optional.empty(), s.remaining());
      tx.putReservation(r.resolve(ReservationState.COMMITTED, now, Optional.of(fingerprint),
          Optional.of(OutcomeCodec.encode(committed))));
      s.afterCommit(l -> l.onCommitted(committed));
      s.checkAlerts(charged.overage().isPositive()
          && r.period().equals(s.current().period()));
      return new Step<>(committed, s.events);
    });
    return step.result();
  }

  /**
   * Charges an expired reservation's usage afresh in the current period, by the normal order and
   * policy; records it as unbilled if the policy refuses it now. The outcome is kept on the
   * reservation, so a second late commit replays it and never charges twice.
   */
  private Step<CommitResult> lateCommit(ClinicSession s, ReservationRecord r, Units actual,
      String fingerprint, Optional<String> model, CommitRequest request) {
    Object previous = OutcomeCodec.decode(r.resolution().orElseThrow());
    if (previous instanceof Committed done) {
      if (fingerprint.equals(r.resolutionFingerprint().orElse(""))) {
        return Step.replayed(done);
      }
      return Step.refusal(notOpen(r, "expired and was already committed late"));
    }
    Optional<Plan> plan = s.plan();
    if (plan.isEmpty()) {
      return Step.refusal(s.planMissing());
    }
    MonthlyThenAddonDeduction.Decision d = s.decide(actual, actual, plan.get(),
        r.acceptOverage());
    BillingPeriod period = s.current().period();
    Optional<String> exemption = r.waived().isPositive()
        ? Optional.of(Charge.REPEAT_WITHIN_24H) : Optional.empty();
    Committed committed;
    if (d.granted()) {
      s.chargeDirect(d.split(), d.cost());
      s.ledger(s.entry(LedgerKind.CHARGE, period.start()).split(d.split()).money(d.cost())
          .waived(r.waived()).operation(r.operation()).user(r.user()).reservation(r.id())
          .key(r.key()).reason("LATE_COMMIT").model(model, request.promptTokens(),
              request.outputTokens(), request.thoughtTokens()));
      committed = new Committed(r.id(), r.clinic(), r.operation(),
          new Charge(d.split(), d.cost(), r.waived(), exemption), true, true, Optional.empty(),
          s.remaining());
    } else {
      RefusalCode code = d.refusal().code();
      s.ledger(s.entry(LedgerKind.UNBILLED, period.start()).units(actual).waived(r.waived())
          .operation(r.operation()).user(r.user()).reservation(r.id()).key(r.key())
          .reason(code.name()).model(model, request.promptTokens(), request.outputTokens(),
              request.thoughtTokens()));
      committed = new Committed(r.id(), r.clinic(), r.operation(),
          new Charge(Deduction.NONE, s.zero(), r.waived(), exemption), true, false,
          Optional.of(code), s.remaining());
    }
    s.tx.putReservation(r.resolve(ReservationState.EXPIRED, r.resolvedAt().orElse(s.now),
        Optional.of(fingerprint), Optional.of(OutcomeCodec.encode(committed))));
    s.afterCommit(l -> l.onCommitted(committed));
    if (committed.billed()) {
      s.checkAlerts(committed.charge().split().overage().isPositive());
    }
    return new Step<>(committed, s.events);
  }

  @Override
  public ReleaseResult tryRelease(String clinicId, String reservationId) {
    ClinicId clinic;
    ReservationId id;
    try {
      clinic = new ClinicId(clinicId);
      id = new ReservationId(reservationId);
    } catch (InvalidArgumentException e) {
      return refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    Step<ReleaseResult> step = transaction("release", LoadRequest.of(clinic).withReservation(id), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      Optional<ReservationRecord> found = tx.reservation(id);
      if (found.isEmpty()) {
        return Step.refusal(unknownReservation(clinic, id));
      }
      ReservationRecord r = found.get();
      s.current();
      switch (r.state()) {
        case RELEASED:
        case EXPIRED:
          Object resolution = OutcomeCodec.decode(r.resolution().orElseThrow());
          if (resolution instanceof Released released) {
            return Step.replayed(released);
          }
          return Step.refusal(notOpen(r, "expired and was committed late"));
        case COMMITTED:
          return Step.refusal(notOpen(r, "was committed at " + r.resolvedAt().orElseThrow()));
        case PENDING:
        default:
          boolean expired = r.isExpiredAt(now);
          Released released = s.restore(r, expired);
          s.afterCommit(l -> {
            if (expired) {
              l.onExpired(released);
            } else {
              l.onReleased(released);
            }
          });
          return new Step<>(released, s.events);
      }
    });
    return step.result();
  }

  @Override
  public ReservationState reservationState(String clinicId, String reservationId) {
    ClinicId clinic;
    ReservationId id;
    try {
      clinic = new ClinicId(clinicId);
      id = new ReservationId(reservationId);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
    Instant now = clock.instant();
    Optional<ReservationRecord> found;
    try {
      ClinicSnapshot snapshot = store.load(LoadRequest.of(clinic).withReservation(id));
      found = snapshot.account().isEmpty() ? null
          : Optional.ofNullable(snapshot.reservations().get(id));
    } catch (QuotaStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QuotaStoreException("reservationState clinic=" + clinic, e);
    }
    if (found == null) {
      throw unknownClinic(clinic).toException();
    }
    ReservationRecord r = found.orElseThrow(() -> unknownReservation(clinic, id).toException());
    return r.isExpiredAt(now) ? ReservationState.EXPIRED : r.state();
  }

  // =============================================================================================
  // top-ups and plans

  @Override
  public TopUpResult purchaseTopUp(TopUpRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    IdempotencyKey key;
    Units units;
    Money cost;
    Optional<String> packName;
    try {
      clinic = new ClinicId(request.clinicId());
      key = new IdempotencyKey(request.idempotencyKey());
      if (request.pack() != null) {
        String name = Ids.check("pack", request.pack());
        if (request.units() != 0) {
          throw new InvalidArgumentException("units", "must be 0 when buying a pack, was "
              + request.units());
        }
        TopUpPack pack = catalog.topUps().pack(name).orElseThrow(() ->
            new InvalidArgumentException("pack", "no top-up pack '" + name + "' in the catalog"));
        units = pack.units();
        cost = pack.price();
        packName = Optional.of(name);
      } else {
        long min = catalog.topUps().minUnits();
        long max = catalog.topUps().maxUnits();
        if (request.units() < min || request.units() > max) {
          throw new InvalidArgumentException("units",
              "must be a whole number from " + min + " to " + max + ", was " + request.units());
        }
        units = Units.of(request.units());
        cost = catalog.topUps().priceOf(request.units());
        packName = Optional.empty();
      }
    } catch (InvalidArgumentException e) {
      return refused(Refused.invalid(e));
    }
    String fingerprint = "topup|" + units + "|" + packName.orElse("");
    Instant now = clock.instant();
    // 1. replay or unknown clinic, before any payment is taken
    Step<TopUpResult> check = transaction("purchaseTopUp", LoadRequest.of(clinic).withKey(key), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      Optional<Object> replay = open.get().replay(key, fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((TopUpResult) replay.get());
      }
      return AddonCapacity.check(open.get().account(), open.get().current(), units)
          .map(Step::<TopUpResult>refusal)
          .orElse(null);
    });
    if (check != null) {
      return check.result();
    }
    // 2. payment, outside any transaction
    String transactionId = "topup_" + UUID.randomUUID().toString().replace("-", "");
    String description = packName.map(p -> "Top-up pack " + p + " (" + units + " units)")
        .orElse("Top-up " + units + " units");
    PaymentGateway.Result payment = payments.collect(
        new PaymentGateway.Request(clinic, key, transactionId, cost, description));
    if (!payment.accepted()) {
      return refused(Refused.of(RefusalCode.PAYMENT_DECLINED,
          "payment of " + cost.toDisplayString() + " declined: " + payment.declineReason())
          .about(clinic));
    }
    // 3. credit the add-on balance
    Step<TopUpResult> step = transaction("purchaseTopUp", LoadRequest.of(clinic).withKey(key), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(key, fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((TopUpResult) replay.get());
      }
      PeriodRecord row = s.current();
      PeriodRecord.Builder b = row.toBuilder();
      b.addonBought = b.addonBought.plus(units);
      s.putPeriod(b.build());
      AccountRecord a = s.account();
      s.putAccount(a.withAddon(a.addonAvailable().plus(units), a.addonReserved(),
          a.addonPurchased().plus(units), a.addonUsed(), now));
      s.ledger(s.entry(LedgerKind.TOP_UP, row.period().start()).units(units).money(cost)
          .key(key).reason(packName.orElse(null)));
      tx.append(new BillingLine(clinic, transactionId, BillingLineKind.TOP_UP, cost, units,
          description, payment.reference(), now));
      ToppedUp toppedUp = new ToppedUp(clinic, transactionId, units, cost,
          s.account().addonAvailable(), packName, payment.reference());
      s.remember(key, fingerprint, toppedUp);
      s.afterCommit(l -> l.onToppedUp(toppedUp));
      s.rearmAlerts();
      return new Step<>(toppedUp, s.events);
    });
    return step.result();
  }

  /**
   * A plan change request's checked fields, or the refusal of its bad input (an invalid field or
   * an unknown plan); {@code refusal} is null when the fields are good.
   */
  private record PlanChangeInput(ClinicId clinic, IdempotencyKey key, Plan plan,
      Refused refusal) {}

  private PlanChangeInput planChangeInput(PlanChangeRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    PlanId target;
    IdempotencyKey key;
    try {
      clinic = new ClinicId(request.clinicId());
      target = PlanId.of(Ids.check("plan", request.plan()));
      key = new IdempotencyKey(request.idempotencyKey());
      if (request.timing() == null) {
        throw new InvalidArgumentException("timing", "is required");
      }
    } catch (InvalidArgumentException e) {
      return new PlanChangeInput(null, null, null, Refused.invalid(e));
    }
    Optional<Plan> to = catalog.plan(target);
    if (to.isEmpty()) {
      return new PlanChangeInput(clinic, key, null, Refused.of(RefusalCode.UNKNOWN_PLAN,
          "no plan '" + target + "' in the catalog").about(clinic));
    }
    return new PlanChangeInput(clinic, key, to.get(), null);
  }

  @Override
  public PlanChangeResult quotePlanChange(PlanChangeRequest request) {
    PlanChangeInput input = planChangeInput(request);
    if (input.refusal() != null) {
      return refused(input.refusal());
    }
    ClinicId clinic = input.clinic();
    Instant now = clock.instant();
    ClinicView view;
    try {
      view = insights.view(clinic, false, now);
    } catch (com.bnaura.quota.QuotaRefusedException e) {
      return refused(e.refused());
    }
    AccountRecord a = view.account();
    PeriodRecord row = view.row();
    Plan from = view.plan().orElse(null);
    Plan next = input.plan();
    Money zero = Money.zero(catalog.currency());
    if (from != null && from.id().equals(next.id())) {
      return new PlanChanged(clinic, a.plan(), a.plan(), true, now, zero, zero);
    }
    if (!immediately(request.timing(), from, next)) {
      return new PlanChanged(clinic, a.plan(), next.id(), false, row.period().end(), zero, zero);
    }
    PlanProration.Amounts amounts = from == null ? new PlanProration.Amounts(zero, zero)
        : proration(a, row, from, next, now);
    return new PlanChanged(clinic, from == null ? a.plan() : from.id(), next.id(), true, now,
        amounts.charge(), amounts.credit());
  }

  /** Whether a change from {@code from} to {@code next} at {@code timing} applies at once. */
  private static boolean immediately(PlanChangeRequest.Timing timing, Plan from, Plan next) {
    boolean upgrade = from == null || next.isUpgradeFrom(from);
    return timing == PlanChangeRequest.Timing.IMMEDIATELY
        || (timing == PlanChangeRequest.Timing.DEFAULT && upgrade);
  }

  /** The days of the period {@code row} still to come at {@code now} (today counts), of its total. */
  private static long[] daysLeft(AccountRecord a, PeriodRecord row, Instant now) {
    long total = ChronoUnit.DAYS.between(row.period().start().atZone(a.zone()).toLocalDate(),
        row.period().end().atZone(a.zone()).toLocalDate());
    long left = ChronoUnit.DAYS.between(now.atZone(a.zone()).toLocalDate(),
        row.period().end().atZone(a.zone()).toLocalDate());
    return new long[] {Math.max(0, Math.min(left, total)), total};
  }

  private static PlanProration.Amounts proration(AccountRecord a, PeriodRecord row, Plan from,
      Plan next, Instant now) {
    long[] days = daysLeft(a, row, now);
    return PlanProration.of(from, next, row, days[0], days[1]);
  }

  @Override
  public PlanChangeResult changePlan(PlanChangeRequest request) {
    PlanChangeInput input = planChangeInput(request);
    if (input.refusal() != null) {
      return refused(input.refusal());
    }
    ClinicId clinic = input.clinic();
    IdempotencyKey key = input.key();
    String fingerprint = "plan|" + input.plan().id() + "|" + request.timing();
    Instant now = clock.instant();
    Step<PlanChangeResult> step = transaction("changePlan", LoadRequest.of(clinic).withKey(key), tx -> {
      Optional<ClinicSession> open = session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      Optional<Object> replay = s.replay(key, fingerprint);
      if (replay.isPresent()) {
        return Step.replayed((PlanChangeResult) replay.get());
      }
      PeriodRecord row = s.current();
      AccountRecord a = s.account();
      Plan from = s.plan().orElse(null);
      Plan next = input.plan();
      Money zero = s.zero();
      PlanChanged changed;
      boolean immediate = immediately(request.timing(), from, next);
      if (from != null && from.id().equals(next.id())) {
        s.putAccount(a.inPeriod(a.currentPeriod(), a.plan(), Optional.empty(), now));
        changed = new PlanChanged(clinic, a.plan(), a.plan(), true, now, zero, zero);
      } else if (immediate) {
        changed = changeNow(s, row, from, next);
        s.rearmAlerts();
        s.checkAlerts(false);
      } else {
        s.putAccount(a.inPeriod(a.currentPeriod(), a.plan(), Optional.of(next.id()), now));
        changed = new PlanChanged(clinic, a.plan(), next.id(), false, row.period().end(), zero,
            zero);
      }
      s.remember(key, fingerprint, changed);
      s.afterCommit(l -> l.onPlanChanged(changed));
      return new Step<>(changed, s.events);
    });
    return step.result();
  }

  /** Applies {@code next} to the current period and bills the change as {@link PlanProration} says. */
  private PlanChanged changeNow(ClinicSession s, PeriodRecord row, Plan from, Plan next) {
    Instant now = s.now;
    AccountRecord a = s.account();
    PeriodRecord.Builder b = row.toBuilder();
    b.plan = next.id();
    b.unlimited = next.allowance().unlimited();
    if (!b.unlimited) {
      Units floor = row.monthlyUsed().plus(row.monthlyReserved());
      b.granted = next.allowance().units().max(floor);
    }
    s.putPeriod(b.build());
    s.ledger(s.entry(LedgerKind.GRANT_CHANGED, row.period().start()).units(b.granted)
        .reason(b.unlimited ? "UNLIMITED" : null));
    s.putAccount(a.inPeriod(a.currentPeriod(), next.id(), Optional.empty(), now));
    Money zero = s.zero();
    Money charge = zero;
    Money credit = zero;
    if (from != null) {
      long[] days = daysLeft(a, row, now);
      String description = "Plan " + from.id() + " -> " + next.id() + ", " + days[0] + " of "
          + days[1] + " days";
      PlanProration.Amounts amounts = PlanProration.of(from, next, row, days[0], days[1]);
      charge = amounts.charge();
      credit = amounts.credit();
      if (next.monthlyPrice().exceeds(from.monthlyPrice())) {
        s.tx.append(new BillingLine(a.clinic(), "plan_" + UUID.randomUUID().toString()
            .replace("-", ""), BillingLineKind.PLAN_PRORATION, charge, Units.ZERO, description,
            "", now));
      } else if (from.monthlyPrice().exceeds(next.monthlyPrice())) {
        s.tx.append(new BillingLine(a.clinic(), "plan_" + UUID.randomUUID().toString()
            .replace("-", ""), BillingLineKind.PLAN_PRORATION_CREDIT, credit, Units.ZERO,
            description, "", now));
      }
    }
    return new PlanChanged(a.clinic(), from == null ? a.plan() : from.id(), next.id(), true, now,
        charge, credit);
  }

  // =============================================================================================
  // reads

  @Override
  public boolean hasFeature(String clinicId, String feature) {
    ClinicId clinic = clinicOrThrow(clinicId);
    String name;
    try {
      name = Ids.check("feature", feature);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
    AccountRecord a = insights.snapshot(clinic).account();
    Instant now = clock.instant();
    PlanId planId = Periods.planInForce(a, now, catalog);
    return catalog.plan(planId).map(p -> p.hasFeature(name)).orElse(false);
  }

  @Override
  public Balance balance(String clinicId) {
    return insights.view(clinicOrThrow(clinicId), false, clock.instant()).balance();
  }

  @Override
  public QuotaStatus status(String clinicId) {
    return insights.status(clinicOrThrow(clinicId));
  }

  @Override
  public UsageStats usageStats(String clinicId) {
    return usageStats(clinicId, clock.instant());
  }

  @Override
  public UsageStats usageStats(String clinicId, Instant at) {
    ClinicId clinic = clinicOrThrow(clinicId);
    if (at == null) {
      throw Refused.invalid("at", "is required").about(clinic).toException();
    }
    return insights.usageStats(clinic, at);
  }

  @Override
  public BurnForecast forecast(String clinicId) {
    return insights.forecast(clinicOrThrow(clinicId), openingDays);
  }

  @Override
  public BurnForecast forecast(String clinicId, Set<DayOfWeek> openingDays) {
    ClinicId clinic = clinicOrThrow(clinicId);
    return insights.forecast(clinic, openingDays(clinic, openingDays));
  }

  @Override
  public Recommendations recommendations(String clinicId) {
    return insights.recommendations(clinicOrThrow(clinicId), openingDays);
  }

  @Override
  public Recommendations recommendations(String clinicId, Set<DayOfWeek> openingDays) {
    ClinicId clinic = clinicOrThrow(clinicId);
    return insights.recommendations(clinic, openingDays(clinic, openingDays));
  }

  private static Set<DayOfWeek> openingDays(ClinicId clinic, Set<DayOfWeek> days) {
    if (days == null) {
      throw Refused.invalid("openingDays", "is required").about(clinic).toException();
    }
    if (days.isEmpty() || days.stream().anyMatch(Objects::isNull)) {
      throw Refused.invalid("openingDays", "must name at least one day and no null, was " + days)
          .about(clinic).toException();
    }
    return EnumSet.copyOf(days);
  }

  @Override
  public CacheStatsSnapshot cacheStats() {
    return caches.statistics();
  }

  @Override
  public void resetCaches() {
    caches.reset();
  }

  @Override
  public Availability checkQuotaAvailability(String clinicId, String operation) {
    ClinicId clinic = clinicOrThrow(clinicId);
    Operation op;
    try {
      String name = Ids.check("operation", operation);
      op = catalog.operation(name).orElseThrow(() -> Refused.of(RefusalCode.UNKNOWN_OPERATION,
          "no operation '" + name + "' in the catalog").about(clinic).toException());
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
    ClinicView view = insights.view(clinic, false, clock.instant());
    Plan plan = view.plan().orElseThrow(() ->
        Refused.of(RefusalCode.UNKNOWN_PLAN, "clinic " + clinic + " is on plan " + view.planId()
            + ", which the catalog does not have").toException());
    PeriodRecord row = view.row();
    AccountRecord account = view.account();
    RequestLimits limits = PerRequestLimits.of(plan, account);
    Units remaining = view.remaining();
    Money zero = Money.zero(catalog.currency());
    MonthlyThenAddonDeduction.Decision d = PerRequestLimits.checkUnits(limits, op.rate(),
            remaining, plan.overagePrice(), zero)
        .map(tooBig -> new MonthlyThenAddonDeduction.Decision(null, null, tooBig))
        .orElseGet(() -> MonthlyThenAddonDeduction.decide(op.rate(),
            row.unlimited() ? Units.MAX : row.monthlyRemaining(), account.addonAvailable(), plan,
            view.policy(), false, account.overageCap(),
            row.overageCost().plus(row.overageReservedCost()), catalog.topUps(), op.rate(),
            limits));
    if (d.granted()) {
      return new Availability(true, op.rate(), remaining, d.billsOverage(), d.cost(),
          Optional.empty(), Optional.empty());
    }
    var shortfall = d.refusal().shortfall().orElseThrow();
    return new Availability(false, op.rate(), remaining, shortfall.willIncurCharge(),
        shortfall.estimatedCost(), Optional.of(d.refusal().message()),
        Optional.of(shortfall.messageThai()));
  }

  // =============================================================================================
  // maintenance

  @Override
  public int expireReservations() {
    Instant now = clock.instant();
    int expired = 0;
    for (ClinicId clinic : store.clinicsWithExpiredReservations(now, SWEEP_BATCH)) {
      Step<Integer> step = transaction("expireReservations",
          LoadRequest.of(clinic).withExpiredAt(now), tx -> {
        Optional<ClinicSession> open = session(tx, now);
        if (open.isEmpty()) {
          return new Step<>(0, List.of());
        }
        ClinicSession s = open.get();
        s.current();
        int n = s.reclaimExpired();
        return new Step<>(n, s.events);
      });
      expired += step.result();
    }
    return expired;
  }

  @Override
  public int purgeIdempotencyKeys() {
    Instant cutoff = clock.instant().minus(keyRetention);
    int total = 0;
    int purged;
    do {
      purged = store.purgeIdempotencyKeys(cutoff, 10_000);
      total += purged;
    } while (purged == 10_000);
    return total;
  }

  // =============================================================================================
  // plumbing

  /** A transaction's result and the listener calls to make once it committed. */
  private record Step<T>(T result, List<Runnable> events, boolean replayed) {
    Step(T result, List<Runnable> events) {
      this(result, events, false);
    }

    static <T> Step<T> refusal(Refused refused) {
      @SuppressWarnings("unchecked")
      T result = (T) refused;
      return new Step<>(result, List.of());
    }

    static <T> Step<T> replayed(T result) {
      return new Step<>(result, List.of(), true);
    }
  }

  private <T> Step<T> transaction(String action, LoadRequest needs,
      Function<ClinicTransaction, Step<T>> work) {
    return run(action, needs.clinic(), () -> executor.run(needs, work::apply));
  }

  private <T> Step<T> run(String action, ClinicId clinic, java.util.function.Supplier<Step<T>> tx) {
    Step<T> step;
    try {
      step = tx.get();
    } catch (QuotaStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QuotaStoreException(action + " clinic=" + clinic, e);
    } finally {
      caches.written(clinic);
    }
    if (step != null) {
      for (Runnable event : step.events()) {
        event.run();
      }
      if (step.result() instanceof Refused refused && !step.replayed()) {
        listener.onRefused(refused);
      }
    }
    return step;
  }

  private Optional<ClinicSession> session(ClinicTransaction tx, Instant now) {
    return ClinicSession.open(tx, now, catalog, keyRetention, listener);
  }

  private <T> T refused(Refused refused) {
    listener.onRefused(refused);
    @SuppressWarnings("unchecked")
    T result = (T) refused;
    return result;
  }

  private static ClinicId clinicOrThrow(String clinicId) {
    try {
      return new ClinicId(clinicId);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).toException();
    }
  }

  private static void tokens(String field, long value) {
    if (value < 0) {
      throw new InvalidArgumentException(field, "must not be negative, was " + value);
    }
  }

  static Refused unknownClinic(ClinicId clinic) {
    return Refused.of(RefusalCode.UNKNOWN_CLINIC, "no clinic '" + clinic + "' is registered")
        .about(clinic);
  }

  private static Refused unknownReservation(ClinicId clinic, ReservationId id) {
    return Refused.of(RefusalCode.UNKNOWN_RESERVATION,
        "no reservation '" + id + "' at clinic '" + clinic + "'").about(clinic);
  }

  private static Refused notOpen(ReservationRecord r, String why) {
    return Refused.of(RefusalCode.RESERVATION_NOT_OPEN, "reservation " + r.id() + " " + why)
        .about(r.clinic()).about(r.operation());
  }

  @Override
  public String toString() {
    return "QuotaService{store=" + store + ", catalog=" + catalog + "}";
  }
}
