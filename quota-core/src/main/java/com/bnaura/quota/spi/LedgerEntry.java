package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One append-only row of a clinic's usage ledger (seed 000's {@code ai_usage_logs}). Entries are
 * never updated or deleted; corrections are new entries.
 *
 * @param clinic the clinic
 * @param kind what the entry records
 * @param at when
 * @param periodStart the start of the period it belongs to
 * @param units the units the entry is about (a charge's total, a grant, a top-up)
 * @param split the bucket split, for holds, unholds, charges and forfeits
 * @param money the money (overage cost, top-up price)
 * @param waived units waived by an exemption: the repeat scan, or an answer from the host's cache
 *     ({@code reason} says which)
 * @param operation the operation, if any
 * @param user the user, if any
 * @param reservation the reservation, if any
 * @param key the idempotency key, if any
 * @param reason a stable reason code ({@code REPEAT_WITHIN_24H}, {@code CACHED_ANSWER}, {@code
 *     RELEASED}, {@code EXPIRED}, {@code COMMIT_REMAINDER}, {@code LATE_COMMIT}, a refusal code),
 *     if any
 * @param model the AI model used, if known
 * @param promptTokens prompt tokens reported by the AI call, or 0
 * @param outputTokens output tokens, or 0
 * @param thoughtTokens thinking tokens, or 0
 * @param quantity how many operations a charge is for, or 0 when not a charge of operations
 * @param plan the plan a charge was decided under (its period's plan), if the entry is a charge
 * @param catalogVersion the version of the catalog a charge was decided under
 *     ({@link com.bnaura.quota.model.QuotaCatalog#version()}), if the entry is a charge
 * @param overagePrice the plan's price per overage unit when the charge was decided, if it had
 *     one
 * @param customer the hashed end-customer a charge concerned, if any
 * @param windowOpenedAt when the repeat-scan window the charge paid into or was waived by opened,
 *     if one applied
 * @param reverses the key of the entry this one reverses: a reversed charge's key, or a voided
 *     grant's top-up key, for {@link LedgerKind#REVERSAL}, {@link LedgerKind#GRANT_VOIDED} and
 *     their {@link LedgerKind#CREDIT}s
 */
public record LedgerEntry(
    ClinicId clinic,
    LedgerKind kind,
    Instant at,
    Instant periodStart,
    Units units,
    Deduction split,
    Money money,
    Units waived,
    Optional<OperationId> operation,
    Optional<UserId> user,
    Optional<ReservationId> reservation,
    Optional<IdempotencyKey> key,
    Optional<String> reason,
    Optional<String> model,
    long promptTokens,
    long outputTokens,
    long thoughtTokens,
    long quantity,
    Optional<PlanId> plan,
    Optional<String> catalogVersion,
    Optional<Money> overagePrice,
    Optional<CustomerRefHash> customer,
    Optional<Instant> windowOpenedAt,
    Optional<IdempotencyKey> reverses) {

  /** Validates. */
  public LedgerEntry {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(money, "money");
    Objects.requireNonNull(waived, "waived");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(model, "model");
    if (promptTokens < 0 || outputTokens < 0 || thoughtTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity must not be negative");
    }
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(catalogVersion, "catalogVersion");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(windowOpenedAt, "windowOpenedAt");
    Objects.requireNonNull(reverses, "reverses");
  }

  /** An entry that reverses nothing. */
  public LedgerEntry(ClinicId clinic, LedgerKind kind, Instant at, Instant periodStart,
      Units units, Deduction split, Money money, Units waived, Optional<OperationId> operation,
      Optional<UserId> user, Optional<ReservationId> reservation, Optional<IdempotencyKey> key,
      Optional<String> reason, Optional<String> model, long promptTokens, long outputTokens,
      long thoughtTokens, long quantity, Optional<PlanId> plan, Optional<String> catalogVersion,
      Optional<Money> overagePrice, Optional<CustomerRefHash> customer,
      Optional<Instant> windowOpenedAt) {
    this(clinic, kind, at, periodStart, units, split, money, waived, operation, user,
        reservation, key, reason, model, promptTokens, outputTokens, thoughtTokens, quantity,
        plan, catalogVersion, overagePrice, customer, windowOpenedAt, Optional.empty());
  }

  /** An entry that records no charge terms (no quantity, plan, catalog or window). */
  public LedgerEntry(ClinicId clinic, LedgerKind kind, Instant at, Instant periodStart,
      Units units, Deduction split, Money money, Units waived, Optional<OperationId> operation,
      Optional<UserId> user, Optional<ReservationId> reservation, Optional<IdempotencyKey> key,
      Optional<String> reason, Optional<String> model, long promptTokens, long outputTokens,
      long thoughtTokens) {
    this(clinic, kind, at, periodStart, units, split, money, waived, operation, user,
        reservation, key, reason, model, promptTokens, outputTokens, thoughtTokens, 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
