package com.bnaura.quota;

import com.bnaura.quota.internal.DefaultQuotaService;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Meters, enforces and bills the AI calls of many clinics: the one entry point of Aura Quota.
 *
 * <p>Before every AI call the host asks "may this clinic do this, and what does it cost?". The safe
 * way around a slow call is reserve, then commit or release:
 *
 * <pre>{@code
 * QuotaService quotas = QuotaService.builder()
 *     .store(QuotaStore.inMemory())
 *     .clock(Clock.systemUTC())
 *     .build();
 * quotas.registerClinic(ClinicRegistration.builder("clinic-42", "professional").build());
 *
 * switch (quotas.tryReserve(UsageRequest.builder("clinic-42", OperationId.QUICK_SCAN, requestId)
 *     .customerRef(customerId).build())) {
 *   case Reserved r -> {
 *     try {
 *       var answer = callGemini();
 *       quotas.tryCommit(CommitRequest.of("clinic-42", r.id().value()));
 *     } catch (IOException e) {
 *       quotas.tryRelease("clinic-42", r.id().value());
 *     }
 *   }
 *   case Refused no -> showBuyMoreScans(no.shortfall());
 * }
 * }</pre>
 *
 * <p>Every charge takes the monthly allowance first, then the add-on grants (lower priority first,
 * then the soonest expiry, then the oldest; a grant stops counting at its expiry), then overage as
 * the clinic's {@link com.bnaura.quota.model.OveragePolicy} allows. Every write takes an idempotency key
 * (commit and release are idempotent by reservation): the same key with the same parameters replays
 * the first outcome; with other parameters it is {@code IDEMPOTENCY_KEY_REUSED}. Refusals are
 * values; the {@code ...OrThrow} variants throw {@link QuotaRefusedException} instead. A failing
 * store throws {@link QuotaStoreException} and is never turned into a grant or a refusal.
 *
 * <p>To see a clinic's quota: {@link #status} for a dashboard that polls, {@link #usageStats} for
 * a period's breakdown, {@link #forecast} for the burn rate and run-out dates, {@link
 * #recommendations} for what to buy; alerts arrive through {@link QuotaListener#onAlert}, their
 * recoveries through {@link QuotaListener#onRecovered} and each period reset through {@link
 * QuotaListener#onPeriodReset}. Those
 * reads are cached per instance and never decide a grant. {@link #statement} lists a period's
 * every ledger entry, read from the store on each call; {@link #receipt} and {@link #receipts}
 * read the receipt of each charge from the ledger.
 *
 * <p>Implementations are thread-safe; many instances may share one database store.
 */
public interface QuotaService extends AutoCloseable {

  /** A builder for a quota service. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a clinic's account with the registration's plan and settings.
   *
   * <p>Idempotent for identical settings: registering an existing clinic with the same plan and
   * settings (defaults filled in) answers {@link Registered} with {@code created=false} and changes
   * nothing. A registration that differs from the stored account in its plan or any setting is
   * refused with {@link RefusalCode#REGISTRATION_CONFLICT} (HTTP 409), naming the first differing
   * field in {@link Refused#field()}; nothing changes. Move the plan with {@link #changePlan} and
   * the other settings with {@link #updateSettings}.
   *
   * @return {@link Registered}, or {@link Refused} with {@code INVALID_ARGUMENT}, {@code
   *     UNKNOWN_PLAN} or {@code REGISTRATION_CONFLICT}
   */
  RegistrationResult registerClinic(ClinicRegistration registration);

  /**
   * Replaces the settings of a registered clinic's account (zone, reset day, overage policy, cap
   * and per-request limits; not the plan): see {@link ClinicSettings}. Sending the same settings
   * again changes nothing.
   *
   * @return {@link Registered} with {@code created=false} and the settings now in force, or {@link
   *     Refused} with {@code INVALID_ARGUMENT} or {@code UNKNOWN_CLINIC}
   */
  RegistrationResult updateSettings(ClinicSettings settings);

  /**
   * Defines a branch of the clinic, or changes its name or monthly budget: the units its staff
   * may be charged per period together, checked after the clinic's balance and before each staff
   * member's own budget (see {@link #assignStaff}). A budget counts units charged and held in the
   * clinic's current period and starts from zero each period; without one ({@code null}) the
   * branch's usage is still counted for {@link #branches}. A charge that would take the branch
   * past its budget is refused {@code QUOTA_EXCEEDED} naming the branch, its figures and that the
   * owner can raise it.
   *
   * <pre>{@code
   * quotas.defineBranch("clinic-42", "phuket", "Phuket", "50", "branch-phuket-1");
   * quotas.assignStaff("clinic-42", "nurse-7", "phuket", "20", "staff-nurse-7-1");
   * }</pre>
   *
   * @param branchId the branch id, unique in the clinic
   * @param name the name people see
   * @param monthlyBudget whole or decimal units from zero, or {@code null} for no budget
   * @param idempotencyKey the caller's request id: the same key with the same values replays
   * @return {@link BudgetSet}, or {@link Refused} with {@code INVALID_ARGUMENT} (naming {@code
   *     branchId}, {@code name}, {@code monthlyBudget} or {@code idempotencyKey}), {@code
   *     UNKNOWN_CLINIC} or {@code IDEMPOTENCY_KEY_REUSED}
   */
  BudgetResult defineBranch(String clinicId, String branchId, String name, String monthlyBudget,
      String idempotencyKey);

  /**
   * Puts a staff member (a user id, as requests name it) in a branch, with their own monthly
   * budget or none ({@code null}); calling it again moves them or changes the budget. Their
   * charges are then checked against the clinic's balance, the branch's budget and their own, in
   * that order, in the same step as the charge; a user in no branch meets the clinic's balance
   * only.
   *
   * @return {@link BudgetSet}, or {@link Refused} with {@code INVALID_ARGUMENT} (naming {@code
   *     userId}, {@code branchId} — also when the clinic has no such branch —, {@code
   *     monthlyBudget} or {@code idempotencyKey}), {@code UNKNOWN_CLINIC} or {@code
   *     IDEMPOTENCY_KEY_REUSED}
   */
  BudgetResult assignStaff(String clinicId, String userId, String branchId, String monthlyBudget,
      String idempotencyKey);

  /**
   * The clinic's branches in the current period, by id: each with its budget, the units charged
   * and held by its staff, what is left, each staff member's share, and the burn forecast of its
   * budget on the service's default opening days. Read from the store on each call.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  List<BranchStatus> branches(String clinicId);

  /**
   * Checks and holds the units of an operation until commit, release or expiry.
   *
   * <p>The request is refused with {@code QUOTA_EXCEEDED} when its units (rate times quantity)
   * exceed the clinic's most-units-per-request, when its overage would cost more than its
   * most-overage-money-per-request (see {@link com.bnaura.quota.model.RequestLimits}), or when the
   * balance and the overage policy and cap do not let it through; the refusal's message says which
   * limit, its value and what was asked. A refusal holds nothing and is replayed for its key.
   */
  ReserveResult tryReserve(UsageRequest request);

  /**
   * Like {@link #tryReserve} but throws on refusal.
   *
   * @throws QuotaRefusedException if refused
   */
  default Reserved reserveOrThrow(UsageRequest request) {
    ReserveResult result = tryReserve(request);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return (Reserved) result;
  }

  /**
   * Turns a reservation into a charge, fully or partly.
   *
   * <p>The units committed are held against the clinic's per-request limits in force now: a commit
   * over one (a limit lowered since the reservation) is refused with {@code QUOTA_EXCEEDED} and
   * leaves the reservation pending, to be committed with fewer units or released. A commit after
   * the reservation expired is charged afresh by the normal order, policy and limits, and recorded
   * as unbilled if they refuse it.
   */
  CommitResult tryCommit(CommitRequest request);

  /**
   * Like {@link #tryCommit} but throws on refusal.
   *
   * @throws QuotaRefusedException if refused
   */
  default Committed commitOrThrow(CommitRequest request) {
    CommitResult result = tryCommit(request);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return (Committed) result;
  }

  /** Gives a reservation's units back (the AI call failed). Idempotent. */
  ReleaseResult tryRelease(String clinicId, String reservationId);

  /**
   * The state of a reservation now: {@code PENDING} until it is committed, released or expired (a
   * pending reservation past its TTL reads as {@code EXPIRED}). A caller that reserves with a
   * request id it may have used before checks this before making the AI call: {@link #tryReserve}
   * replays a finished reservation for a reused key exactly as it first answered.
   *
   * @throws QuotaRefusedException for an unknown clinic or reservation, or a malformed id
   */
  com.bnaura.quota.spi.ReservationState reservationState(String clinicId, String reservationId);

  /**
   * Checks and charges an operation in one atomic step, refusing exactly as {@link #tryReserve}
   * does (balance, overage policy and cap, and the per-request limits).
   */
  ConsumeResult tryConsume(UsageRequest request);

  /**
   * Like {@link #tryConsume} but throws on refusal.
   *
   * @throws QuotaRefusedException if refused
   */
  default Consumed consumeOrThrow(UsageRequest request) {
    ConsumeResult result = tryConsume(request);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return (Consumed) result;
  }

  /**
   * Records an AI call that already happened (seed 000's {@code recordUsage}). A successful call is
   * charged like {@link #tryConsume}, except that usage the policy would refuse is recorded as
   * unbilled rather than lost; a failed call is logged and charges nothing.
   *
   * @param clinicId the clinic
   * @param userId the user, or {@code null}
   * @param scanType an operation id or alias ({@code quick}, {@code detailed})
   * @param successful whether the AI call succeeded
   * @param idempotencyKey the caller's request id
   */
  ConsumeResult recordUsage(String clinicId, String userId, String scanType, boolean successful,
      String idempotencyKey);

  /**
   * Records an operation the host answered from its own cache of identical inputs, without an AI
   * call: a usage line of zero units and zero money with reason {@link
   * com.bnaura.quota.model.Charge#CACHED_ANSWER}. It charges nothing, holds nothing, opens no
   * repeat-scan window and is never refused by the balance, the overage policy or the per-request
   * limits; the stats count it as a charge of zero units (in {@link UsageStats#charged()}, by
   * operation, user and day) and in {@link UsageStats#cachedAnswers()}, with the units the
   * operation is rated at as waived.
   *
   * <p>Idempotent by the request's key like every write: the same key with the same request
   * replays the first outcome and writes no second line; the same key with another request, or a
   * key already used by another write, is {@code IDEMPOTENCY_KEY_REUSED}. The request's overage
   * consent and TTL are checked like any request's but have no effect.
   *
   * @return {@link Consumed} with {@code billed=true}, a free charge whose exemption is {@code
   *     CACHED_ANSWER}, and the balance left; or {@link Refused} with {@code INVALID_ARGUMENT},
   *     {@code UNKNOWN_OPERATION}, {@code UNKNOWN_CLINIC} or {@code IDEMPOTENCY_KEY_REUSED}
   */
  ConsumeResult recordCachedAnswer(UsageRequest request);

  /**
   * Answers, without holding anything, whether one operation would be allowed now (seed 000's
   * {@code checkQuotaAvailability}), by the same rules a reserve of it would meet. {@link
   * Availability#willIncurCharge()} is true whenever that charge would bill overage: when it can
   * proceed and bills overage (policy {@code AUTO}), or when it can proceed only once the charge is
   * accepted ({@code CONSENT}); {@link Availability#estimatedCost()} is that overage money.
   *
   * @throws QuotaRefusedException for an unknown clinic or operation, or a malformed id
   */
  Availability checkQuotaAvailability(String clinicId, String operation);

  /**
   * Buys add-on units as a grant of their own: the payment goes through the {@link
   * com.bnaura.quota.spi.PaymentGateway}, then the grant opens with the request's (or the pack's)
   * expiry and priority; without either it never expires. Grants burn after the monthly allowance,
   * lower priority first, then the soonest expiry, then the oldest. A grant stops counting at its
   * expiry instant, seen by every read after it; the next write on the clinic records its unused
   * units as expired. Units a pending reservation holds when its grant expires stay held: a commit
   * spends them, a release after the expiry lets them expire. No other grant loses units to it.
   *
   * @return {@link ToppedUp} naming the grant; or {@link Refused} with {@code INVALID_ARGUMENT}
   *     (naming {@code units}, {@code pack}, {@code validFor}, {@code expiresAt} or {@code
   *     priority}), {@code UNKNOWN_CLINIC}, {@code PAYMENT_DECLINED} or {@code
   *     IDEMPOTENCY_KEY_REUSED}
   */
  TopUpResult purchaseTopUp(TopUpRequest request);

  /**
   * Like {@link #purchaseTopUp} but throws on refusal.
   *
   * @throws QuotaRefusedException if refused
   */
  default ToppedUp purchaseTopUpOrThrow(TopUpRequest request) {
    TopUpResult result = purchaseTopUp(request);
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return (ToppedUp) result;
  }

  /**
   * Refunds or disputes one charge, whole or in part ({@link ReverseChargeRequest}): its units go
   * back to exactly the buckets and grants they came from, in one atomic write whose ledger entry
   * ({@code REVERSAL}) points to the charge's key.
   *
   * <ul>
   *   <li>Monthly units go back to the allowance of the charge's period while it is open; once it
   *       has closed they are not revived (they count as forfeited with it), and the plan's
   *       {@link com.bnaura.quota.model.Plan#monthlyRefundPrice()}, if set, is credited for each.
   *   <li>Add-on units go back to the grants they came from, even after a reset; a grant that has
   *       expired since takes them and they expire with it, a voided grant takes them and credits
   *       their share of its price.
   *   <li>Overage units go back to the charge's period and their overage money is credited (a
   *       {@code CREDIT} billing line on the statement of the period the reversal is made in).
   * </ul>
   *
   * <p>Reversals of one charge together never exceed it; a partial one gives back the charge's
   * last units in deduction order (overage, then grants from the one burned last, then monthly).
   * The same key replays the first outcome; the charge's {@link Receipt} shows what was reversed.
   *
   * @return {@link Reversed}; or {@link Refused} with {@code INVALID_ARGUMENT} (naming {@code
   *     clinicId}, {@code chargeKey}, {@code idempotencyKey}, {@code kind}, {@code units} or
   *     {@code note}), {@code UNKNOWN_CLINIC}, {@code UNKNOWN_CHARGE}, {@code NOT_REVERSIBLE}
   *     (nothing left, more asked than is left, a reservation still pending, a charge of no units)
   *     or {@code IDEMPOTENCY_KEY_REUSED}
   */
  ReversalResult reverseCharge(ReverseChargeRequest request);

  /**
   * Voids one add-on grant ({@link VoidGrantRequest}): its unused units stop counting at once (a
   * {@code GRANT_VOIDED} ledger entry pointing to the top-up's key), and their share of its price
   * (price × unused ÷ granted, rounded half up) is paid back through {@link
   * com.bnaura.quota.spi.PaymentGateway#refund}, then recorded as a {@code REFUND} billing line.
   * Units already spent stay spent. While pending reservations hold units of the grant it is
   * refused, so a commit never finds its units gone.
   *
   * <p>The units go in one write; the money follows once the gateway answers. {@link
   * Reversed#refund()} says where it stands: {@code PAID}, or {@code PENDING}/{@code DECLINED},
   * in which case calling again with the same key asks the gateway again (with the same key and
   * transaction id) and never takes more units.
   *
   * @return {@link Reversed}; or {@link Refused} with {@code INVALID_ARGUMENT} (naming {@code
   *     clinicId}, {@code grantId}, {@code idempotencyKey} or {@code note}), {@code
   *     UNKNOWN_CLINIC}, {@code UNKNOWN_GRANT}, {@code NOT_REVERSIBLE} (voided already, nothing
   *     unused, units held by pending reservations) or {@code IDEMPOTENCY_KEY_REUSED}
   */
  ReversalResult voidGrant(VoidGrantRequest request);

  /**
   * Sets the clinic's auto top-up (see {@link AutoTopUp}) and switches it on: from the next charge
   * (consume, reserve or commit) that leaves the clinic's remaining at or below the threshold, that
   * charge's own write requests one payment, if none is open and the period's auto top-ups plus
   * this one stay within the ceiling. The payment runs through the {@link PaymentGateway} as a
   * state machine (requested, authorised, captured, granted; or failed), driven off the caller's
   * thread by the instance that wrote it and resumed by {@link #resumePayments}; its key is
   * derived from the clinic, the period and the crossing, so it is bought once however often it
   * is retried. The units become spendable when captured (or authorised, if the settings say so)
   * and arrive as a grant exactly as {@link #purchaseTopUp} makes one. A failed payment grants
   * nothing, switches auto top-up off and tells {@link QuotaListener#onAutoTopUpFailed}.
   *
   * <p>Idempotent by {@code idempotencyKey}: the same key with the same settings replays the first
   * outcome. Setting it again keeps the period's counters (what was bought against the ceiling).
   *
   * @return {@link AutoTopUpConfigured}, or {@link Refused} with {@code INVALID_ARGUMENT} (naming
   *     {@code settings}, {@code threshold}, {@code thresholdPercent}, {@code pack}, {@code units}
   *     or {@code monthlyCeiling}), {@code UNKNOWN_CLINIC} or {@code IDEMPOTENCY_KEY_REUSED}
   */
  AutoTopUpResult configureAutoTopUp(String clinicId, AutoTopUp settings, String idempotencyKey);

  /**
   * Switches the clinic's auto top-up off, keeping its settings to show; a payment already
   * requested still completes. Idempotent by {@code idempotencyKey}.
   *
   * @return {@link AutoTopUpConfigured} with {@code enabled=false}, or {@link Refused} with {@code
   *     INVALID_ARGUMENT}, {@code UNKNOWN_CLINIC} or {@code IDEMPOTENCY_KEY_REUSED}
   */
  AutoTopUpResult disableAutoTopUp(String clinicId, String idempotencyKey);

  /**
   * Drives the open auto top-up payments of up to {@code limit} clinics to their end, on the
   * calling thread: what a restarted instance, or any other, runs to finish payments whose driver
   * stopped (a crash, a gateway timeout). A payment whose last call's outcome is unknown is first
   * asked of the gateway ({@link PaymentGateway#status}); only one the gateway does not know is
   * sent again, with the same key. Safe on several instances at once: each step is a versioned
   * write, and the one that loses a race stops. Returns how many payments it moved.
   *
   * @param limit how many clinics at most, 1 to 10,000
   * @throws QuotaRefusedException with {@code INVALID_ARGUMENT} naming {@code limit} out of range
   * @throws UnsupportedOperationException if the store cannot list open payments
   */
  int resumePayments(int limit);

  /**
   * Stops the threads this service drives payments on, letting a running step finish; a payment
   * left open is resumed by {@link #resumePayments}. The default does nothing.
   */
  @Override
  default void close() {}

  /** Moves a clinic to another plan: upgrades at once (prorated), downgrades at the next period. */
  PlanChangeResult changePlan(PlanChangeRequest request);

  /**
   * What {@link #changePlan} would do now, changing nothing: whether the change applies at once or
   * at the next period, when, and the prorated charge or credit it would bill. The request's key is
   * not used or remembered. Refusals are those of {@link #changePlan} (a malformed id, an unknown
   * plan or clinic).
   */
  PlanChangeResult quotePlanChange(PlanChangeRequest request);

  /**
   * Whether the clinic's plan includes {@code feature} (seed 000's {@code check-feature}). The plan
   * is read through the status cache (see {@link Builder#statusCacheTtl}): a plan change through
   * another instance shows once the TTL passed.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  boolean hasFeature(String clinicId, String feature);

  /**
   * Throws unless the clinic's plan includes {@code feature}.
   *
   * @throws QuotaRefusedException with {@code FEATURE_NOT_IN_PLAN}, or for an unknown clinic
   */
  default void requireFeature(String clinicId, String feature) {
    if (!hasFeature(clinicId, feature)) {
      throw Refused.of(RefusalCode.FEATURE_NOT_IN_PLAN,
          LocalizedText.of("refused.feature_not_in_plan", clinicId, feature)).toException();
    }
  }

  /**
   * The clinic's balance in its current period.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  Balance balance(String clinicId);

  /**
   * The clinic's quota at a glance: plan, allowance, used, remaining, add-on, percent remaining,
   * overage, units held, period and reset, prices, policy and alert level (seed 000's {@code
   * quota-config}). It reports the new period once the reset passed, even before anything is
   * written. Cached up to the status TTL (60 s by default); a write through this instance makes it
   * fresh at once. A cached status is returned as it was built, so its {@link QuotaStatus#asOf()}
   * is when it was read from the store.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  QuotaStatus status(String clinicId);

  /**
   * The usage stats of the clinic's current period.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   * @see #usageStats(String, Instant)
   */
  UsageStats usageStats(String clinicId);

  /**
   * The usage stats of the clinic's period that contains {@code at}, current or past: charges by
   * operation, user and day, repeat scans exempted, answers served from the host's cache, overage,
   * reservations, unbilled usage (seed 000's {@code usage-stats}). Cached up to the stats TTL (30 s by default); a write through this
   * instance makes it fresh at once.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id, or {@code
   *     INVALID_ARGUMENT} naming {@code at} when it is missing, in the future, or before the
   *     clinic's first period
   */
  UsageStats usageStats(String clinicId, Instant at);

  /**
   * The statement of the clinic's period that contains {@code at}, current or past: its money
   * lines (plan fee, prorations, top-ups, overage, refunds) with their totals, a usage summary by
   * operation and staff member, and every ledger entry of the period (grants, top-ups, holds,
   * charges, commits, releases, unbilled usage, failed calls, forfeits), oldest first, with the
   * usage stats of those same entries. For an owner's download or an accountant's check of a
   * bill; {@link Statement} says where each figure comes from.
   *
   * <p>Not cached: each call reads the period's ledger, reservations and the clinic's billing
   * lines from the store once, so the lines and the totals come from one read and always agree.
   * The statement holds the whole period in memory; it is as long as the period's ledger, which is
   * bounded by what the store keeps (one entry per grant, top-up and write of the period).
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id, or {@code
   *     INVALID_ARGUMENT} naming {@code at} when it is missing, in the future, or before the
   *     clinic's first period
   */
  Statement statement(String clinicId, Instant at);

  /**
   * The clinic's billing periods, newest first: the current one (as reads see it, even when its
   * reset has passed and nothing has written since) and every past one the store keeps. Each can
   * be named to {@link #statement} or {@link #usageStats(String, Instant)} by its start. For a
   * period picker.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  List<BillingPeriod> periods(String clinicId);

  /**
   * The receipt of the charge made under {@code idempotencyKey}: the key of a consume (or {@code
   * recordUsage}), or the key of a reservation's reserve call, which finds the commit that settled
   * it. Read from the ledger, so it states what was in force when it was charged. Not cached.
   *
   * @return the receipt, or empty when nothing was charged under the key (no such key, a refusal,
   *     a reservation still pending or released)
   * @throws QuotaRefusedException for an unknown clinic or a malformed id or key
   */
  Optional<Receipt> receipt(String clinicId, String idempotencyKey);

  /**
   * The receipts of every charge of the clinic's period that contains {@code at}, current or
   * past, oldest first (in the order the ledger recorded them). A commit made after its period
   * closed belongs to the period its reservation was taken in. Not cached.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id, or {@code
   *     INVALID_ARGUMENT} naming {@code at} when it is missing, in the future, or before the
   *     clinic's first period
   */
  List<Receipt> receipts(String clinicId, Instant at);

  /**
   * The clinic's burn-rate forecast, for a clinic open on the service's default opening days (see
   * {@link Builder#openingDays}).
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   * @see #forecast(String, Set)
   */
  BurnForecast forecast(String clinicId);

  /**
   * The clinic's burn-rate forecast: its daily rate over recent opening days, the day the monthly
   * allowance and then the add-on run out (or not before the reset), and the daily series.
   *
   * @param openingDays the days of the week the clinic works; closed days neither count as idle
   *     nor burn
   * @throws QuotaRefusedException for an unknown clinic or a malformed id, or {@code
   *     INVALID_ARGUMENT} naming {@code openingDays} when it is missing or empty
   */
  BurnForecast forecast(String clinicId, Set<DayOfWeek> openingDays);

  /**
   * What the clinic could buy or change to pay less, on the service's default opening days.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   * @see #recommendations(String, Set)
   */
  Recommendations recommendations(String clinicId);

  /**
   * What the clinic could buy or change to pay less (seed 000's {@code recommendations}): a top-up,
   * an upgrade or a downgrade, each with its figures; empty when nothing applies. Cached up to the
   * recommendations TTL (5 min by default); a write through this instance makes it fresh at once.
   *
   * @param openingDays the days of the week the clinic works, for the forecast behind it
   * @throws QuotaRefusedException for an unknown clinic or a malformed id, or {@code
   *     INVALID_ARGUMENT} naming {@code openingDays} when it is missing or empty
   */
  Recommendations recommendations(String clinicId, Set<DayOfWeek> openingDays);

  /** The hit, miss and size counters of this instance's read caches since build or last reset. */
  CacheStatsSnapshot cacheStats();

  /** Empties this instance's read caches and restarts their counters from zero. */
  void resetCaches();

  /**
   * Expires pending reservations past their TTL, giving their units back, and returns how many it
   * expired. Safe to call from several instances at once; call it every few seconds to a minute.
   */
  int expireReservations();

  /** Forgets idempotency keys older than the retention period and returns how many it forgot. */
  int purgeIdempotencyKeys();

  /**
   * Checks that the clinic's balance columns are what its ledger adds up to: folds every ledger
   * entry from zero and compares the result with the account (add-on available, reserved, bought
   * and used) and every period row (grant, monthly used and reserved, add-on used, overage units,
   * overage money owed and held, forfeited units, add-on bought). Each column that differs is a
   * {@link Drift} in the report and one WARN line naming the clinic, the period, the field, the
   * ledger's value and the row's. It only reads, and changes nothing: a drift is for an operator
   * to look into, since the ledger is the record of what happened.
   *
   * <p>The work is one fold of the clinic's whole ledger, read with the rows at one instant: a
   * write that lands during the check is left for the next one, never taken for a drift.
   *
   * @throws QuotaRefusedException for an unknown clinic or a malformed id
   */
  ReconciliationReport reconcile(String clinicId);

  /**
   * Reconciles, as {@link #reconcile} does, the next {@code maxClinics} clinics after {@code
   * cursor} in the store's order of clinic ids, and says where the next step starts: a walk over
   * every clinic whose work per call is bounded. Start from {@link ReconciliationCursor#START};
   * when {@link ReconciliationBatch#passComplete()} the walk is through and the next cursor starts
   * over. Several instances may walk at once; each only reads.
   *
   * @param cursor where to start, {@link ReconciliationCursor#START} or a batch's {@code next()}
   * @param maxClinics how many clinics to check at most, 1 to 10,000
   * @throws QuotaRefusedException with {@code INVALID_ARGUMENT} naming {@code cursor} or {@code
   *     maxClinics} when it is missing or out of range
   * @throws UnsupportedOperationException if the store cannot list its clinics ({@link
   *     QuotaStore#clinics})
   */
  ReconciliationBatch reconcileSome(ReconciliationCursor cursor, int maxClinics);

  // ---- the outbox ----

  /**
   * Sets the hours the clinic is closed, in its zone, as {@code HH:mm-HH:mm} (such as {@code
   * 20:00-08:00}; may cross midnight); {@code null} or empty removes them. A non-critical alert
   * raised in these hours (a {@code WARNING} level or a recovery) is held in the outbox until the
   * clinic opens; critical ones go out at once. Answers {@link Registered} with the clinic's
   * settings, or {@link Refused}: {@code INVALID_ARGUMENT} naming {@code quietHours}, {@code
   * UNKNOWN_CLINIC}.
   */
  RegistrationResult setQuietHours(String clinicId, String hours);

  /**
   * The clinic's quiet hours, if set.
   *
   * @throws QuotaRefusedException with {@code UNKNOWN_CLINIC} or {@code INVALID_ARGUMENT}
   */
  Optional<QuietHours> quietHours(String clinicId);

  /**
   * Up to {@code limit} of the clinic's outbox events after the cursor {@code after} (an event's
   * or page's position; {@code null} or empty for the first), in the order the clinic's changes
   * committed: a reader that stores {@link EventPage#next()} and reads from it again never
   * misses an event nor sees one twice. Events are written with the change they tell of (alerts,
   * recoveries, period resets, top-ups, plan changes, refunds and voids, auto top-up requests and
   * failures) and kept, once delivered, for the service's event retention (30 days by default).
   *
   * @param limit 1 to 1,000
   * @throws QuotaRefusedException with {@code INVALID_ARGUMENT} naming {@code after}, {@code
   *     limit} or {@code clinicId}
   */
  EventPage events(String clinicId, String after, int limit);

  /**
   * Up to {@code limit} of the clinic's latest outbox events of the given types (every type when
   * empty), newest first: an owner's recent alerts, read without paging through the outbox.
   *
   * @param limit 1 to 1,000
   * @throws QuotaRefusedException with {@code INVALID_ARGUMENT} naming {@code limit}, {@code
   *     types} or {@code clinicId}
   */
  List<QuotaEvent> latestEvents(String clinicId, Set<QuotaEventType> types, int limit);

  /**
   * Up to {@code limit} events, of every clinic, that the dispatcher gave up on after its
   * maximum attempts, oldest first, each with its last error.
   *
   * @param limit 1 to 1,000
   */
  List<QuotaEvent> deadEvents(int limit);

  /**
   * Makes a dead event due again now, with its attempts counted afresh; the sinks that accepted
   * it before are not sent it again. Returns false if {@code eventId} names no dead event.
   */
  boolean redeliverEvent(String eventId);

  /**
   * Delivers up to {@code limit} due events on the calling thread and returns how many it
   * claimed: 0 when there is nothing due, no event sink is configured, or another instance's
   * dispatcher holds the database's lease. The service's own dispatcher thread does this every
   * second ({@link Builder#dispatchEvery}); call it yourself when that is off.
   *
   * @param limit 1 to 1,000
   */
  int dispatchEvents(int limit);

  /** The catalog this service sells from. */
  QuotaCatalog catalog();

  /**
   * Builds a {@link QuotaService}. Each setting may be set once; a second call fails naming the
   * value already set.
   */
  final class Builder {
    private QuotaStore store;
    private Clock clock;
    private QuotaCatalog catalog;
    private final List<QuotaListener> listeners = new ArrayList<>();
    private Duration reservationTtl;
    private Duration idempotencyRetention;
    private byte[] customerRefKey;
    private PaymentGateway paymentGateway;
    private String defaultZone;
    private Integer defaultAnchorDay;
    private Duration statusCacheTtl;
    private Duration usageStatsCacheTtl;
    private Duration recommendationsCacheTtl;
    private Set<DayOfWeek> openingDays;
    private final Map<String, QuotaEventListener> eventListeners = new LinkedHashMap<>();
    private final List<Webhook> webhooks = new ArrayList<>();
    private Integer eventMaxAttempts;
    private Duration eventFirstRetry;
    private Duration eventMaxRetry;
    private Duration dispatchEvery;
    private Duration eventRetention;
    private Duration eventLease;

    Builder() {}

    /** Sets the store (default: a new in-memory store). */
    public Builder store(QuotaStore store) {
      Objects.requireNonNull(store, "store");
      requireUnset(this.store, "store");
      this.store = store;
      return this;
    }

    /** Sets the clock every period, window and expiry is decided by (default: system UTC). */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      requireUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /** Sets the catalog (default: {@link QuotaCatalog#defaults()}). */
    public Builder catalog(QuotaCatalog catalog) {
      Objects.requireNonNull(catalog, "catalog");
      requireUnset(this.catalog, "catalog");
      this.catalog = catalog;
      return this;
    }

    /** Adds a listener; may be called for several listeners. */
    public Builder listener(QuotaListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (listener != QuotaListener.NONE) {
        listeners.add(listener);
      }
      return this;
    }

    /** Sets how long a reservation holds before it expires (default 10 minutes). */
    public Builder reservationTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "reservationTtl");
      requireUnset(this.reservationTtl, "reservationTtl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("reservationTtl must be positive, was " + ttl);
      }
      this.reservationTtl = ttl;
      return this;
    }

    /** Sets how long idempotency keys are kept (default 35 days). */
    public Builder idempotencyRetention(Duration retention) {
      Objects.requireNonNull(retention, "idempotencyRetention");
      requireUnset(this.idempotencyRetention, "idempotencyRetention");
      if (retention.compareTo(Duration.ofHours(24)) < 0) {
        throw new IllegalArgumentException(
            "idempotencyRetention must be at least 24 hours, was " + retention);
      }
      this.idempotencyRetention = retention;
      return this;
    }

    /**
     * Sets the secret key customer references are hashed with (HMAC-SHA256, at least 16 bytes).
     * Set it in production and keep it stable: a new key makes every customer look new to the
     * repeat-scan exemption. Without it a built-in key is used and a warning is logged.
     */
    public Builder customerRefKey(byte[] key) {
      Objects.requireNonNull(key, "customerRefKey");
      requireUnset(this.customerRefKey, "customerRefKey");
      if (key.length < 16) {
        throw new IllegalArgumentException("customerRefKey must be at least 16 bytes, was " + key.length);
      }
      this.customerRefKey = key.clone();
      return this;
    }

    /** Sets the payment gateway top-ups are paid through (default {@link PaymentGateway#INVOICE}). */
    public Builder paymentGateway(PaymentGateway gateway) {
      Objects.requireNonNull(gateway, "paymentGateway");
      requireUnset(this.paymentGateway, "paymentGateway");
      this.paymentGateway = gateway;
      return this;
    }

    /**
     * Sets the day of month the allowance of clinics registered without one resets (default 1,
     * the calendar month); days past a month's end clamp to its last day.
     */
    public Builder defaultAnchorDay(int day) {
      requireUnset(this.defaultAnchorDay, "defaultAnchorDay");
      if (day < 1 || day > 31) {
        throw new IllegalArgumentException("defaultAnchorDay must be 1..31, was " + day);
      }
      this.defaultAnchorDay = day;
      return this;
    }

    /** Sets the zone of clinics registered without one (default {@code Asia/Bangkok}). */
    public Builder defaultZone(String zone) {
      Objects.requireNonNull(zone, "defaultZone");
      requireUnset(this.defaultZone, "defaultZone");
      java.time.ZoneId.of(zone);
      this.defaultZone = zone;
      return this;
    }

    /**
     * Sets how long a clinic's status and plan are cached by {@link QuotaService#status} and
     * {@link QuotaService#hasFeature} (default 60 seconds); zero turns the cache off.
     */
    public Builder statusCacheTtl(Duration ttl) {
      this.statusCacheTtl = ttl(ttl, this.statusCacheTtl, "statusCacheTtl");
      return this;
    }

    /** Sets how long usage stats are cached (default 30 seconds); zero turns the cache off. */
    public Builder usageStatsCacheTtl(Duration ttl) {
      this.usageStatsCacheTtl = ttl(ttl, this.usageStatsCacheTtl, "usageStatsCacheTtl");
      return this;
    }

    /** Sets how long recommendations are cached (default 5 minutes); zero turns the cache off. */
    public Builder recommendationsCacheTtl(Duration ttl) {
      this.recommendationsCacheTtl = ttl(ttl, this.recommendationsCacheTtl,
          "recommendationsCacheTtl");
      return this;
    }

    private static Duration ttl(Duration ttl, Duration current, String name) {
      Objects.requireNonNull(ttl, name);
      requireUnset(current, name);
      if (ttl.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + ttl);
      }
      return ttl;
    }

    /**
     * Sets the days of the week clinics work, for forecasts and recommendations that name none
     * (default every day).
     */
    public Builder openingDays(Set<DayOfWeek> days) {
      Objects.requireNonNull(days, "openingDays");
      requireUnset(this.openingDays, "openingDays");
      if (days.isEmpty()) {
        throw new IllegalArgumentException("openingDays must name at least one day");
      }
      this.openingDays = EnumSet.copyOf(days);
      return this;
    }

    /**
     * Adds a listener the outbox's events are delivered to, at least once each, from the
     * dispatcher's thread (see {@link QuotaEventListener}). Its {@code name} is kept with every
     * event it accepted, so keep it stable across restarts; names of listeners and webhooks must
     * differ.
     */
    public Builder eventListener(String name, QuotaEventListener listener) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(listener, "listener");
      if (!com.bnaura.quota.spi.EventRecord.SINK_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("an event listener's name has 1 to 64 letters, digits "
            + "or . _ : -, was " + name);
      }
      if (eventListeners.containsKey(name) || webhooks.stream().anyMatch(w -> w.name().equals(name))) {
        throw new IllegalStateException("an event sink named " + name + " was already added");
      }
      eventListeners.put(name, listener);
      return this;
    }

    /** Adds a webhook the outbox's events are posted to, signed (see {@link Webhook}). */
    public Builder webhook(Webhook webhook) {
      Objects.requireNonNull(webhook, "webhook");
      if (eventListeners.containsKey(webhook.name())
          || webhooks.stream().anyMatch(w -> w.name().equals(webhook.name()))) {
        throw new IllegalStateException("an event sink named " + webhook.name()
            + " was already added");
      }
      webhooks.add(webhook);
      return this;
    }

    /**
     * Sets how hard the dispatcher tries (default 12 attempts, 10 seconds after the first
     * failure, doubling up to 1 hour): an event that still fails after {@code maxAttempts} is
     * dead ({@link QuotaService#deadEvents}).
     */
    public Builder eventRetries(int maxAttempts, Duration firstRetry, Duration maxRetry) {
      requireUnset(this.eventMaxAttempts, "eventRetries");
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
      new DefaultQuotaService.EventDelivery(Map.of(), List.of(), maxAttempts, firstRetry,
          maxRetry, Duration.ZERO, Duration.ofDays(1), Duration.ofSeconds(30));
      this.eventMaxAttempts = maxAttempts;
      this.eventFirstRetry = firstRetry;
      this.eventMaxRetry = maxRetry;
      return this;
    }

    /**
     * Sets how often the service's dispatcher thread delivers due events when an event listener
     * or webhook is configured (default every second, and at once after a write that wrote one);
     * zero starts no thread, and {@link QuotaService#dispatchEvents} is then yours to call.
     */
    public Builder dispatchEvery(Duration every) {
      Objects.requireNonNull(every, "dispatchEvery");
      requireUnset(this.dispatchEvery, "dispatchEvery");
      if (every.isNegative()) {
        throw new IllegalArgumentException("dispatchEvery must not be negative, was " + every);
      }
      this.dispatchEvery = every;
      return this;
    }

    /** Sets how long delivered events stay readable by cursor (default 30 days, at least 1). */
    public Builder eventRetention(Duration retention) {
      Objects.requireNonNull(retention, "eventRetention");
      requireUnset(this.eventRetention, "eventRetention");
      if (retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException("eventRetention must be at least a day, was "
            + retention);
      }
      this.eventRetention = retention;
      return this;
    }

    /**
     * Sets how long an instance's dispatcher lease lasts unless renewed (default 30 seconds, 1
     * second to 1 hour): one instance's dispatcher delivers at a time, and after it crashes
     * another takes over, and redelivers what it had in hand, once this has passed.
     */
    public Builder eventLease(Duration lease) {
      Objects.requireNonNull(lease, "eventLease");
      requireUnset(this.eventLease, "eventLease");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("eventLease must be 1 s to 1 h, was " + lease);
      }
      this.eventLease = lease;
      return this;
    }

    /** Builds the service. */
    public QuotaService build() {
      DefaultQuotaService.Settings defaults = DefaultQuotaService.Settings.DEFAULTS;
      return new DefaultQuotaService(
          store != null ? store : QuotaStore.inMemory(),
          clock != null ? clock : Clock.systemUTC(),
          catalog != null ? catalog : QuotaCatalog.defaults(),
          listeners,
          reservationTtl != null ? reservationTtl : Duration.ofMinutes(10),
          idempotencyRetention != null ? idempotencyRetention : Duration.ofDays(35),
          customerRefKey,
          paymentGateway != null ? paymentGateway : PaymentGateway.INVOICE,
          java.time.ZoneId.of(defaultZone != null ? defaultZone : "Asia/Bangkok"),
          defaultAnchorDay != null ? com.bnaura.quota.model.ResetSchedule.anchorDay(defaultAnchorDay)
              : com.bnaura.quota.model.ResetSchedule.calendarMonth(),
          new DefaultQuotaService.Settings(
              statusCacheTtl != null ? statusCacheTtl : defaults.statusTtl(),
              usageStatsCacheTtl != null ? usageStatsCacheTtl : defaults.statsTtl(),
              recommendationsCacheTtl != null ? recommendationsCacheTtl
                  : defaults.recommendationsTtl(),
              openingDays != null ? openingDays : defaults.openingDays()),
          eventDelivery());
    }

    private DefaultQuotaService.EventDelivery eventDelivery() {
      DefaultQuotaService.EventDelivery d = DefaultQuotaService.EventDelivery.NONE;
      return new DefaultQuotaService.EventDelivery(eventListeners, webhooks,
          eventMaxAttempts != null ? eventMaxAttempts : d.maxAttempts(),
          eventFirstRetry != null ? eventFirstRetry : d.firstRetry(),
          eventMaxRetry != null ? eventMaxRetry : d.maxRetry(),
          dispatchEvery != null ? dispatchEvery : d.every(),
          eventRetention != null ? eventRetention : d.retention(),
          eventLease != null ? eventLease : d.lease());
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        Object shown = current instanceof byte[] ? "a key" : current;
        throw new IllegalStateException(name + " was already set to " + shown);
      }
    }
  }
}
