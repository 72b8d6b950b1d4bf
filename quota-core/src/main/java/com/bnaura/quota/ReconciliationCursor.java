package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a walk over every clinic stands: after which clinic id (in the store's order of ids) the
 * next {@link QuotaService#reconcileSome} step starts. It holds no lock and no state in the store,
 * so a cursor may be kept anywhere, dropped, or started again.
 *
 * @param after the last clinic checked; empty at the start of a pass
 */
public record ReconciliationCursor(Optional<ClinicId> after) {

  /** The start of a pass: the first clinic comes next. */
  public static final ReconciliationCursor START = new ReconciliationCursor(Optional.empty());

  /** Validates. */
  public ReconciliationCursor {
    Objects.requireNonNull(after, "after");
  }

  /** The cursor right after {@code clinic}. */
  public static ReconciliationCursor after(ClinicId clinic) {
    return new ReconciliationCursor(Optional.of(clinic));
  }
}
