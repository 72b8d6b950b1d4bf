package com.bnaura.quota.internal;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Metering: reserve, consume, record, commit and release, each decided in the clinic's one
 * transaction.
 */
final class Metering {
  private static final long MAX_QUANTITY = 1_000_000;
  private static final Duration MAX_TTL = Duration.ofDays(1);

  private final InClinic in;
  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final Duration reservationTtl;
  private final CustomerRefHasher hasher;

  Metering(InClinic in, QuotaStore store, Clock clock, QuotaCatalog catalog,
      Duration reservationTtl, CustomerRefHasher hasher) {
    this.in = in;
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.reservationTtl = reservationTtl;
    this.hasher = hasher;
  }

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
      return Fingerprints.usage(action, operation.id(), quantity, user, customer, acceptOverage,
          ttl);
    }
  }

  private Object validate(UsageRequest r) {
    Objects.requireNonNull(r, "request");
    try {
      ClinicId clinic = new ClinicId(r.clinicId());
      String opName = Ids.check("operation", r.operation());
      Optional<Operation> op = catalog.operation(opName);
      if (op.isEmpty()) {
        return Refused.of(RefusalCode.UNKNOWN_OPERATION, Messages.unknownOperation(opName))
            .about(clinic);
      }
      IdempotencyKey key = new IdempotencyKey(r.idempotencyKey());
      Optional<UserId> user = r.userId() == null ? Optional.empty() : Optional.of(new UserId(r.userId()));
      Optional<CustomerRefHash> customer = r.customerRef() == null ? Optional.empty()
          : Optional.of(hasher.hash(clinic, Ids.check("customerRef", r.customerRef())));
      if (r.quantity() < 1 || r.quantity() > MAX_QUANTITY) {
        throw Messages.invalid("quantity", Messages.BETWEEN, 1L, MAX_QUANTITY,
            r.quantity());
      }
      Units units = op.get().rate().times(r.quantity());
      Duration ttl = r.ttl() == null ? reservationTtl : r.ttl();
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        throw Messages.invalid("ttl", Messages.TTL, MAX_TTL.toString(), ttl.toString());
      }
      return new Usage(clinic, op.get(), key, user, customer, r.quantity(), units,
          r.acceptOverage(), ttl);
    } catch (InvalidArgumentException e) {
      return Refused.invalid(e);
    }
  }

  ReserveResult tryReserve(UsageRequest request) {
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return in.refused(refused);
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    ReservationId id = new ReservationId("res_" + UUID.randomUUID());
    String fingerprint = u.fingerprint("reserve");
    Step<ReserveResult> step = in.keyed("reserve", u.needs(), now,
        u.key(), fingerprint, s -> {
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      RepeatScans.Exemption ex = s.exemption(u.operation(), u.units(), u.customer());
      MonthlyThenAddonDeduction.Decision d = decideReclaiming(s, u, ex.charge(), plan.get(),
          true);
      if (!d.granted()) {
        Refused refused = d.refusal().about(u.clinic()).about(u.operation().id());
        if (refused.code() != RefusalCode.RATE_LIMITED) {
          s.remember(u.key(), fingerprint, refused);
        }
        return new Step<>(refused, s.events());
      }
      s.hold(d.split(), d.cost());
      ex.window().ifPresent(s.tx()::putRepeatWindow);
      Instant expiresAt = now.plus(u.ttl());
      BillingPeriod period = s.current().period();
      s.tx().putReservation(new ReservationRecord(id, u.clinic(), u.key(), u.operation().id(),
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
      s.afterCharge(false);
      return new Step<>(reserved, s.events());
    });
    return step.result();
  }

  /**
   * Decides a call of {@code u} charged {@code charge}: the units limit, then the per-window caps
   * ({@link OperationCaps}), then the balance, then the user's branch and staff budgets ({@link
   * Budgets}; caps and budgets only when {@code enforceCaps}); if refused and the
   * clinic has expired holds, reclaims them (which gives their calls back to the caps) and decides
   * again. A request over the units limit is refused before anything is reclaimed: no balance lets
   * it in. A granted call is counted in the caps' windows and its units in the budgets, whether
   * they were enforced or not.
   */
  private static MonthlyThenAddonDeduction.Decision decideReclaiming(ClinicSession s, Usage u,
      Units charge, Plan plan, boolean enforceCaps) {
    Optional<Refused> tooBig = s.exceedsUnitLimit(u.units(), plan);
    if (tooBig.isPresent()) {
      return new MonthlyThenAddonDeduction.Decision(null, null, tooBig.get());
    }
    MonthlyThenAddonDeduction.Decision d = decideCapped(s, u, charge, plan, enforceCaps);
    if (!d.granted() && s.reclaimExpired() > 0) {
      d = decideCapped(s, u, charge, plan, enforceCaps);
    }
    if (d.granted()) {
      s.countCall(plan, u.operation().id(), u.user());
      s.countBudgets(u.user(), s.current().period().start(), d.split().total());
    }
    return d;
  }

  private static MonthlyThenAddonDeduction.Decision decideCapped(ClinicSession s, Usage u,
      Units charge, Plan plan, boolean enforceCaps) {
    Optional<Refused> capped = enforceCaps
        ? s.exceedsCaps(plan, u.operation().id(), u.user()) : Optional.empty();
    if (capped.isPresent()) {
      return new MonthlyThenAddonDeduction.Decision(null, null, capped.get());
    }
    MonthlyThenAddonDeduction.Decision d = s.decide(u.units(), charge, plan, u.acceptOverage());
    if (!d.granted() || !enforceCaps) {
      return d;
    }
    Optional<Refused> overBudget = s.exceedsBudgets(u.user(), d.split().total());
    return overBudget.isPresent()
        ? new MonthlyThenAddonDeduction.Decision(null, null, overBudget.get()) : d;
  }

  ConsumeResult tryConsume(UsageRequest request) {
    return consume(request, "consume", false);
  }

  ConsumeResult recordUsage(String clinicId, String userId, String scanType,
      boolean successful, String idempotencyKey) {
    UsageRequest request = new UsageRequest(clinicId, scanType, idempotencyKey, userId, null, 1,
        false, null);
    if (successful) {
      return consume(request, "record", true);
    }
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return in.refused(asScanType(refused));
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    String fingerprint = u.fingerprint("failed-call");
    Step<ConsumeResult> step = in.keyed("recordUsage", u.needs(), now,
        u.key(), fingerprint, s -> {
      BillingPeriod period = s.current().period();
      s.ledger(s.entry(LedgerKind.FAILED_CALL, period.start()).units(Units.ZERO)
          .operation(u.operation().id()).user(u.user()).key(u.key()).reason("AI_CALL_FAILED"));
      Consumed consumed = new Consumed(u.clinic(), u.operation().id(),
          new Charge(Deduction.NONE, s.zero(), Units.ZERO, Optional.empty()), period, false,
          Optional.empty(), s.remaining());
      s.remember(u.key(), fingerprint, consumed);
      return new Step<>(consumed, s.events());
    });
    return step.result();
  }

  /**
   * Records an answer served from the host's cache of identical inputs: a charge line of zero with
   * the operation's units waived and reason {@code CACHED_ANSWER}. It needs neither a plan nor a
   * balance, so nothing but a bad request, an unknown clinic or a reused key refuses it.
   */
  ConsumeResult recordCachedAnswer(UsageRequest request) {
    Object validated = validate(request);
    if (validated instanceof Refused refused) {
      return in.refused(refused);
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    String fingerprint = u.fingerprint("cached-answer");
    Step<ConsumeResult> step = in.keyed("recordCachedAnswer",
        LoadRequest.of(u.clinic()).withKey(u.key()), now, u.key(), fingerprint, s -> {
      BillingPeriod period = s.current().period();
      s.ledger(s.entry(LedgerKind.CHARGE, period.start()).units(Units.ZERO).waived(u.units())
          .operation(u.operation().id()).user(u.user()).key(u.key())
          .reason(Charge.CACHED_ANSWER));
      Consumed consumed = new Consumed(u.clinic(), u.operation().id(),
          new Charge(Deduction.NONE, s.zero(), u.units(), Optional.of(Charge.CACHED_ANSWER)),
          period, true, Optional.empty(), s.remaining());
      s.remember(u.key(), fingerprint, consumed);
      s.afterCommit(l -> l.onConsumed(consumed));
      return new Step<>(consumed, s.events());
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
      return in.refused(recordIfRefused ? asScanType(refused) : refused);
    }
    Usage u = (Usage) validated;
    Instant now = clock.instant();
    String fingerprint = u.fingerprint(action);
    Step<ConsumeResult> step = in.keyed(action, u.needs(), now,
        u.key(), fingerprint, s -> {
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return Step.refusal(s.planMissing());
      }
      RepeatScans.Exemption ex = s.exemption(u.operation(), u.units(), u.customer());
      MonthlyThenAddonDeduction.Decision d = decideReclaiming(s, u, ex.charge(), plan.get(),
          !recordIfRefused);
      BillingPeriod period = s.current().period();
      if (!d.granted()) {
        Refused refused = d.refusal().about(u.clinic()).about(u.operation().id());
        if (!recordIfRefused) {
          if (refused.code() != RefusalCode.RATE_LIMITED) {
            s.remember(u.key(), fingerprint, refused);
          }
          return new Step<>(refused, s.events());
        }
        s.countCall(plan.get(), u.operation().id(), u.user());
        s.ledger(s.terms(s.entry(LedgerKind.UNBILLED, period.start()).units(ex.charge())
            .waived(ex.waived()).operation(u.operation().id()).user(u.user()).key(u.key())
            .reason(RefusalCode.QUOTA_EXCEEDED.name()).quantity(u.quantity()), s.current()));
        Consumed unbilled = new Consumed(u.clinic(), u.operation().id(),
            new Charge(Deduction.NONE, s.zero(), ex.waived(), ex.reason()), period, false,
            Optional.of(RefusalCode.QUOTA_EXCEEDED), s.remaining());
        s.remember(u.key(), fingerprint, unbilled);
        s.afterCommit(l -> l.onConsumed(unbilled));
        return new Step<>(unbilled, s.events());
      }
      s.chargeDirect(d.split(), d.cost());
      ex.window().ifPresent(s.tx()::putRepeatWindow);
      s.ledger(s.terms(s.entry(LedgerKind.CHARGE, period.start()).split(d.split())
          .money(d.cost()).waived(ex.waived()).operation(u.operation().id()).user(u.user())
          .key(u.key()).reason(ex.reason()).quantity(u.quantity())
          .window(u.customer(), ex.windowOpenedAt()), s.current()));
      Consumed consumed = new Consumed(u.clinic(), u.operation().id(),
          new Charge(d.split(), d.cost(), ex.waived(), ex.reason()), period, true,
          Optional.empty(), s.remaining());
      s.remember(u.key(), fingerprint, consumed);
      s.afterCommit(l -> l.onConsumed(consumed));
      s.afterCharge(d.split().overage().isPositive());
      return new Step<>(consumed, s.events());
    });
    return step.result();
  }

  CommitResult tryCommit(CommitRequest request) {
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
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = Fingerprints.commit(Optional.ofNullable(request.actualUnits()), model,
        request.promptTokens(), request.outputTokens(), request.thoughtTokens());
    Step<CommitResult> step = onReservation("commit", clinic, id, now, (s, r) -> {
      Units held = r.hold().total();
      Units actual = request.actualUnits() == null ? held : request.actualUnits();
      if (actual.exceeds(held)) {
        return Step.refusal(Refused.invalid(Messages.invalid("actualUnits",
            Messages.MORE_THAN_RESERVED, held, actual)).about(clinic));
      }
      s.current();
      switch (r.state()) {
        case COMMITTED:
          if (fingerprint.equals(r.resolutionFingerprint().orElse(""))) {
            return Step.replayed((CommitResult) OutcomeCodec.decode(r.resolution().orElseThrow()));
          }
          return Step.refusal(notOpen(r, Messages.notOpen(Messages.ALREADY_COMMITTED, r.id(),
              r.resolvedAt().orElseThrow())));
        case RELEASED:
          return Step.refusal(notOpen(r, Messages.notOpen(Messages.RELEASED, r.id(),
              r.resolvedAt().orElseThrow())));
        case EXPIRED:
          return lateCommit(s, r, actual, fingerprint, model, request);
        case PENDING:
        default:
          break;
      }
      if (r.isExpiredAt(now)) {
        Released expired = s.restore(r, true);
        s.afterCommit(l -> l.onExpired(expired));
        return lateCommit(s, s.tx().reservation(id).orElseThrow(), actual, fingerprint, model,
            request);
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
      s.tx().putReservation(r.resolve(ReservationState.COMMITTED, now, Optional.of(fingerprint),
          Optional.of(OutcomeCodec.encode(committed))));
      s.afterCommit(l -> l.onCommitted(committed));
      s.afterCharge(charged.overage().isPositive()
          && r.period().equals(s.current().period()));
      return new Step<>(committed, s.events());
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
      return Step.refusal(notOpen(r,
          Messages.notOpen(Messages.EXPIRED_ALREADY_COMMITTED_LATE, r.id())));
    }
    Optional<Plan> plan = s.plan();
    if (plan.isEmpty()) {
      return Step.refusal(s.planMissing());
    }
    MonthlyThenAddonDeduction.Decision d = s.decide(actual, actual, plan.get(),
        r.acceptOverage());
    s.countCall(plan.get(), r.operation(), r.user()); // the call happened: its expiry gave it back
    BillingPeriod period = s.current().period();
    Optional<String> exemption = r.waived().isPositive()
        ? Optional.of(Charge.REPEAT_WITHIN_24H) : Optional.empty();
    Committed committed;
    if (d.granted()) {
      s.countBudgets(r.user(), period.start(), d.split().total());
      s.chargeDirect(d.split(), d.cost());
      s.ledger(s.terms(s.entry(LedgerKind.CHARGE, period.start()).split(d.split())
          .money(d.cost()).waived(r.waived()).operation(r.operation()).user(r.user())
          .reservation(r.id()).key(r.key()).reason("LATE_COMMIT").model(model,
              request.promptTokens(), request.outputTokens(), request.thoughtTokens())
          .quantity(r.quantity()).window(r.customer(), s.windowOf(r)), s.current()));
      committed = new Committed(r.id(), r.clinic(), r.operation(),
          new Charge(d.split(), d.cost(), r.waived(), exemption), true, true, Optional.empty(),
          s.remaining());
    } else {
      RefusalCode code = d.refusal().code();
      s.ledger(s.terms(s.entry(LedgerKind.UNBILLED, period.start()).units(actual)
          .waived(r.waived()).operation(r.operation()).user(r.user()).reservation(r.id())
          .key(r.key()).reason(code.name()).model(model, request.promptTokens(),
              request.outputTokens(), request.thoughtTokens()).quantity(r.quantity()),
          s.current()));
      committed = new Committed(r.id(), r.clinic(), r.operation(),
          new Charge(Deduction.NONE, s.zero(), r.waived(), exemption), true, false,
          Optional.of(code), s.remaining());
    }
    s.tx().putReservation(r.resolve(ReservationState.EXPIRED, r.resolvedAt().orElse(s.now()),
        Optional.of(fingerprint), Optional.of(OutcomeCodec.encode(committed))));
    s.afterCommit(l -> l.onCommitted(committed));
    if (committed.billed()) {
      s.afterCharge(committed.charge().split().overage().isPositive());
    }
    return new Step<>(committed, s.events());
  }

  ReleaseResult tryRelease(String clinicId, String reservationId) {
    ClinicId clinic;
    ReservationId id;
    try {
      clinic = new ClinicId(clinicId);
      id = new ReservationId(reservationId);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    Step<ReleaseResult> step = onReservation("release", clinic, id, now, (s, r) -> {
      s.current();
      switch (r.state()) {
        case RELEASED:
        case EXPIRED:
          Object resolution = OutcomeCodec.decode(r.resolution().orElseThrow());
          if (resolution instanceof Released released) {
            return Step.replayed(released);
          }
          return Step.refusal(notOpen(r,
              Messages.notOpen(Messages.EXPIRED_COMMITTED_LATE, r.id())));
        case COMMITTED:
          return Step.refusal(notOpen(r, Messages.notOpen(Messages.COMMITTED, r.id(),
              r.resolvedAt().orElseThrow())));
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
          s.rearmAlerts();
          return new Step<>(released, s.events());
      }
    });
    return step.result();
  }

  ReservationState reservationState(String clinicId, String reservationId) {
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
      throw Messages.unknownClinic(clinic).toException();
    }
    ReservationRecord r = found.orElseThrow(() -> unknownReservation(clinic, id).toException());
    return r.isExpiredAt(now) ? ReservationState.EXPIRED : r.state();
  }

  /** {@code recordUsage} calls the operation its scan type: name the field as the caller knows it. */
  private static Refused asScanType(Refused refused) {
    if (refused.field().filter("operation"::equals).isPresent()) {
      return Refused.invalid("scanType", (LocalizedText) refused.text().args().get(1));
    }
    return refused;
  }

  /**
   * Decides on reservation {@code id} of {@code clinic}: a clinic that is not registered and a
   * reservation it does not have are refused, and otherwise {@code decision} decides on the
   * clinic's session and the reservation as stored.
   */
  private <T> Step<T> onReservation(String action, ClinicId clinic, ReservationId id, Instant now,
      BiFunction<ClinicSession, ReservationRecord, Step<T>> decision) {
    return in.transaction(action, LoadRequest.of(clinic).withReservation(id), tx -> {
      Optional<ClinicSession> open = in.session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(Messages.unknownClinic(clinic));
      }
      Optional<ReservationRecord> found = tx.reservation(id);
      if (found.isEmpty()) {
        return Step.refusal(unknownReservation(clinic, id));
      }
      return InClinic.withEventsOf(open.get(), decision.apply(open.get(), found.get()));
    });
  }

  private static void tokens(String field, long value) {
    if (value < 0) {
      throw Messages.invalid(field, Messages.NEGATIVE, value);
    }
  }

  private static Refused unknownReservation(ClinicId clinic, ReservationId id) {
    return Refused.of(RefusalCode.UNKNOWN_RESERVATION, Messages.unknownReservation(clinic, id))
        .about(clinic);
  }

  private static Refused notOpen(ReservationRecord r, LocalizedText why) {
    return Refused.of(RefusalCode.RESERVATION_NOT_OPEN, why)
        .about(r.clinic()).about(r.operation());
  }
}
