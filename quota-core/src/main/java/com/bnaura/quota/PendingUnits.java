package com.bnaura.quota;

import com.bnaura.quota.model.Units;
import java.util.Objects;

/**
 * Units a clinic's status shows apart from its settled balances: held by open reservations (not
 * yet charged, not free either), and being bought by an auto top-up payment not yet captured (not
 * yet spendable, unless granted on authorisation).
 *
 * @param reservedMonthly monthly units held by open reservations
 * @param reservedAddon add-on units held by open reservations
 * @param reservedOverage overage units held by open reservations
 * @param awaitingPayment units of the open auto top-up payment that are not granted yet
 */
public record PendingUnits(Units reservedMonthly, Units reservedAddon, Units reservedOverage,
    Units awaitingPayment) {

  /** Nothing pending. */
  public static final PendingUnits NONE = new PendingUnits(Units.ZERO, Units.ZERO, Units.ZERO,
      Units.ZERO);

  /** Validates. */
  public PendingUnits {
    Objects.requireNonNull(reservedMonthly, "reservedMonthly");
    Objects.requireNonNull(reservedAddon, "reservedAddon");
    Objects.requireNonNull(reservedOverage, "reservedOverage");
    Objects.requireNonNull(awaitingPayment, "awaitingPayment");
  }

  /** All units held by open reservations. */
  public Units reserved() {
    return reservedMonthly.plus(reservedAddon).plus(reservedOverage);
  }
}
