package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.ReversalResult;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.Reversed;
import com.bnaura.quota.VoidGrantRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reversals: a charge refunded or disputed, its units going back to exactly the buckets and grants
 * they came from, and a grant voided, its unused units going and their money paid back through the
 * gateway. Each is an idempotent write whose ledger entries point to what they reverse.
 *
 * <p>The rules, in one place:
 *
 * <ul>
 *   <li>A reversal gives back at most what the charge took, less what earlier reversals of it
 *       gave back; a partial one gives back the charge's last units in deduction order (overage,
 *       then the grants from the one burned last, then monthly).
 *   <li>Monthly units go back to the allowance of the charge's period while it is open. Once it
 *       has closed they are not revived: they count as forfeited with that period, and the plan's
 *       {@link Plan#monthlyRefundPrice()}, if it has one, is credited for each.
 *   <li>Add-on units go back to the grants they came from, whatever period it is now. A grant
 *       that has expired since takes them back and they expire with it at once; a voided grant
 *       takes them back and voids them again, crediting their share of its price.
 *   <li>Overage units go back to the charge's period and their share of its overage money is
 *       credited.
 *   <li>The units given back are given back to the budgets of the staff member's branch and of
 *       the staff member who made the charge, in the charge's period.
 *   <li>A void takes a grant's free units at once and refuses while pending reservations hold
 *       some of it; the money follows through {@link PaymentGateway#refund}, recorded (a
 *       {@code CREDIT} entry and a {@code REFUND} billing line) once the gateway pays.
 * </ul>
 *
 * <p>The charge's own entries are append-only, so they are read before the decision; what earlier
 * reversals gave back is read inside it, after its load, so the version check of the write
 * proves it current.
 */
final class Reversals {
  private static final Logger log = LoggerFactory.getLogger(Reversals.class);
  /** The longest note a reversal takes. */
  static final int MAX_NOTE = 500;

  private final InClinic in;
  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final PaymentGateway payments;

  Reversals(InClinic in, QuotaStore store, Clock clock, QuotaCatalog catalog,
      PaymentGateway payments) {
    this.in = in;
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.payments = payments;
  }

  // ---- refunds and disputes ----

  ReversalResult reverseCharge(ReverseChargeRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    IdempotencyKey chargeKey;
    IdempotencyKey key;
    Optional<Units> units;
    Optional<String> note;
    try {
      clinic = new ClinicId(request.clinicId());
      chargeKey = keyOf("chargeKey", request.chargeKey());
      key = new IdempotencyKey(request.idempotencyKey());
      if (request.kind() == null) {
        throw Messages.invalid("kind", Messages.REQUIRED);
      }
      if (request.kind() == ReversalKind.VOID) {
        throw Messages.invalid("kind", Messages.NOT_A_CHARGE_REVERSAL, request.kind().name());
      }
      units = Optional.ofNullable(request.units());
      if (units.isPresent() && units.get().isZero()) {
        throw Messages.invalid("units", Messages.MORE_THAN_ZERO, units.get());
      }
      note = note(request.note());
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    ReversalKind kind = request.kind();
    Instant now = clock.instant();
    List<LedgerEntry> charged = store.ledgerByKey(clinic, chargeKey).stream()
        .filter(e -> isChargeOf(e, chargeKey))
        .toList();
    LoadRequest needs = LoadRequest.of(clinic).withKey(key);
    if (!charged.isEmpty()) {
      LedgerEntry last = charged.get(charged.size() - 1);
      needs = needs.withPeriod(last.periodStart());
      if (last.customer().isPresent()) {
        needs = needs.withCustomer(last.customer().get());
      }
    }
    String fingerprint = Fingerprints.reversal(kind.name(), chargeKey, units, note);
    LoadRequest load = needs;
    Step<ReversalResult> step = in.keyed("reverseCharge", load, now, key, fingerprint, s -> {
      s.current();
      Optional<Refused> refused = charged.isEmpty() ? Optional.of(notACharge(s, chargeKey))
          : Optional.empty();
      if (refused.isPresent()) {
        return Step.refusal(refused.get());
      }
      return reverse(s, kind, key, fingerprint, chargeKey, charged, units, note);
    });
    return step.result();
  }

  /** The refusal of a reversal of {@code chargeKey}, which names no charge. */
  private Refused notACharge(ClinicSession s, IdempotencyKey chargeKey) {
    ClinicId clinic = s.account().clinic();
    boolean held = false;
    boolean recorded = false;
    for (LedgerEntry e : store.ledgerByKey(clinic, chargeKey)) {
      if (e.key().filter(chargeKey::equals).isEmpty()) {
        continue;
      }
      held |= e.kind() == LedgerKind.HOLD;
      recorded |= e.kind() == LedgerKind.UNBILLED || e.kind() == LedgerKind.FAILED_CALL;
    }
    if (recorded) {
      return Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
          Messages.CHARGED_NOTHING, chargeKey.value())).about(clinic);
    }
    if (held) {
      return Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
          Messages.STILL_PENDING, chargeKey.value())).about(clinic);
    }
    return Refused.of(RefusalCode.UNKNOWN_CHARGE, Messages.unknownCharge(clinic, chargeKey))
        .about(clinic);
  }

  private Step<ReversalResult> reverse(ClinicSession s, ReversalKind kind, IdempotencyKey key,
      String fingerprint, IdempotencyKey chargeKey, List<LedgerEntry> charged,
      Optional<Units> asked, Optional<String> note) {
    ClinicId clinic = s.account().clinic();
    LedgerEntry original = charged.get(charged.size() - 1);
    Deduction total = Deduction.NONE;
    Money chargedMoney = s.zero();
    for (LedgerEntry e : charged) {
      total = total.plus(attributed(e.split()));
      chargedMoney = chargedMoney.plus(e.money());
    }
    if (total.isZero()) {
      return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
          Messages.CHARGED_NOTHING, chargeKey.value())).about(clinic));
    }
    Deduction before = Deduction.NONE;
    Money creditedBefore = s.zero();
    for (LedgerEntry e : reversalsOf(s, chargeKey)) {
      before = before.plus(e.split());
      creditedBefore = creditedBefore.plus(e.money());
    }
    Deduction left = total.minus(before);
    if (left.isZero()) {
      return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
          Messages.FULLY_REVERSED, chargeKey.value(), total.total())).about(clinic));
    }
    Units units = asked.orElse(left.total());
    if (units.compareTo(left.total()) > 0) {
      return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
          Messages.EXCEEDS_CHARGE, chargeKey.value(), left.total(), units)).about(clinic));
    }
    Deduction back = left.lastOf(units);
    // the overage money of the units given back, so that every reversal together credits exactly
    // the charge's overage money
    Money overageMoney = total.overage().isZero() ? s.zero()
        : chargedMoney.prorate(before.overage().plus(back.overage()).milli(),
            total.overage().milli()).minus(creditedBefore);

    Instant now = s.now();
    PeriodRecord row = s.period(original.periodStart());
    boolean closed = row.closed();
    s.putPeriod(row.withMonthlyUsed(row.monthlyUsed().minus(back.fromMonthly()))
        .withForfeited(closed ? row.forfeited().plus(back.fromMonthly()) : row.forfeited())
        .withAddonUsed(row.addonUsed().minus(back.fromAddon()))
        .withOverageUnits(row.overageUnits().minus(back.overage()))
        .withOverageCost(row.overageCost().minus(overageMoney)));
    List<GrantRecord> stored = null;
    for (GrantPart p : back.grants()) {
      if (s.tx().grant(p.grant()).isEmpty()) {
        if (stored == null) {
          stored = store.grants(clinic);
        }
        stored.stream().filter(g -> g.id().equals(p.grant())).findFirst()
            .ifPresent(s.tx()::adoptGrant);
      }
      GrantRecord g = s.tx().grant(p.grant()).orElseThrow(() -> new IllegalStateException(
          "clinic " + clinic + " has no grant " + p.grant() + " that charge " + chargeKey
              + " took units from"));
      s.tx().putGrant(g.withUsage(g.used().minus(p.units()), g.reserved()));
    }
    AccountRecord a = s.account();
    s.putAccount(a.withAddon(a.addonAvailable().plus(back.fromAddon()), a.addonReserved(),
        a.addonPurchased(), a.addonUsed().minus(back.fromAddon()), now));
    s.ledger(s.entry(LedgerKind.REVERSAL, original.periodStart()).split(back).money(overageMoney)
        .key(key).reverses(Optional.of(chargeKey)).reason(kind.name())
        .operation(original.operation().orElseThrow()).user(original.user())
        .window(original.customer(), original.windowOpenedAt()));
    lowerWindow(s, original, back.total());
    s.giveBackBudgets(original.user(), original.periodStart(), back.total());

    Money credited = overageMoney;
    if (!overageMoney.isZero()) {
      credit(s, key, chargeKey, back.overage(), overageMoney, "OVERAGE",
          Messages.line(Messages.CREDIT_OVERAGE, back.overage(), chargeKey.value()), note);
    }
    Units notRevived = closed ? back.fromMonthly() : Units.ZERO;
    if (notRevived.isPositive()) {
      s.ledger(s.entry(LedgerKind.FORFEIT, original.periodStart())
          .split(new Deduction(notRevived, Units.ZERO, Units.ZERO)).key(key)
          .reverses(Optional.of(chargeKey)).reason("REVERSED_AFTER_CLOSE"));
      Optional<Money> price = original.plan().or(() -> Optional.of(row.plan()))
          .flatMap(catalog::plan).flatMap(Plan::monthlyRefundPrice);
      if (price.isPresent()) {
        Money monthlyCredit = price.get().prorate(notRevived.milli(), 1000);
        if (!monthlyCredit.isZero()) {
          credited = credited.plus(monthlyCredit);
          credit(s, key, chargeKey, notRevived, monthlyCredit, "MONTHLY",
              Messages.line(Messages.CREDIT_MONTHLY, notRevived, chargeKey.value()), note);
        }
      }
    }
    Units lapsed = Units.ZERO;
    for (GrantPart p : back.grants()) {
      GrantRecord g = s.tx().grant(p.grant()).orElseThrow();
      if (g.isVoided()) {
        Money share = voidUnits(s, g, p.units(), g.voidedAt().orElseThrow(), key);
        if (!share.isZero()) {
          credited = credited.plus(share);
          credit(s, key, chargeKey, p.units(), share, "VOIDED_PACK",
              Messages.line(Messages.CREDIT_VOIDED, p.units(), g.pack().orElse(g.id().value()),
                  chargeKey.value()), note);
        }
      } else if (g.isExpiredAt(now)) {
        lapsed = lapsed.plus(p.units());
      }
    }
    s.settleGrants();
    s.rearmAlerts();
    Reversed reversed = new Reversed(clinic, kind, key, Optional.of(chargeKey), Optional.empty(),
        units, back, notRevived, lapsed, credited, Optional.empty(), now);
    s.remember(key, fingerprint, reversed);
    s.announce(reversed, l -> l.onReversed(reversed));
    return new Step<>(reversed, s.events());
  }

  /** Whether {@code e} is an entry of the charge under {@code key}. */
  private static boolean isChargeOf(LedgerEntry e, IdempotencyKey key) {
    return (e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.COMMIT)
        && e.key().filter(key::equals).isPresent() && e.operation().isPresent();
  }

  /**
   * {@code split} with its add-on part named: a split written before grants existed names none,
   * and its add-on units came from the grant that holds that balance.
   */
  private static Deduction attributed(Deduction split) {
    if (split.fromAddon().isPositive() && split.grants().isEmpty()) {
      return split.withGrants(List.of(new GrantPart(GrantRecord.BEFORE_GRANTS,
          split.fromAddon())));
    }
    return split;
  }

  /** The reversal entries of the charge {@code chargeKey}: stored, and staged in {@code s}. */
  private List<LedgerEntry> reversalsOf(ClinicSession s, IdempotencyKey chargeKey) {
    List<LedgerEntry> found = new ArrayList<>();
    for (List<LedgerEntry> entries : List.of(store.ledgerByKey(s.account().clinic(), chargeKey),
        s.tx().stagedLedger())) {
      for (LedgerEntry e : entries) {
        if (e.kind() == LedgerKind.REVERSAL
            && e.reverses().filter(chargeKey::equals).isPresent()) {
          found.add(e);
        }
      }
    }
    return found;
  }

  /** Takes {@code units} the charge gave back off the repeat-scan window it paid into. */
  private static void lowerWindow(ClinicSession s, LedgerEntry original, Units units) {
    if (original.customer().isEmpty() || units.isZero()) {
      return;
    }
    s.tx().repeatWindow(original.customer().get())
        .filter(w -> RepeatScans.paidInto(w, original.at()))
        .ifPresent(w -> RepeatScans.afterReturn(w, units).ifPresentOrElse(s.tx()::putRepeatWindow,
            () -> s.tx().removeRepeatWindow(w.customer())));
  }

  /** Records {@code money} credited to the clinic: a ledger entry and a credit billing line. */
  private static void credit(ClinicSession s, IdempotencyKey key, IdempotencyKey chargeKey,
      Units units, Money money, String reason, LocalizedText line, Optional<String> note) {
    s.ledger(s.entry(LedgerKind.CREDIT, s.current().period().start()).units(units).money(money)
        .key(key).reverses(Optional.of(chargeKey)).reason(reason));
    s.tx().append(new BillingLine(s.account().clinic(), lineId("credit", key, reason),
        BillingLineKind.CREDIT, money, units, withNote(line.english(), note), "", s.now()));
  }

  /**
   * Voids {@code units} of the free units of {@code g} (voided at {@code voidedAt}): they stop
   * counting, with a {@code GRANT_VOIDED} entry. Returns their share of the grant's price.
   */
  private static Money voidUnits(ClinicSession s, GrantRecord g, Units units, Instant voidedAt,
      IdempotencyKey key) {
    s.tx().putGrant(g.voided(voidedAt, g.expired().plus(units)));
    AccountRecord a = s.account();
    s.putAccount(a.withAddon(a.addonAvailable().minus(units), a.addonReserved(),
        a.addonPurchased(), a.addonUsed(), a.addonExpired().plus(units), s.now()));
    s.ledger(s.entry(LedgerKind.GRANT_VOIDED, s.current().period().start())
        .split(new Deduction(Units.ZERO, units, Units.ZERO, List.of(new GrantPart(g.id(), units))))
        .key(key).reverses(g.key()).reason(ReversalKind.VOID.name()));
    return g.price().prorate(units.milli(), g.granted().milli());
  }

  // ---- voids ----

  ReversalResult voidGrant(VoidGrantRequest request) {
    Objects.requireNonNull(request, "request");
    ClinicId clinic;
    GrantId grantId;
    IdempotencyKey key;
    Optional<String> note;
    try {
      clinic = new ClinicId(request.clinicId());
      if (request.grantId() == null) {
        throw Messages.invalid("grantId", Messages.REQUIRED);
      }
      grantId = GrantId.of(request.grantId());
      key = new IdempotencyKey(request.idempotencyKey());
      note = note(request.note());
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = Fingerprints.voidGrant(grantId, note);
    LoadRequest needs = LoadRequest.of(clinic).withKey(key);
    Step<ReversalResult> step = in.keyed("voidGrant", needs, now, key, fingerprint, s -> {
      s.current();
      Optional<GrantRecord> found = s.tx().grant(grantId);
      if (found.isEmpty()) {
        store.grants(clinic).stream().filter(g -> g.id().equals(grantId)).findFirst()
            .ifPresent(s.tx()::adoptGrant);
        found = s.tx().grant(grantId);
      }
      if (found.isEmpty()) {
        return Step.refusal(Refused.of(RefusalCode.UNKNOWN_GRANT,
            Messages.unknownGrant(clinic, grantId)).about(clinic));
      }
      GrantRecord g = found.get();
      if (g.isVoided()) {
        return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
            Messages.GRANT_VOIDED, grantId.value(), g.voidedAt().orElseThrow())).about(clinic));
      }
      if (g.reserved().isPositive()) {
        return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
            Messages.GRANT_HELD, grantId.value(), g.reserved())).about(clinic));
      }
      Units unused = g.available(s.now());
      if (unused.isZero()) {
        return Step.refusal(Refused.of(RefusalCode.NOT_REVERSIBLE, Messages.notReversible(
            Messages.GRANT_EMPTY, grantId.value())).about(clinic));
      }
      Money amount = voidUnits(s, g, unused, s.now(), key);
      s.checkAlerts(false);
      Reversed voided = new Reversed(clinic, ReversalKind.VOID, key, Optional.empty(),
          Optional.of(grantId), unused, Deduction.NONE, Units.ZERO, Units.ZERO, s.zero(),
          Optional.of(new Reversed.Refund(amount, Reversed.RefundState.PENDING, "", "")),
          s.now());
      s.remember(key, fingerprint, voided);
      s.announce(voided, l -> l.onReversed(voided));
      return new Step<>(voided, s.events());
    });
    if (!(step.result() instanceof Reversed voided)) {
      return step.result();
    }
    Reversed.Refund refund = voided.refund().orElseThrow();
    if (refund.state() == Reversed.RefundState.PAID) {
      return voided;
    }
    return payBack(clinic, key, fingerprint, grantId, note, voided, refund);
  }

  /**
   * Pays a void's money back through the gateway and records the answer with the void's stored
   * outcome. A gateway that fails leaves the refund pending: the void's key asks again.
   */
  private ReversalResult payBack(ClinicId clinic, IdempotencyKey key, String fingerprint,
      GrantId grantId, Optional<String> note, Reversed voided, Reversed.Refund refund) {
    GrantRecord g = store.grants(clinic).stream().filter(x -> x.id().equals(grantId))
        .findFirst().orElseThrow(() -> new IllegalStateException("clinic " + clinic
            + " has no grant " + grantId + " that void " + key + " voided"));
    String description = withNote(Messages.line(Messages.REFUND_LINE,
        g.pack().orElse("add-on"), voided.units(), g.granted()).english(), note);
    if (refund.amount().isZero()) {
      return settleRefund(clinic, key, fingerprint, g, description, voided,
          PaymentGateway.Result.accepted(""), refund);
    }
    PaymentGateway.Result answer;
    try {
      answer = payments.refund(new PaymentGateway.Refund(clinic, key, lineId("refund", key, ""),
          purchaseReference(clinic, g), refund.amount(), description));
    } catch (RuntimeException e) {
      log.warn("refund of void {} at clinic {} failed; it stays pending and the void's key asks "
          + "the gateway again", key, clinic, e);
      return voided;
    }
    return settleRefund(clinic, key, fingerprint, g, description, voided, answer, refund);
  }

  private ReversalResult settleRefund(ClinicId clinic, IdempotencyKey key, String fingerprint,
      GrantRecord g, String description, Reversed voided, PaymentGateway.Result answer,
      Reversed.Refund refund) {
    Instant now = clock.instant();
    Step<ReversalResult> settled = in.transaction("voidGrant refund",
        LoadRequest.of(clinic).withKey(key), tx -> {
          ClinicSession s = in.session(tx, now).orElseThrow();
          Reversed r = s.replay(key, fingerprint).filter(Reversed.class::isInstance)
              .map(Reversed.class::cast).orElse(voided);
          if (r.refund().map(Reversed.Refund::state).orElse(null)
              == Reversed.RefundState.PAID) {
            return InClinic.withEventsOf(s, Step.replayed(r));
          }
          Reversed done;
          if (answer.accepted()) {
            if (!refund.amount().isZero()) {
              s.ledger(s.entry(LedgerKind.CREDIT, s.current().period().start())
                  .units(r.units()).money(refund.amount()).key(key).reverses(g.key())
                  .reason("PACK_REFUND"));
              tx.append(new BillingLine(clinic, lineId("refund", key, ""),
                  BillingLineKind.REFUND, refund.amount(), r.units(), description,
                  answer.reference(), now));
            }
            done = r.withRefund(new Reversed.Refund(refund.amount(), Reversed.RefundState.PAID,
                answer.reference(), ""));
          } else {
            done = r.withRefund(new Reversed.Refund(refund.amount(),
                Reversed.RefundState.DECLINED, "", answer.declineReason()));
          }
          s.remember(key, fingerprint, done);
          return InClinic.withEventsOf(s, new Step<>(done, s.events()));
        });
    return settled == null || settled.result() == null ? voided : settled.result();
  }

  /** The gateway's reference of the purchase that opened {@code g}, or empty if none is known. */
  private String purchaseReference(ClinicId clinic, GrantRecord g) {
    for (BillingLine b : store.billingLines(clinic)) {
      if (b.kind() == BillingLineKind.TOP_UP && b.at().equals(g.createdAt())
          && b.units().equals(g.granted())) {
        return b.paymentReference();
      }
    }
    return "";
  }

  /** A billing line's id derived from the reversal's key, the same on every retry. */
  private static String lineId(String prefix, IdempotencyKey key, String part) {
    return prefix + "_" + UUID.nameUUIDFromBytes((key.value() + "|" + part)
        .getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  /** {@code line} with the reversal's note, if it has one. */
  private static String withNote(String line, Optional<String> note) {
    return note.map(n -> line + " (" + n + ")").orElse(line);
  }

  private static IdempotencyKey keyOf(String field, String value) {
    try {
      return new IdempotencyKey(value);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(field, e.reasonText());
    }
  }

  private static Optional<String> note(String note) {
    if (note == null || note.isBlank()) {
      return Optional.empty();
    }
    if (note.length() > MAX_NOTE) {
      throw Messages.invalid("note", Messages.TOO_LONG, (long) MAX_NOTE, (long) note.length());
    }
    return Optional.of(note.strip());
  }
}
