package com.bnaura.quota.internal;

import com.bnaura.quota.Refused;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.PeriodRecord;
import java.util.Optional;

/**
 * How much add-on a clinic can hold: its add-on balance, everything it ever bought, and the
 * period's base for the percent remaining (allowance + add-on at period start + add-on bought, see
 * {@link AlertThresholds#base}) each stay within {@link Units#MAX}. A top-up that would pass one is
 * refused before any payment is taken, so no purchase is paid for and then fails to be credited.
 */
final class AddonCapacity {
  private AddonCapacity() {}

  /** A refusal naming {@code units} when buying {@code units} would pass what the clinic can hold. */
  static Optional<Refused> check(AccountRecord account, PeriodRecord period, Units units) {
    long room = Units.MAX.milli() - Math.max(
        Math.max(account.addonAvailable().milli() + account.addonReserved().milli(),
            account.addonPurchased().milli()),
        period.granted().milli() + period.addonAtStart().milli() + period.addonBought().milli());
    if (units.milli() <= room) {
      return Optional.empty();
    }
    return Optional.of(Refused.invalid(Messages.invalid("units", Messages.TOP_UP_TOO_LARGE,
        units, Units.MAX, new Units(Math.max(0, room)))));
  }
}
