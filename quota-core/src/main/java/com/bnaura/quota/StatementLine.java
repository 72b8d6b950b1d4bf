package com.bnaura.quota;

import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.LedgerKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a clinic's period statement: one entry of its usage ledger as the owner reads it.
 *
 * <p>Which fields a line fills depends on its {@link #kind()}: a {@link LedgerKind#GRANT} has
 * {@code units} and nothing else, a {@link LedgerKind#TOP_UP} has {@code units} and its price in
 * {@code money}, a {@link LedgerKind#CHARGE} or {@link LedgerKind#COMMIT} has its {@code split}
 * and its overage cost in {@code money}, a free repeat scan or an answer from the host's cache is
 * a charge of zero with {@code waived} units and a {@code reason}.
 *
 * @param at when the entry was written
 * @param kind what the entry records
 * @param operation the operation, if any
 * @param user the user who asked for it, if known
 * @param units the units the entry is about (a charge's total, a grant, a top-up)
 * @param split how the units divide into monthly allowance, add-on and overage, for holds,
 *     unholds, charges and forfeits; {@link Deduction#NONE} otherwise
 * @param waived units an exemption waived (a repeat scan within 24 hours, a cached answer)
 * @param money the overage cost of a charge or hold, the price of a top-up; zero otherwise
 * @param key the idempotency key of the request that wrote it, if any
 * @param reason a stable reason code ({@code REPEAT_WITHIN_24H}, {@code CACHED_ANSWER}, {@code
 *     RELEASED}, {@code EXPIRED}, a refusal code, ...), if any
 */
public record StatementLine(
    Instant at,
    LedgerKind kind,
    Optional<OperationId> operation,
    Optional<UserId> user,
    Units units,
    Deduction split,
    Units waived,
    Money money,
    Optional<IdempotencyKey> key,
    Optional<String> reason) {

  /** Validates. */
  public StatementLine {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(waived, "waived");
    Objects.requireNonNull(money, "money");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
  }
}
