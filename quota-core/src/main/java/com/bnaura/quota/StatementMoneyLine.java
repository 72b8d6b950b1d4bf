package com.bnaura.quota;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One money line of a clinic's period statement: something the clinic is charged or credited for
 * the period, as an invoice lists it.
 *
 * <p>Where each kind comes from:
 *
 * <ul>
 *   <li>{@link Kind#PLAN_FEE}: the catalog's monthly price of the plan the period opened with,
 *       dated at the period's start; {@code plan} names it. One per period, none when the catalog
 *       no longer has that plan.
 *   <li>{@link Kind#PRORATION} and {@link Kind#PRORATION_CREDIT}: the store's billing lines of an
 *       immediate plan change ({@link com.bnaura.quota.spi.BillingLineKind#PLAN_PRORATION} and
 *       {@code PLAN_PRORATION_CREDIT}), one line each, with their transaction id.
 *   <li>{@link Kind#TOP_UP}: the store's {@link com.bnaura.quota.spi.BillingLineKind#TOP_UP}
 *       billing lines, one per purchase, with the units bought and the transaction id; each is
 *       also a {@link com.bnaura.quota.spi.LedgerKind#TOP_UP} ledger entry of the same price.
 *   <li>{@link Kind#OVERAGE}: one line, the sum of the money of the period's charge entries of the
 *       ledger ({@link com.bnaura.quota.spi.LedgerKind#CHARGE} and {@code COMMIT}) and their
 *       overage units, dated at the last charge that cost money; none when no charge did.
 *   <li>{@link Kind#REFUND}: money given back: the store's {@link
 *       com.bnaura.quota.spi.BillingLineKind#REFUND} and {@code CREDIT} billing lines, written by
 *       {@link com.bnaura.quota.QuotaService#reverseCharge} (overage money, monthly units at the
 *       plan's {@code monthlyRefundPrice}) and {@link com.bnaura.quota.QuotaService#voidGrant} (a
 *       pack's unused units), one line each, with their transaction id.
 * </ul>
 *
 * @param at when the line was billed
 * @param kind what it bills
 * @param description a line a person can read, in English (a host shows its own text by kind)
 * @param units the units it concerns: a top-up's units bought, the overage units; zero otherwise
 * @param amount the amount, never negative: a credit is a positive amount of a credit kind
 * @param plan the plan a plan fee is for; empty for the other kinds
 * @param reference the transaction id of a billing line; empty for the plan fee and overage
 */
public record StatementMoneyLine(
    Instant at,
    Kind kind,
    String description,
    Units units,
    Money amount,
    Optional<PlanId> plan,
    Optional<String> reference) {

  /** Validates. */
  public StatementMoneyLine {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(reference, "reference");
  }

  /** Whether the line is money given to the clinic rather than charged to it. */
  public boolean credit() {
    return kind.credit();
  }

  /** What a money line bills, and whether it is a charge or a credit. */
  public enum Kind {
    /** The period's subscription price. */
    PLAN_FEE(false),
    /** The day-prorated price difference of an immediate upgrade. */
    PRORATION(false),
    /** Add-on units bought. */
    TOP_UP(false),
    /** Units charged beyond the monthly allowance and the add-on. */
    OVERAGE(false),
    /** The day-prorated credit of an immediate downgrade. */
    PRORATION_CREDIT(true),
    /** Money given back for a reversed charge or a voided pack. */
    REFUND(true);

    private final boolean credit;

    Kind(boolean credit) {
      this.credit = credit;
    }

    /** Whether lines of this kind are credited to the clinic. */
    public boolean credit() {
      return credit;
    }
  }
}
