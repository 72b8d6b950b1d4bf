package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinic's auto top-up was set or switched off.
 *
 * @param clinic the clinic
 * @param settings the settings now stored (kept when switched off); empty if it never had any
 * @param enabled whether a crossing of the threshold buys
 */
public record AutoTopUpConfigured(ClinicId clinic, Optional<AutoTopUp> settings, boolean enabled)
    implements AutoTopUpResult {

  /** Validates. */
  public AutoTopUpConfigured {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(settings, "settings");
  }
}
