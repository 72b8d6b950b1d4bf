package com.bnaura.quota.internal;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PeriodRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The percent remaining, the alert levels it reaches and the levels it is back above, in exact
 * integer arithmetic: {@code remaining / base} below 10% is {@code remaining * 10 < base}.
 *
 * <p>A level fires once per period and is then marked in the period row; a write that lifts the
 * balance back above a marked level recovers it: the mark goes, so the level is armed to fire
 * again if the balance falls below it later in the period.
 */
final class AlertThresholds {
  static final BigDecimal HUNDRED = BigDecimal.valueOf(100).setScale(2);

  private AlertThresholds() {}

  /** Monthly allowance + add-on balance at period start + add-on bought in the period. */
  static Units base(PeriodRecord row) {
    return row.granted().plus(row.addonAtStart()).plus(row.addonBought());
  }

  /** {@code remaining / base} in percent, rounded down to two decimals; 0 when base is 0. */
  static BigDecimal percent(Units remaining, Units base) {
    if (base.isZero()) {
      return BigDecimal.ZERO.setScale(2);
    }
    BigDecimal percent = BigDecimal.valueOf(remaining.milli()).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(base.milli()), 2, RoundingMode.DOWN);
    return percent.min(HUNDRED);
  }

  /**
   * Whether {@code remaining} is at or below {@code percent} percent of {@code base}: {@code
   * remaining * 100 <= percent * base}, exactly; a base of zero has nothing left above any percent.
   */
  static boolean atOrBelowPercent(Units remaining, Units base, int percent) {
    return remaining.milli() * 100 <= (long) percent * base.milli();
  }

  /** The threshold levels (WARNING, CRITICAL, EXHAUSTED) that {@code remaining} is at. */
  static EnumSet<AlertLevel> reached(Units remaining, Units base) {
    EnumSet<AlertLevel> levels = EnumSet.noneOf(AlertLevel.class);
    long r = remaining.milli();
    long b = base.milli();
    if (r * 10 < b || r == 0) {
      levels.add(AlertLevel.WARNING);
    }
    if (r * 20 < b || r == 0) {
      levels.add(AlertLevel.CRITICAL);
    }
    if (r == 0) {
      levels.add(AlertLevel.EXHAUSTED);
    }
    return levels;
  }

  /**
   * The level a balance is at now: OVERAGE_STARTED while exhausted with overage charged this
   * period, else the most severe threshold level reached, or empty.
   */
  static Optional<AlertLevel> current(Units remaining, Units base, Units overageUnits) {
    EnumSet<AlertLevel> levels = reached(remaining, base);
    if (levels.contains(AlertLevel.EXHAUSTED)) {
      return Optional.of(overageUnits.isPositive() ? AlertLevel.OVERAGE_STARTED
          : AlertLevel.EXHAUSTED);
    }
    if (levels.contains(AlertLevel.CRITICAL)) {
      return Optional.of(AlertLevel.CRITICAL);
    }
    if (levels.contains(AlertLevel.WARNING)) {
      return Optional.of(AlertLevel.WARNING);
    }
    return Optional.empty();
  }

  /**
   * The levels of {@code fired} that {@code remaining} is back above: a threshold level it no
   * longer reaches, and OVERAGE_STARTED once anything remains. On an unlimited plan every fired
   * level is recovered.
   */
  static EnumSet<AlertLevel> recovered(Set<AlertLevel> fired, boolean unlimited, Units remaining,
      Units base) {
    EnumSet<AlertLevel> back = EnumSet.noneOf(AlertLevel.class);
    if (fired.isEmpty()) {
      return back;
    }
    back.addAll(fired);
    if (unlimited) {
      return back;
    }
    back.removeAll(reached(remaining, base));
    if (remaining.isZero()) {
      back.remove(AlertLevel.OVERAGE_STARTED);
    }
    return back;
  }
}
