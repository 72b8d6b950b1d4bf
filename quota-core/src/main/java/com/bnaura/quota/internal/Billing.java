package com.bnaura.quota.internal;

import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Billing: top-ups paid through the gateway, and plan changes with their proration. */
final class Billing {
  private final InClinic in;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final PaymentGateway payments;
  private final QuotaInsights insights;

  Billing(InClinic in, Clock clock, QuotaCatalog catalog, PaymentGateway payments,
      QuotaInsights insights) {
    this.in = in;
    this.clock = clock;
    this.catalog = catalog;
    this.payments = payments;
    this.insights = insights;
  }

  TopUpResult purchaseTopUp(TopUpRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    IdempotencyKey key;
    Units units;
    Money cost;
    Optional<String> packName;
    Optional<Duration> packValidity;
    int priority;
    try {
      clinic = new ClinicId(request.clinicId());
      key = new IdempotencyKey(request.idempotencyKey());
      Purchase what = purchase(catalog, request.pack(), request.units());
      units = what.units();
      cost = what.cost();
      packName = what.pack();
      packValidity = what.validity();
      priority = request.priority() == null ? TopUpRequest.DEFAULT_PRIORITY : request.priority();
      if (priority < TopUpRequest.MIN_PRIORITY || priority > TopUpRequest.MAX_PRIORITY) {
        throw Messages.invalid("priority", Messages.WHOLE_NUMBER_FROM,
            (long) TopUpRequest.MIN_PRIORITY, (long) TopUpRequest.MAX_PRIORITY, (long) priority);
      }
      if (request.validFor() != null && request.expiresAt() != null) {
        throw Messages.invalid("expiresAt", Messages.EXPIRY_TWICE);
      }
      if (request.validFor() != null
          && (request.validFor().isNegative() || request.validFor().isZero())) {
        throw Messages.invalid("validFor", Messages.POSITIVE_DURATION,
            request.validFor().toString());
      }
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    Optional<Instant> expiresAt;
    try {
      expiresAt = GrantExpiry.of(request, packValidity, now);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    String fingerprint = Fingerprints.topUp(units, packName, request.validFor(),
        request.expiresAt(), request.priority());
    // 1. replay or unknown clinic, before any payment is taken
    LoadRequest needs = LoadRequest.of(clinic).withKey(key);
    Step<TopUpResult> check = in.keyed("purchaseTopUp", needs, now, key, fingerprint, s -> {
      return AddonCapacity.check(s.account(), s.current(), units)
          .map(Step::<TopUpResult>refusal)
          .orElse(null);
    });
    if (check != null && check.result() != null) {
      return check.result();
    }
    // 2. payment, outside any transaction
    String transactionId = "topup_" + UUID.randomUUID().toString().replace("-", "");
    // the gateway's line is in English: it reaches the payment provider's records, not the clinic
    String description = packName.map(p -> Messages.paymentLinePack(p, units))
        .orElseGet(() -> Messages.paymentLine(units)).english();
    PaymentGateway.Result payment = payments.collect(
        new PaymentGateway.Request(clinic, key, transactionId, cost, description));
    if (!payment.accepted()) {
      return in.refused(Refused.of(RefusalCode.PAYMENT_DECLINED,
          Messages.paymentDeclined(cost, payment.declineReason())).about(clinic));
    }
    // 3. credit the add-on balance
    Step<TopUpResult> step = in.keyed("purchaseTopUp", needs, now, key, fingerprint, s -> {
      ToppedUp toppedUp = grantTopUp(s, key, transactionId,
          new Purchase(units, cost, packName, packValidity), expiresAt, priority,
          payment.reference(), description, true);
      s.remember(key, fingerprint, toppedUp);
      return new Step<>(toppedUp, s.events());
    });
    return step.result();
  }

  /**
   * What a top-up buys: its units, price, pack (when by pack) and the pack's validity.
   *
   * @param units the units
   * @param cost the price
   * @param pack the pack's name, when bought by pack
   * @param validity how long the pack's grant lasts, if the pack says
   */
  record Purchase(Units units, Money cost, Optional<String> pack, Optional<Duration> validity) {}

  /**
   * What a top-up of the catalog pack {@code pack}, or else of {@code units} units at the
   * catalog's top-up pricing, buys; the one check of what a top-up may buy, for a purchase and for
   * auto top-up settings.
   *
   * @throws InvalidArgumentException naming {@code pack} or {@code units}
   */
  static Purchase purchase(QuotaCatalog catalog, String pack, long units) {
    if (pack != null) {
      String name = Ids.check("pack", pack);
      if (units != 0) {
        throw Messages.invalid("units", Messages.ZERO_WITH_PACK, units);
      }
      TopUpPack found = catalog.topUps().pack(name).orElseThrow(() ->
          Messages.invalid("pack", Messages.UNKNOWN_PACK, name));
      return new Purchase(found.units(), found.price(), Optional.of(name), found.validity());
    }
    long min = catalog.topUps().minUnits();
    long max = catalog.topUps().maxUnits();
    if (units < min || units > max) {
      throw Messages.invalid("units", Messages.WHOLE_NUMBER_FROM, min, max, units);
    }
    return new Purchase(Units.of(units), catalog.topUps().priceOf(units), Optional.empty(),
        Optional.empty());
  }

  /**
   * Credits a paid top-up to the clinic in {@code s}, the one way units are bought: a grant under
   * {@code key} in the current period, its {@link LedgerKind#TOP_UP} entry, its billing line when
   * {@code bill} (see {@link #billTopUp}), and {@link com.bnaura.quota.QuotaListener#onToppedUp}.
   */
  static ToppedUp grantTopUp(ClinicSession s, IdempotencyKey key, String transactionId,
      Purchase what, Optional<Instant> expiresAt, int priority, String reference,
      String description, boolean bill) {
    Instant now = s.now();
    ClinicId clinic = s.account().clinic();
    Units units = what.units();
    PeriodRecord row = s.current();
    s.putPeriod(row.withAddonBought(row.addonBought().plus(units)));
    AccountRecord a = s.account();
    s.putAccount(a.withAddon(a.addonAvailable().plus(units), a.addonReserved(),
        a.addonPurchased().plus(units), a.addonUsed(), now));
    GrantId grant = GrantId.forTopUp(key, now);
    s.tx().putGrant(new GrantRecord(clinic, grant, Optional.of(key), what.pack(), units,
        Units.ZERO, Units.ZERO, Units.ZERO, priority, expiresAt, now, what.cost()));
    s.ledger(s.entry(LedgerKind.TOP_UP, row.period().start())
        .split(new Deduction(Units.ZERO, units, Units.ZERO, List.of(new GrantPart(grant, units))))
        .money(what.cost()).key(key).reason(what.pack().orElse(null)));
    if (bill) {
      billTopUp(s, transactionId, what, description, reference);
    }
    ToppedUp toppedUp = new ToppedUp(clinic, transactionId, units, what.cost(),
        s.addonAvailable(), what.pack(), reference, grant, expiresAt, priority);
    s.announce(toppedUp, l -> l.onToppedUp(toppedUp));
    s.rearmAlerts();
    return toppedUp;
  }

  /** Appends the billing line of a top-up's money, once it is collected. */
  static void billTopUp(ClinicSession s, String transactionId, Purchase what, String description,
      String reference) {
    s.tx().append(new BillingLine(s.account().clinic(), transactionId, BillingLineKind.TOP_UP,
        what.cost(), what.units(), description, reference, s.now()));
  }

  /** The gateway's line for {@code what}, in English: it reaches the provider's records. */
  static String paymentDescription(Purchase what) {
    return what.pack().map(p -> Messages.paymentLinePack(p, what.units()))
        .orElseGet(() -> Messages.paymentLine(what.units())).english();
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
        throw Messages.invalid("timing", Messages.REQUIRED);
      }
    } catch (InvalidArgumentException e) {
      return new PlanChangeInput(null, null, null, Refused.invalid(e));
    }
    Optional<Plan> to = catalog.plan(target);
    if (to.isEmpty()) {
      return new PlanChangeInput(clinic, key, null, Refused.of(RefusalCode.UNKNOWN_PLAN,
          Messages.unknownPlan(target)).about(clinic));
    }
    return new PlanChangeInput(clinic, key, to.get(), null);
  }

