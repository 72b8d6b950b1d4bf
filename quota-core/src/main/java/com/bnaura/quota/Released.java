package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import java.util.Objects;

/**
 * A reservation's units went back: released by the caller, or {@code expired} after its TTL.
 *
 * <p>Units go back to the buckets they came from. Monthly units of a period that has closed since
 * the hold was taken are {@code forfeited} instead (they would have expired anyway); add-on units
 * always come back.
 *
 * @param reservation the reservation
 * @param clinic the clinic
 * @param returned the units given back, by bucket
 * @param forfeited monthly units not given back because their period closed
 * @param expired whether the reservation expired rather than being released
 */
public record Released(
    ReservationId reservation, ClinicId clinic, Deduction returned,
    Units forfeited, boolean expired)
    implements ReleaseResult {

  /** Validates. */
  public Released {
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(returned, "returned");
    Objects.requireNonNull(forfeited, "forfeited");
  }

  /** Units restored to the monthly allowance or the add-on balance. */
  public Deduction restored() {
    return returned;
  }
}
