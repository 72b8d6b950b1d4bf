package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One payment the engine requested for a clinic, and where it stands. Its key is derived from the
 * clinic's period and the crossing that requested it, and is the key the gateway hears, so every
 * retry, restart and instance pays it at most once. A clinic has at most one open payment ({@link
 * PaymentState#isOpen()}); a load returns it.
 *
 * @param clinic the clinic
 * @param key the payment's key: the gateway's idempotency key and the grant's
 * @param state where it stands
 * @param purpose what it buys
 * @param periodStart the start of the period whose crossing requested it
 * @param units the units it buys
 * @param pack the pack it buys, if by pack
 * @param amount what it costs
 * @param transactionId the id the purchase is recorded under, e.g. {@code auto_7f3a...}
 * @param reference the provider's reference, once it gave one
 * @param failureReason why it failed, when {@code FAILED}
 * @param attempts how many times an authorise or capture was sent
 * @param grantOnAuthorisation whether its units are granted on authorisation rather than capture
 * @param grant the grant it opened, once it did
 * @param createdAt when it was requested
 * @param updatedAt when it last moved
 */
public record PaymentRecord(
    ClinicId clinic,
    IdempotencyKey key,
    PaymentState state,
    PaymentPurpose purpose,
    Instant periodStart,
    Units units,
    Optional<String> pack,
    Money amount,
    String transactionId,
    Optional<String> reference,
    Optional<String> failureReason,
    int attempts,
    boolean grantOnAuthorisation,
    Optional<GrantId> grant,
    Instant createdAt,
    Instant updatedAt) {

  /** Validates. */
  public PaymentRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(failureReason, "failureReason");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  /** Whether it still has a step to go. */
  public boolean isOpen() {
    return state.isOpen();
  }

  /** A copy in {@code next} at {@code now}, with the provider's reference when it gave one. */
  public PaymentRecord moved(PaymentState next, Optional<String> reference, Instant now) {
    return new PaymentRecord(clinic, key, next, purpose, periodStart, units, pack, amount,
        transactionId, reference.or(() -> this.reference), failureReason, attempts,
        grantOnAuthorisation, grant, createdAt, now);
  }

  /** A copy that failed for {@code reason} at {@code now}. */
  public PaymentRecord failed(String reason, Instant now) {
    return new PaymentRecord(clinic, key, PaymentState.FAILED, purpose, periodStart, units, pack,
        amount, transactionId, reference, Optional.of(reason), attempts, grantOnAuthorisation,
        grant, createdAt, now);
  }

  /** A copy with one more send claimed at {@code now}. */
  public PaymentRecord attempted(Instant now) {
    return new PaymentRecord(clinic, key, state, purpose, periodStart, units, pack, amount,
        transactionId, reference, failureReason, attempts + 1, grantOnAuthorisation, grant,
        createdAt, now);
  }

  /** A copy naming the grant it opened. */
  public PaymentRecord withGrant(GrantId opened) {
    return new PaymentRecord(clinic, key, state, purpose, periodStart, units, pack, amount,
        transactionId, reference, failureReason, attempts, grantOnAuthorisation,
        Optional.of(opened), createdAt, updatedAt);
  }
}
