package com.bnaura.quota.internal;

import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.RepeatWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The free repeat scan: the first charged scan of a customer opens a 24-hour window, fixed from
 * that scan; within it a scan of that customer is free up to the highest rate already paid in the
 * window, and a higher-rated scan pays only the difference.
 */
final class RepeatScans {
  /** How long a window stays open after the scan that opened it. */
  static final Duration WINDOW = Duration.ofHours(24);

  private RepeatScans() {}

  /**
   * What the exemption leaves to charge of {@code units} of {@code op} for {@code customer},
   * given the customer's stored window, and the window to store if the charge is granted.
   */
  static Exemption exemption(ClinicId clinic, Operation op, Units units,
      Optional<CustomerRefHash> customer, Optional<RepeatWindow> stored, Instant now) {
    if (!op.repeatScanEligible() || customer.isEmpty() || units.isZero()) {
      return new Exemption(units, Units.ZERO, Optional.empty(), Optional.empty());
    }
    Optional<RepeatWindow> open = stored.filter(w -> now.isBefore(w.openedAt().plus(WINDOW)));
    if (open.isEmpty()) {
      return new Exemption(units, Units.ZERO,
          Optional.of(new RepeatWindow(clinic, customer.get(), now, units)), Optional.of(now));
    }
    RepeatWindow window = open.get();
    Units charge = units.exceeds(window.paid()) ? units.minus(window.paid()) : Units.ZERO;
    Optional<RepeatWindow> raised = charge.isPositive()
        ? Optional.of(new RepeatWindow(window.clinic(), window.customer(), window.openedAt(), units))
        : Optional.empty();
    return new Exemption(charge, units.minus(charge), raised, Optional.of(window.openedAt()));
  }

  /** Whether a reservation taken at {@code takenAt} paid into {@code window}. */
  static boolean paidInto(RepeatWindow window, Instant takenAt) {
    return !takenAt.isBefore(window.openedAt()) && takenAt.isBefore(window.openedAt().plus(WINDOW));
  }

  /**
   * The window once a reservation that paid into it gives {@code units} back (released, expired
   * or committed for less): empty when nothing paid remains, so the window goes.
   */
  static Optional<RepeatWindow> afterReturn(RepeatWindow window, Units units) {
    Units paid = window.paid().minus(units.min(window.paid()));
    return paid.isZero() ? Optional.empty()
        : Optional.of(new RepeatWindow(window.clinic(), window.customer(), window.openedAt(), paid));
  }

  /**
   * What the repeat-scan exemption leaves to charge, the window to store if granted, and when the
   * window that applies (the open one, or the one this charge opens) opened.
   */
  record Exemption(Units charge, Units waived, Optional<RepeatWindow> window,
      Optional<Instant> windowOpenedAt) {
    Optional<String> reason() {
      return waived.isPositive() ? Optional.of(Charge.REPEAT_WITHIN_24H) : Optional.empty();
    }
  }
}
