package com.bnaura.quota;

import com.bnaura.quota.model.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's auto top-up in its status: the settings, whether they are on, and what auto top-up
 * bought in the current period.
 *
 * @param settings the stored settings
 * @param enabled whether a crossing of the threshold buys
 * @param disabledReason why it is off, when off: {@code DISABLED} by the owner, or the failed
 *     payment's reason
 * @param purchases the payments requested this period
 * @param spent the money they cost (failed ones excepted)
 * @param ceilingReached whether the ceiling stopped a purchase this period
 */
public record AutoTopUpStatus(AutoTopUp settings, boolean enabled, Optional<String> disabledReason,
    int purchases, Money spent, boolean ceilingReached) {

  /** Validates. */
  public AutoTopUpStatus {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(disabledReason, "disabledReason");
    Objects.requireNonNull(spent, "spent");
  }
}
