package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import java.time.Instant;

/**
 * The engine's words for people as message codes and their arguments; the patterns, in English
 * and Thai, are in {@code com/bnaura/quota/messages*.properties}. Every code the engine sends is
 * a constant here.
 */
final class Messages {
  static final String CONSENT = "refused.quota_exceeded.consent";
  static final String BLOCKED = "refused.quota_exceeded.blocked";
  static final String CAP = "refused.quota_exceeded.cap";
  static final String UNITS_LIMIT = "refused.quota_exceeded.units_limit";
  /** {0} the branch's name, {1} its budget, {2} used, {3} asked, {4} left. */
  static final String BRANCH_BUDGET = "refused.quota_exceeded.branch_budget";
  /** {0} the user id, {1} their budget, {2} used, {3} asked, {4} left. */
  static final String STAFF_BUDGET = "refused.quota_exceeded.staff_budget";
  static final String OVERAGE_LIMIT = "refused.quota_exceeded.overage_limit";
  /** {0} most calls, {1} what, {2} whose, {3} the window, {4} its end, {5} seconds to wait. */
  static final String RATE_LIMITED_CAP = "refused.rate_limited.cap";
  /** {0} the operation id. */
  static final String CAP_OPERATION = "word.cap.operation";
  static final String CAP_EVERY_OPERATION = "word.cap.every_operation";
  static final String CAP_PER_STAFF = "word.cap.per_staff";
  static final String CAP_PER_CLINIC = "word.cap.per_clinic";
  static final String CAP_MINUTE = "word.cap.minute";
  static final String CAP_HOUR = "word.cap.hour";
  static final String CAP_DAY = "word.cap.day";
  static final String UNKNOWN_CLINIC = "refused.unknown_clinic";
  static final String UNKNOWN_OPERATION = "refused.unknown_operation";
  static final String UNKNOWN_PLAN = "refused.unknown_plan";
  static final String PLAN_MISSING = "refused.unknown_plan.missing";
  static final String UNKNOWN_RESERVATION = "refused.unknown_reservation";
  static final String ALREADY_COMMITTED = "refused.reservation_not_open.already_committed";
  static final String COMMITTED = "refused.reservation_not_open.committed";
  static final String RELEASED = "refused.reservation_not_open.released";
  static final String EXPIRED_ALREADY_COMMITTED_LATE =
      "refused.reservation_not_open.expired_already_committed_late";
  static final String EXPIRED_COMMITTED_LATE =
      "refused.reservation_not_open.expired_committed_late";
  static final String KEY_REUSED = "refused.idempotency_key_reused";
  static final String PAYMENT_DECLINED = "refused.payment_declined";
  static final String UNKNOWN_CHARGE = "refused.unknown_charge";
  static final String UNKNOWN_GRANT = "refused.unknown_grant";
  /** {0} the charge's key, {1} the units it charged. */
  static final String FULLY_REVERSED = "refused.not_reversible.fully_reversed";
  /** {0} the charge's key, {1} the units left to reverse, {2} the units asked. */
  static final String EXCEEDS_CHARGE = "refused.not_reversible.exceeds";
  /** {0} the key of a reservation still pending. */
  static final String STILL_PENDING = "refused.not_reversible.pending";
  /** {0} the key of usage that charged no units. */
  static final String CHARGED_NOTHING = "refused.not_reversible.charged_nothing";
  /** {0} the grant, {1} the units pending reservations hold of it. */
  static final String GRANT_HELD = "refused.not_reversible.grant_held";
  /** {0} the grant. */
  static final String GRANT_EMPTY = "refused.not_reversible.grant_empty";
  /** {0} the grant, {1} when it was voided. */
  static final String GRANT_VOIDED = "refused.not_reversible.grant_voided";
  /** {0} the kind given. */
  static final String NOT_A_CHARGE_REVERSAL = "invalid.not_a_charge_reversal";
  /** {0} the longest length, {1} the length given (the same reason the model package sends). */
  static final String TOO_LONG = "invalid.too_long";
  static final String REGISTRATION_CONFLICT = "refused.registration_conflict";
  // reasons of INVALID_ARGUMENT (the values of the model package send their own, in its Reasons)
  static final String REQUIRED = "invalid.required";
  static final String NEGATIVE = "invalid.negative";
  static final String BETWEEN = "invalid.between";
  static final String MORE_THAN_ZERO = "invalid.more_than_zero";
  static final String TTL = "invalid.ttl";
  static final String MORE_THAN_RESERVED = "invalid.more_than_reserved";
  static final String ZERO_WITH_PACK = "invalid.zero_with_pack";
  static final String UNKNOWN_PACK = "invalid.unknown_pack";
  static final String WHOLE_NUMBER_FROM = "invalid.whole_number_from";
  /** Both {@code validFor} and {@code expiresAt} set. */
  static final String EXPIRY_TWICE = "invalid.expiry_twice";
  /** {0} the duration given. */
  static final String POSITIVE_DURATION = "invalid.positive_duration";
  /** {0} the instant given, {1} the purchase's instant. */
  static final String EXPIRY_NOT_AFTER_PURCHASE = "invalid.expiry_not_after_purchase";
  static final String OPENING_DAYS = "invalid.opening_days";
  static final String IN_THE_FUTURE = "invalid.in_the_future";
  static final String BEFORE_FIRST_PERIOD = "invalid.before_first_period";
  static final String UNKNOWN_ZONE = "invalid.unknown_zone";
  /** {0} the branch id, {1} the clinic. */
  static final String UNKNOWN_BRANCH = "invalid.unknown_branch";
  static final String TOP_UP_TOO_LARGE = "invalid.top_up_too_large";
  static final String PAYMENT_LINE = "payment.top_up";
  static final String PAYMENT_LINE_PACK = "payment.top_up_pack";
  /** {0} the pack (or "add-on"), {1} the unused units refunded, {2} the units it granted. */
  static final String REFUND_LINE = "payment.refund";
  /** {0} the units whose overage money is credited, {1} the charge's key. */
  static final String CREDIT_OVERAGE = "credit.overage";
  /** {0} the monthly units of a closed period credited, {1} the charge's key. */
  static final String CREDIT_MONTHLY = "credit.monthly";
  /** {0} the units given back to a voided pack, {1} the pack, {2} the charge's key. */
  static final String CREDIT_VOIDED = "credit.voided";
  /** Both or neither of the thresholds set. */
  static final String THRESHOLD_ONE = "invalid.threshold_one";
  /** {0} the currency expected, {1} the one given. */
  static final String CURRENCY = "invalid.currency";
  /** {0} the price of one purchase, {1} the ceiling given. */
  static final String CEILING_BELOW_PRICE = "invalid.ceiling_below_price";
  /** {0} units, {1} money, {2} the gateway's reason. */
  static final String AUTO_TOP_UP_FAILED = "auto_top_up.failed";
  /** {0} the price, {1} the ceiling, {2} spent so far. */
  static final String AUTO_TOP_UP_CEILING = "auto_top_up.ceiling";
  static final String WORD_NONE = "word.none";
  static final String WORD_PLANS_OWN = "word.plans_own";

