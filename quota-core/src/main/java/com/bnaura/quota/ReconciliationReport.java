package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link QuotaService#reconcile} found for one clinic: the balance columns that disagree with
 * the fold of its ledger, or none.
 *
 * <p>The ledger, the account and the period rows are read in several reads; they are compared only
 * when the clinic's version was the same before the first read and after the last, so a write that
 * lands in between is never mistaken for a drift. A clinic written during every attempt is reported
 * {@linkplain #checked() unchecked}, with no drifts, and is checked again on the next pass.
 *
 * @param clinic the clinic
 * @param at when the check ran, by the service's clock
 * @param checked whether the ledger and the rows were compared (false: the clinic kept changing)
 * @param ledgerEntries how many ledger entries were folded
 * @param drifts every column that disagrees with the ledger; empty when the books agree
 */
public record ReconciliationReport(ClinicId clinic, Instant at, boolean checked,
    long ledgerEntries, List<Drift> drifts) {

  /** Validates and copies. */
  public ReconciliationReport {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(at, "at");
    drifts = List.copyOf(drifts);
    if (ledgerEntries < 0) {
      throw new IllegalArgumentException("ledgerEntries must not be negative, was "
          + ledgerEntries);
    }
    if (!checked && !drifts.isEmpty()) {
      throw new IllegalArgumentException("an unchecked clinic has no drifts");
    }
    for (Drift d : drifts) {
      if (!d.clinic().equals(clinic)) {
        throw new IllegalArgumentException("a report of " + clinic + " cannot hold a drift of "
            + d.clinic());
      }
    }
  }

  /** Whether the clinic was checked and its columns agree with its ledger. */
  public boolean clean() {
    return checked && drifts.isEmpty();
  }
}
