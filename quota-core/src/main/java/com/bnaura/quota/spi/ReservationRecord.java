package com.bnaura.quota.spi;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored reservation: the units it holds, from which buckets, in which period, and how it ended.
 *
 * @param id the reservation id
 * @param clinic the clinic
 * @param key the idempotency key of the reserve call
 * @param operation the operation reserved for
 * @param quantity how many operations
 * @param user the user who asked, if known
 * @param customer the hashed end-customer, if the operation concerns one
 * @param period the period the hold was taken in (pinned: commit posts there)
 * @param hold the units held, split by bucket
 * @param holdCost the overage money held against the cap
 * @param waived units waived by the repeat-scan exemption
 * @param acceptOverage whether the caller accepted an overage charge
 * @param createdAt when it was taken
 * @param expiresAt when it expires if still pending
 * @param state its state
 * @param resolvedAt when it left {@code PENDING}
 * @param resolutionFingerprint the fingerprint of the commit or release that resolved it
 * @param resolution the encoded outcome of that commit or release, replayed on a retry
 */
public record ReservationRecord(
    ReservationId id,
    ClinicId clinic,
    IdempotencyKey key,
    OperationId operation,
    long quantity,
    Optional<UserId> user,
    Optional<CustomerRefHash> customer,
    BillingPeriod period,
    Deduction hold,
    Money holdCost,
    Units waived,
    boolean acceptOverage,
    Instant createdAt,
    Instant expiresAt,
    ReservationState state,
    Optional<Instant> resolvedAt,
    Optional<String> resolutionFingerprint,
    Optional<String> resolution) {

  /** Validates. */
  public ReservationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(holdCost, "holdCost");
    Objects.requireNonNull(waived, "waived");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(resolutionFingerprint, "resolutionFingerprint");
    Objects.requireNonNull(resolution, "resolution");
  }

  /** Whether it is pending and past its expiry at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return state == ReservationState.PENDING && !now.isBefore(expiresAt);
  }

  /** A copy in {@code state}, resolved at {@code now} with the given outcome. */
  public ReservationRecord resolve(ReservationState state, Instant now,
      Optional<String> fingerprint, Optional<String> outcome) {
    return new ReservationRecord(id, clinic, key, operation, quantity, user, customer, period,
        hold, holdCost, waived, acceptOverage, createdAt, expiresAt, state, Optional.of(now),
        fingerprint, outcome);
  }
}