  PlanChangeResult quotePlanChange(PlanChangeRequest request) {
    PlanChangeInput input = planChangeInput(request);
    if (input.refusal() != null) {
      return in.refused(input.refusal());
    }
    ClinicId clinic = input.clinic();
    Instant now = clock.instant();
    ClinicView view;
    try {
      view = insights.view(clinic, false, now);
    } catch (com.bnaura.quota.QuotaRefusedException e) {
      return in.refused(e.refused());
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

  PlanChangeResult changePlan(PlanChangeRequest request) {
    PlanChangeInput input = planChangeInput(request);
    if (input.refusal() != null) {
      return in.refused(input.refusal());
    }
    ClinicId clinic = input.clinic();
    IdempotencyKey key = input.key();
    String fingerprint = Fingerprints.planChange(input.plan().id(), request.timing());
    Instant now = clock.instant();
    Step<PlanChangeResult> step = in.keyed("changePlan", LoadRequest.of(clinic).withKey(key), now,
        key, fingerprint, s -> {
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
      s.announce(changed, l -> l.onPlanChanged(changed));
      return new Step<>(changed, s.events());
    });
    return step.result();
  }

  /** Applies {@code next} to the current period and bills the change as {@link PlanProration} says. */
  private PlanChanged changeNow(ClinicSession s, PeriodRecord row, Plan from, Plan next) {
    Instant now = s.now();
    AccountRecord a = s.account();
    boolean unlimited = next.allowance().unlimited();
    Units granted = unlimited ? row.granted()
        : next.allowance().units().max(row.monthlyUsed().plus(row.monthlyReserved()));
    s.putPeriod(row.withGrant(next.id(), unlimited, granted));
    s.ledger(s.terms(s.entry(LedgerKind.GRANT_CHANGED, row.period().start()).units(granted)
        .reason(unlimited ? "UNLIMITED" : null), next));
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
        s.tx().append(new BillingLine(a.clinic(), "plan_" + UUID.randomUUID().toString()
            .replace("-", ""), BillingLineKind.PLAN_PRORATION, charge, Units.ZERO, description,
            "", now));
      } else if (from.monthlyPrice().exceeds(next.monthlyPrice())) {
        s.tx().append(new BillingLine(a.clinic(), "plan_" + UUID.randomUUID().toString()
            .replace("-", ""), BillingLineKind.PLAN_PRORATION_CREDIT, credit, Units.ZERO,
            description, "", now));
      }
    }
    return new PlanChanged(a.clinic(), from == null ? a.plan() : from.id(), next.id(), true, now,
        charge, credit);
  }
}
