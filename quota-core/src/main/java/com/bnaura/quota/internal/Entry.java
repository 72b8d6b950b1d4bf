package com.bnaura.quota.internal;

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
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import java.time.Instant;
import java.util.Optional;

/** A fluent builder of {@link LedgerEntry} rows. */
final class Entry {
  private final ClinicId clinic;
  private final LedgerKind kind;
  private final Instant at;
  private final Instant periodStart;
  private Units units = Units.ZERO;
  private Deduction split = Deduction.NONE;
  private Money money;
  private Units waived = Units.ZERO;
  private Optional<OperationId> operation = Optional.empty();
  private Optional<UserId> user = Optional.empty();
  private Optional<ReservationId> reservation = Optional.empty();
  private Optional<IdempotencyKey> key = Optional.empty();
  private Optional<String> reason = Optional.empty();
  private Optional<String> model = Optional.empty();
  private long promptTokens;
  private long outputTokens;
  private long thoughtTokens;
  private long quantity;
  private Optional<PlanId> plan = Optional.empty();
  private Optional<String> catalogVersion = Optional.empty();
  private Optional<Money> overagePrice = Optional.empty();
  private Optional<CustomerRefHash> customer = Optional.empty();
  private Optional<Instant> windowOpenedAt = Optional.empty();
  private Optional<IdempotencyKey> reverses = Optional.empty();

  private Entry(ClinicId clinic, LedgerKind kind, Instant at, Instant periodStart, Money zero) {
    this.clinic = clinic;
    this.kind = kind;
    this.at = at;
    this.periodStart = periodStart;
    this.money = zero;
  }

  static Entry of(ClinicId clinic, LedgerKind kind, Instant at, Instant periodStart, Money zero) {
    return new Entry(clinic, kind, at, periodStart, zero);
  }

  Entry units(Units units) {
    this.units = units;
    return this;
  }

  Entry split(Deduction split) {
    this.split = split;
    this.units = split.total();
    return this;
  }

  Entry money(Money money) {
    this.money = money;
    return this;
  }

  Entry waived(Units waived) {
    this.waived = waived;
    return this;
  }

  Entry operation(OperationId operation) {
    this.operation = Optional.of(operation);
    return this;
  }

  Entry user(Optional<UserId> user) {
    this.user = user;
    return this;
  }

  Entry reservation(ReservationId reservation) {
    this.reservation = Optional.of(reservation);
    return this;
  }

  Entry key(IdempotencyKey key) {
    this.key = Optional.of(key);
    return this;
  }

  Entry reason(String reason) {
    this.reason = Optional.ofNullable(reason);
    return this;
  }

  Entry reason(Optional<String> reason) {
    this.reason = reason;
    return this;
  }

  Entry model(Optional<String> model, long prompt, long output, long thoughts) {
    this.model = model;
    this.promptTokens = prompt;
    this.outputTokens = output;
    this.thoughtTokens = thoughts;
    return this;
  }

  Entry quantity(long quantity) {
    this.quantity = quantity;
    return this;
  }

  /** The terms a charge was decided under: its plan, the catalog's version, the overage price. */
  Entry terms(PlanId plan, String catalogVersion, Optional<Money> overagePrice) {
    this.plan = Optional.of(plan);
    this.catalogVersion = Optional.of(catalogVersion);
    this.overagePrice = overagePrice;
    return this;
  }

  /** The customer a charge concerned and when the repeat-scan window that applied opened. */
  Entry window(Optional<CustomerRefHash> customer, Optional<Instant> openedAt) {
    this.customer = customer;
    this.windowOpenedAt = openedAt;
    return this;
  }

  /** The key of the charge or top-up this entry reverses. */
  Entry reverses(Optional<IdempotencyKey> original) {
    this.reverses = original;
    return this;
  }

  LedgerEntry build() {
    return new LedgerEntry(clinic, kind, at, periodStart, units, split, money, waived, operation,
        user, reservation, key, reason, model, promptTokens, outputTokens, thoughtTokens, quantity,
        plan, catalogVersion, overagePrice, customer, windowOpenedAt, reverses);
  }
}