  private Messages() {}

  static LocalizedText consent(Money pricePerUnit, Money cost) {
    return LocalizedText.of(CONSENT, pricePerUnit, cost);
  }

  static LocalizedText blocked(Units needed, Units remaining) {
    return LocalizedText.of(BLOCKED, needed, remaining);
  }

  /** {0} this request's overage, {1} the period's overage with it, {2} the cap, {3} used so far. */
  static LocalizedText cap(Money cap, Money used, Money asked) {
    return LocalizedText.of(CAP, asked, used.plus(asked), cap, used);
  }

  static LocalizedText unitsLimit(Units asked, Units limit) {
    return LocalizedText.of(UNITS_LIMIT, asked, limit);
  }

  static LocalizedText overageLimit(Money asked, Money limit) {
    return LocalizedText.of(OVERAGE_LIMIT, asked, limit);
  }

  /** The refusal of a request for a clinic that is not registered. */
  static Refused unknownClinic(ClinicId clinic) {
    return Refused.of(RefusalCode.UNKNOWN_CLINIC, LocalizedText.of(UNKNOWN_CLINIC, clinic.value()))
        .about(clinic);
  }

  static LocalizedText unknownOperation(String name) {
    return LocalizedText.of(UNKNOWN_OPERATION, name);
  }

