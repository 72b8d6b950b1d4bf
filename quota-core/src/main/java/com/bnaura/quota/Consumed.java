package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-step charge: checked and debited atomically.
 *
 * @param clinic the clinic
 * @param operation the operation
 * @param charge what was charged
 * @param period the period it was charged in
 * @param billed whether the usage was charged; {@code false} only for {@link
 *     QuotaService#recordUsage} of usage the policy refused after the fact
 * @param unbilledReason why it was not billed
 * @param remaining units left in the monthly allowance and add-on after the charge
 */
public record Consumed(
    ClinicId clinic,
    OperationId operation,
    Charge charge,
    BillingPeriod period,
    boolean billed,
    Optional<RefusalCode> unbilledReason,
    Units remaining)
    implements ConsumeResult {

  /** Validates. */
  public Consumed {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(charge, "charge");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(unbilledReason, "unbilledReason");
    Objects.requireNonNull(remaining, "remaining");
  }
}
