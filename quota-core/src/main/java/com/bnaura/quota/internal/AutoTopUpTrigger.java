package com.bnaura.quota.internal;

import com.bnaura.quota.AutoTopUpCeilingReached;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.PaymentPurpose;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auto top-up rule, decided in the write of the charge that crossed the threshold: when the
 * clinic's remaining (monthly remaining plus add-on available, the figure alerts use) is at or
 * below its threshold, auto top-up is on and no payment of the clinic is open, the same write
 * requests one payment, keyed by the period and the crossing's number in it; unless the period's
 * auto top-ups plus this one would cost more than the ceiling, which is said once per period.
 */
final class AutoTopUpTrigger {
  private static final Logger log = LoggerFactory.getLogger(AutoTopUpTrigger.class);

  private AutoTopUpTrigger() {}

  /** Requests the auto top-up the session's charge made due, if it did. */
  static void check(ClinicSession s) {
    Optional<AutoTopUpRecord> stored = s.tx().autoTopUp();
    if (stored.isEmpty() || !stored.get().enabled()) {
      return;
    }
    PeriodRecord row = s.current();
    if (row.unlimited() || s.tx().openPayment().isPresent()) {
      return;
    }
    Units remaining = row.monthlyRemaining().plus(s.addonAvailable());
    Units base = AlertThresholds.base(row);
    Instant now = s.now();
    AutoTopUpRecord a = stored.get().inPeriod(row.period().start());
    if (!crossed(a, remaining, base)) {
      return;
    }
    Billing.Purchase what;
    try {
      what = Billing.purchase(s.catalog(), a.pack().orElse(null),
          a.pack().isPresent() ? 0 : a.units().milli() / 1000);
    } catch (InvalidArgumentException e) {
      log.warn("Auto top-up of clinic {} is off: the catalog no longer sells what it buys ({})",
          s.account().clinic(), e.getMessage());
      s.tx().putAutoTopUp(a.disabled("NOT_IN_CATALOG", now));
      return;
    }
    if (AddonCapacity.check(s.account(), row, what.units()).isPresent()) {
      return;
    }
    Money after = a.spent().plus(what.cost());
    if (after.exceeds(a.monthlyCeiling())) {
      if (!a.ceilingNoticed()) {
        s.tx().putAutoTopUp(a.counting(a.purchases(), a.spent(), true, now));
        AutoTopUpCeilingReached reached = new AutoTopUpCeilingReached(s.account().clinic(),
            row.period(), a.monthlyCeiling(), a.spent(), what.cost(),
            Messages.autoTopUpCeiling(what.cost(), a.monthlyCeiling(), a.spent()), now);
        s.announce(reached, l -> l.onAutoTopUpCeilingReached(reached));
      }
      return;
    }
    int crossing = a.purchases() + 1;
    PaymentRecord payment = new PaymentRecord(s.account().clinic(),
        keyOf(row.period().start(), crossing), PaymentState.REQUESTED, PaymentPurpose.AUTO_TOP_UP,
        row.period().start(), what.units(), what.pack(), what.cost(),
        "auto_" + UUID.randomUUID().toString().replace("-", ""), Optional.empty(),
        Optional.empty(), 0, a.grantOnAuthorisation(), Optional.empty(), now, now);
    s.tx().putPayment(payment);
    s.tx().putAutoTopUp(a.counting(crossing, after, a.ceilingNoticed(), now));
    AutoTopUpPayment requested = view(payment);
    s.announce(requested, l -> l.onAutoTopUpRequested(requested));
  }

  /** Whether {@code remaining} of {@code base} is at or below {@code a}'s threshold. */
  static boolean crossed(AutoTopUpRecord a, Units remaining, Units base) {
    if (a.thresholdUnits().isPresent()) {
      return remaining.compareTo(a.thresholdUnits().get()) <= 0;
    }
    return AlertThresholds.atOrBelowPercent(remaining, base, a.thresholdPercent().orElseThrow());
  }

  /** The key of the {@code crossing}-th auto top-up of the period starting {@code start}. */
  static IdempotencyKey keyOf(Instant start, int crossing) {
    return new IdempotencyKey("auto-top-up:" + start + ":" + crossing);
  }

  /** The public view of {@code p}. */
  static AutoTopUpPayment view(PaymentRecord p) {
    return new AutoTopUpPayment(p.clinic(), p.key().value(), p.state(), p.units(), p.pack(),
        p.amount(), p.reference(), p.failureReason(), p.attempts(), p.createdAt(), p.updatedAt());
  }
}
