package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A reversal took effect: a charge refunded or disputed, or a grant voided.
 *
 * <p>Where the units went: {@code returned} are back where the charge took them from (the monthly
 * allowance of its period while that period is open, the grants it burned, and overage units whose
 * money is credited); {@code notRevived} are monthly units of a period that has closed, which no
 * reversal brings back (the plan may credit money for them instead); {@code lapsed} went back to
 * a grant that has expired since, and expired with it. A void returns nothing: {@code units} are
 * the grant's unused units that went, and {@code refund} the money paid back for them.
 *
 * @param clinic the clinic
 * @param kind what was reversed
 * @param key this reversal's idempotency key
 * @param chargeKey the key of the reversed charge, for a refund or a dispute
 * @param grant the voided grant, for a void
 * @param units how many units the reversal concerns: given back, or voided
 * @param returned the units given back, bucket by bucket and grant by grant; none for a void
 * @param notRevived monthly units of a closed period that did not come back
 * @param lapsed units given back to a grant that has expired, which expired with it
 * @param credited money credited to the clinic's account: the overage money of the units given
 *     back, the plan's credit for monthly units not revived, the price share of units given back
 *     to a voided grant
 * @param refund for a void: the money paid back through the payment gateway
 * @param at when the reversal was decided
 */
public record Reversed(
    ClinicId clinic,
    ReversalKind kind,
    IdempotencyKey key,
    Optional<IdempotencyKey> chargeKey,
    Optional<GrantId> grant,
    Units units,
    Deduction returned,
    Units notRevived,
    Units lapsed,
    Money credited,
    Optional<Refund> refund,
    Instant at) implements ReversalResult {

  /** Validates. */
  public Reversed {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chargeKey, "chargeKey");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(returned, "returned");
    Objects.requireNonNull(notRevived, "notRevived");
    Objects.requireNonNull(lapsed, "lapsed");
    Objects.requireNonNull(credited, "credited");
    Objects.requireNonNull(refund, "refund");
    Objects.requireNonNull(at, "at");
  }

  /** A copy whose refund is {@code refund}. */
  public Reversed withRefund(Refund refund) {
    return new Reversed(clinic, kind, key, chargeKey, grant, units, returned, notRevived, lapsed,
        credited, Optional.of(refund), at);
  }

  /**
   * Money paid back through the {@link com.bnaura.quota.spi.PaymentGateway} for a voided grant.
   *
   * @param amount the amount: the grant's price times its unused share, rounded half up
   * @param state whether the gateway paid it
   * @param reference the gateway's reference, once paid
   * @param declineReason why the gateway declined, when it did
   */
  public record Refund(Money amount, RefundState state, String reference, String declineReason) {
    /** Validates. */
    public Refund {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(declineReason, "declineReason");
    }
  }

  /**
   * Where a gateway refund stands. A void's units go at once; its money follows once the gateway
   * pays: a retry of the void with its key asks the gateway again while it is not {@link #PAID}.
   */
  public enum RefundState {
    /** The units went; the gateway has not answered yet (or the call failed). */
    PENDING,
    /** The gateway paid the money back; a billing line records it. */
    PAID,
    /** The gateway declined; a retry with the same key asks again. */
    DECLINED
  }
}
