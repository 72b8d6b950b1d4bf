package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import java.time.Instant;
import java.util.Objects;

/**
 * A plan change was accepted.
 *
 * <p>An immediate change applies the new allowance to the current period (usage so far is kept) and
 * bills the day-prorated price difference ({@code proratedCharge} for an upgrade, {@code
 * proratedCredit} for a downgrade); a scheduled one takes effect when the next period opens.
 *
 * @param clinic the clinic
 * @param from the plan before
 * @param to the plan after
 * @param immediate whether it applies now
 * @param effectiveAt when it applies
 * @param proratedCharge the prorated price difference billed now
 * @param proratedCredit the prorated credit for an immediate downgrade
 */
public record PlanChanged(
    ClinicId clinic,
    PlanId from,
    PlanId to,
    boolean immediate,
    Instant effectiveAt,
    Money proratedCharge,
    Money proratedCredit)
    implements PlanChangeResult {

  /** Validates. */
  public PlanChanged {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(effectiveAt, "effectiveAt");
    Objects.requireNonNull(proratedCharge, "proratedCharge");
    Objects.requireNonNull(proratedCredit, "proratedCredit");
  }
}
