package com.bnaura.quota;

import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The receipt of one charge: which buckets and grants paid how much, what was waived and by which
 * repeat-scan window, the price per overage unit, the plan and catalog version in force, and the
 * model and tokens the call reported.
 *
 * <p>A receipt is read from the clinic's ledger ({@link QuotaService#receipt}, {@link
 * QuotaService#receipts}), never recomputed from today's catalog: a receipt read a year later
 * states what was in force when it was charged. Every charge has one: a one-step consume, the
 * commit of a reservation (found by the reservation's reserve key), a late commit charged afresh,
 * and usage recorded but not billed ({@code billed=false}, {@code unbilledReason} says why). A
 * reservation still pending has none yet.
 *
 * <pre>{@code
 * Receipt r = quotas.receipt("siam", "scan-7781").orElseThrow();
 * r.monthlyUnits();   // 0.100
 * r.grants();         // [g-1a2b… (pack-100) 0.900]
 * }</pre>
 *
 * @param key the idempotency key of the consume, or of the reserve call a commit settled
 * @param at when it was charged
 * @param periodStart the start of the period it was charged to
 * @param operation the operation
 * @param quantity how many operations
 * @param user the user who asked, if known
 * @param billed whether it was billed; {@code false} for usage recorded unbilled
 * @param unbilledReason why it was not billed (a refusal code), when not billed
 * @param units the units charged: {@code monthlyUnits}, the grants' units and {@code
 *     overageUnits} together
 * @param monthlyUnits the units the monthly allowance paid
 * @param grants the add-on grants that paid, in burn order, each with its units
 * @param overageUnits the units beyond both, billed as overage
 * @param overageCost the overage money charged
 * @param overagePrice the price per overage unit of the plan when charged, if it had one
 * @param waived units waived: a free repeat scan or an answer from the host's cache
 * @param exemption why units were waived ({@code REPEAT_WITHIN_24H}, {@code CACHED_ANSWER}), if
 *     they were
 * @param window the repeat-scan window the charge paid into or was waived by, if one applied
 * @param plan the plan the charge was decided under, when the ledger recorded it
 * @param catalogVersion the version of the catalog it was decided under, when recorded
 * @param model the AI model used, if reported
 * @param promptTokens prompt tokens reported
 * @param outputTokens output tokens reported
 * @param thoughtTokens thinking tokens reported
 * @param reservation the reservation a commit settled, if any
 * @param late whether it was a commit after the reservation expired: charged afresh, or recorded
 *     unbilled when the policy refused it then
 * @param reversed the units refunds and disputes of this charge gave back so far
 * @param credited the overage money those reversals credited
 */
public record Receipt(
    IdempotencyKey key,
    Instant at,
    Instant periodStart,
    OperationId operation,
    long quantity,
    Optional<UserId> user,
    boolean billed,
    Optional<String> unbilledReason,
    Units units,
    Units monthlyUnits,
    List<GrantPaid> grants,
    Units overageUnits,
    Money overageCost,
    Optional<Money> overagePrice,
    Units waived,
    Optional<String> exemption,
    Optional<Window> window,
    Optional<PlanId> plan,
    Optional<String> catalogVersion,
    Optional<String> model,
    long promptTokens,
    long outputTokens,
    long thoughtTokens,
    Optional<ReservationId> reservation,
    boolean late,
    Units reversed,
    Money credited) {

  /** Validates and copies. */
  public Receipt {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(unbilledReason, "unbilledReason");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(monthlyUnits, "monthlyUnits");
    grants = List.copyOf(grants);
    Objects.requireNonNull(overageUnits, "overageUnits");
    Objects.requireNonNull(overageCost, "overageCost");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(waived, "waived");
    Objects.requireNonNull(exemption, "exemption");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(catalogVersion, "catalogVersion");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(reversed, "reversed");
    Objects.requireNonNull(credited, "credited");
  }

  /**
   * The units one add-on grant paid.
   *
   * @param grant the grant
   * @param pack the pack that grant was bought as, if bought by pack
   * @param units the units it paid
   */
  public record GrantPaid(GrantId grant, Optional<String> pack, Units units) {
    /** Validates. */
    public GrantPaid {
      Objects.requireNonNull(grant, "grant");
      Objects.requireNonNull(pack, "pack");
      Objects.requireNonNull(units, "units");
    }
  }

  /**
   * The repeat-scan window a charge used: the hashed customer and the window's half-open span.
   *
   * @param customer the hashed end-customer
   * @param start when the window opened (the first charged scan of the customer)
   * @param end when it closes, 24 hours later
   */
  public record Window(CustomerRefHash customer, Instant start, Instant end) {
    /** Validates. */
    public Window {
      Objects.requireNonNull(customer, "customer");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }
}
