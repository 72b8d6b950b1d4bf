package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link QuotaService#reconcile} found for one clinic: the balance columns that disagree with
 * the fold of its ledger, or none.
 *
 * <p>The account and the period rows are compared with the ledger entries they were written with,
 * read at one instant, so a write that lands during the check is never mistaken for a drift: it
 * is left for the next check.
 *
 * @param clinic the clinic
 * @param at when the check ran, by the service's clock
 * @param ledgerEntries how many ledger entries were folded
 * @param drifts every column that disagrees with the ledger; empty when the books agree
 */
public record ReconciliationReport(ClinicId clinic, Instant at, long ledgerEntries,
    List<Drift> drifts) {

  /** Validates and copies. */
  public ReconciliationReport {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(at, "at");
    drifts = List.copyOf(drifts);
    if (ledgerEntries < 0) {
      throw new IllegalArgumentException("ledgerEntries must not be negative, was "
          + ledgerEntries);
    }
    for (Drift d : drifts) {
      if (!d.clinic().equals(clinic)) {
        throw new IllegalArgumentException("a report of " + clinic + " cannot hold a drift of "
            + d.clinic());
      }
    }
  }

  /** Whether the clinic's columns agree with its ledger. */
  public boolean clean() {
    return drifts.isEmpty();
  }
}
