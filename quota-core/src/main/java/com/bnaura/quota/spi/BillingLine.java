package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a clinic's invoice: a top-up or a prorated plan change.
 *
 * @param clinic the clinic
 * @param id the transaction id, e.g. {@code topup_...}
 * @param kind what it bills
 * @param amount the amount (a credit is a positive amount of kind {@code PLAN_PRORATION_CREDIT})
 * @param units the units bought, for a top-up
 * @param description a line a person can read
 * @param paymentReference the payment gateway's reference
 * @param at when
 */
public record BillingLine(
    ClinicId clinic,
    String id,
    BillingLineKind kind,
    Money amount,
    Units units,
    String description,
    String paymentReference,
    Instant at) {

  /** Validates. */
  public BillingLine {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(paymentReference, "paymentReference");
    Objects.requireNonNull(at, "at");
  }
}
