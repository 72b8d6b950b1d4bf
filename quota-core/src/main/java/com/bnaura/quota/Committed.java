package com.bnaura.quota;

import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * A reservation became a charge.
 *
 * <p>A commit that arrives after the reservation expired is {@code late}: it was charged afresh by
 * the normal order and policy, and when the policy refused it then, the usage is still recorded but
 * {@code billed} is false and {@code unbilledReason} says why. Usage is never lost.
 *
 * @param reservation the reservation
 * @param clinic the clinic
 * @param operation the operation
 * @param charge what was charged
 * @param late whether the commit arrived after expiry
 * @param billed whether the usage was charged ({@code false} only for a refused late commit)
 * @param unbilledReason why it was not billed
 * @param remaining units left in the monthly allowance and add-on after the commit
 */
public record Committed(
    ReservationId reservation,
    ClinicId clinic,
    OperationId operation,
    Charge charge,
    boolean late,
    boolean billed,
    Optional<RefusalCode> unbilledReason,
    Units remaining)
    implements CommitResult {

  /** Validates. */
  public Committed {
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(charge, "charge");
    Objects.requireNonNull(unbilledReason, "unbilledReason");
    Objects.requireNonNull(remaining, "remaining");
  }
}
