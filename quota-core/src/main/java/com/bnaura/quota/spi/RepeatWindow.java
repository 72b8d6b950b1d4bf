package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;

/**
 * The 24-hour window of free repeat scans of one customer at one clinic, fixed from the first
 * charged scan.
 *
 * @param clinic the clinic
 * @param customer the hashed customer
 * @param openedAt the instant of the charged scan that opened it; rescans never move it
 * @param paid the highest scan rate paid within the window (a higher-rated scan pays the difference)
 */
public record RepeatWindow(ClinicId clinic, CustomerRefHash customer, Instant openedAt, Units paid) {

  /** Validates. */
  public RepeatWindow {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(paid, "paid");
  }
}
