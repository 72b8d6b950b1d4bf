package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;

/**
 * Thrown by {@link QuotaStore#apply} when a write-set cannot apply as decided: the clinic moved past
 * the version it was read at, or a row the decision inserts already exists. Nothing of the write-set
 * was written. The engine loads the clinic again and decides again (or replays the stored outcome
 * it then finds). This is not a failure of the store.
 */
public final class WriteConflict extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ClinicId clinic;

  /** A conflict on {@code clinic}, for the reason given. */
  public WriteConflict(ClinicId clinic, String reason) {
    super("write conflict on clinic " + clinic + ": " + reason, null, false, false);
    this.clinic = clinic;
  }

  /** The clinic whose write-set conflicted. */
  public ClinicId clinic() {
    return clinic;
  }
}
