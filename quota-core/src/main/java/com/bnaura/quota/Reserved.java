package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;

/**
 * Units are held: make the AI call, then {@linkplain QuotaService#tryCommit commit} or {@linkplain
 * QuotaService#tryRelease release}. A repeat scan within 24 hours is reserved too, holding nothing
 * ({@code hold().isFree()}), so commit and release work the same for every call.
 *
 * @param id the reservation id to commit or release
 * @param clinic the clinic
 * @param operation the operation
 * @param hold what is held: the split, the overage money, and the units waived
 * @param period the period the hold was taken in
 * @param expiresAt when the hold lapses if neither committed nor released
 * @param remaining units left in the monthly allowance and add-on after the hold ({@link
 *     Units#MAX} on an unlimited plan)
 */
public record Reserved(
    ReservationId id,
    ClinicId clinic,
    OperationId operation,
    Charge hold,
    BillingPeriod period,
    Instant expiresAt,
    Units remaining)
    implements ReserveResult {

  /** Validates. */
  public Reserved {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(remaining, "remaining");
  }
}
