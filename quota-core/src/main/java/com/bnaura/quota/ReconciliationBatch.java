package com.bnaura.quota;

import java.util.List;
import java.util.Objects;

/**
 * One bounded step of a walk over every clinic ({@link QuotaService#reconcileSome}): the reports of
 * the clinics it checked and where the next step starts.
 *
 * <pre>{@code
 * ReconciliationCursor cursor = ReconciliationCursor.START;
 * do {
 *   ReconciliationBatch batch = quotas.reconcileSome(cursor, 100);
 *   batch.drifts().forEach(System.out::println);
 *   cursor = batch.next();
 * } while (!batch.passComplete());
 * }</pre>
 *
 * @param reports one report per clinic checked, in the walk's order
 * @param next where the next step starts; {@link ReconciliationCursor#START} once the walk reached
 *     the last clinic
 * @param passComplete whether this step reached the last clinic, so the next starts a new pass
 */
public record ReconciliationBatch(List<ReconciliationReport> reports, ReconciliationCursor next,
    boolean passComplete) {

  /** Validates and copies. */
  public ReconciliationBatch {
    reports = List.copyOf(reports);
    Objects.requireNonNull(next, "next");
    if (passComplete && !next.equals(ReconciliationCursor.START)) {
      throw new IllegalArgumentException("a complete pass starts the next one from the start");
    }
  }

  /** Every drift the step found, clinic by clinic. */
  public List<Drift> drifts() {
    return reports.stream().flatMap(r -> r.drifts().stream()).toList();
  }
}