  static LocalizedText unknownPlan(PlanId plan) {
    return LocalizedText.of(UNKNOWN_PLAN, plan.value());
  }

  static LocalizedText planMissing(ClinicId clinic, PlanId plan) {
    return LocalizedText.of(PLAN_MISSING, clinic.value(), plan.value());
  }

  static LocalizedText unknownReservation(ClinicId clinic, ReservationId id) {
    return LocalizedText.of(UNKNOWN_RESERVATION, id.value(), clinic.value());
  }

  /** A reservation that is not open: {@code code} says why, {@code at} when it was settled. */
  static LocalizedText notOpen(String code, ReservationId id, Instant at) {
    return LocalizedText.of(code, id.value(), at);
  }

  /** A reservation that expired and was committed late. */
  static LocalizedText notOpen(String code, ReservationId id) {
    return LocalizedText.of(code, id.value());
  }

  static LocalizedText keyReused(IdempotencyKey key, Instant usedAt) {
    return LocalizedText.of(KEY_REUSED, key.value(), usedAt);
  }

  static LocalizedText paymentDeclined(Money cost, String reason) {
    return LocalizedText.of(PAYMENT_DECLINED, cost, reason);
  }

  /**
   * {0} the clinic, {1} the field, {2} the stored value, {3} the asked value, {4} the method that
   * changes it; a value is text or a word ({@link #WORD_NONE}, {@link #WORD_PLANS_OWN}).
   */
  static LocalizedText registrationConflict(ClinicId clinic, String field, Object stored,
      Object asked, String how) {
    return LocalizedText.of(REGISTRATION_CONFLICT, clinic.value(), field, stored, asked, how);
  }

  /** A bad value of {@code field}: why, as the reason {@code code} with its arguments. */
  static InvalidArgumentException invalid(String field, String code, Object... args) {
    return new InvalidArgumentException(field, LocalizedText.of(code, args));
  }

  /** The payment gateway's line for a top-up of a count of units. */
  static LocalizedText paymentLine(Units units) {
    return LocalizedText.of(PAYMENT_LINE, units);
  }

  /** The payment gateway's line for a named pack: {0} its name, {1} its units. */
  static LocalizedText paymentLinePack(String pack, Units units) {
    return LocalizedText.of(PAYMENT_LINE_PACK, pack, units);
  }

  static LocalizedText unknownCharge(ClinicId clinic, IdempotencyKey key) {
    return LocalizedText.of(UNKNOWN_CHARGE, key.value(), clinic.value());
  }

  static LocalizedText unknownGrant(ClinicId clinic, GrantId grant) {
    return LocalizedText.of(UNKNOWN_GRANT, grant.value(), clinic.value());
  }

  static LocalizedText notReversible(String code, Object... args) {
    return LocalizedText.of(code, args);
  }

  static LocalizedText line(String code, Object... args) {
    return LocalizedText.of(code, args);
  }

  /** The owner's alert of a failed auto top-up payment. */
  static LocalizedText autoTopUpFailed(Units units, Money amount, String reason) {
    return LocalizedText.of(AUTO_TOP_UP_FAILED, units, amount, reason);
  }

  /** The owner's notice that the ceiling stopped an auto top-up. */
  static LocalizedText autoTopUpCeiling(Money price, Money ceiling, Money spent) {
    return LocalizedText.of(AUTO_TOP_UP_CEILING, price, ceiling, spent);
  }

  static LocalizedText word(String code) {
    return LocalizedText.of(code);
  }
}
