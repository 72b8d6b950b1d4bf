package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.Balance;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Checks the read side against the store: status equals the balance, usage stats equal the period
 * row and a fold of the ledger written independently here, and alerts are sent at most once per
 * clinic, period and level until a recovery of that level arms it again, and a level is recovered
 * only after it was sent.
 */
final class SeeingCheck implements QuotaListener {
  private final List<QuotaAlert> alerts = new CopyOnWriteArrayList<>();
  private final List<QuotaRecovered> recoveries = new CopyOnWriteArrayList<>();

  @Override
  public void onAlert(QuotaAlert alert) {
    alerts.add(alert);
  }

  @Override
  public void onRecovered(QuotaRecovered recovered) {
    recoveries.add(recovered);
  }

  /** Adds how many alerts of each level were sent, as {@code alert:LEVEL}, to {@code coverage}. */
  void count(Map<String, Integer> coverage) {
    for (QuotaAlert a : alerts) {
      coverage.merge("alert:" + a.level(), 1, Integer::sum);
    }
    if (!recoveries.isEmpty()) {
      coverage.merge("recovered", recoveries.size(), Integer::sum);
    }
  }

  /** Checks the status and the current period's stats of {@code clinic}. */
  void current(QuotaService quotas, QuotaStore store, String clinic, String context) {
    Balance balance = quotas.balance(clinic);
    QuotaStatus status = quotas.status(clinic);
    String at = clinic + " after\n  " + context;
    assertThat(status.period()).as("status period %s", at).isEqualTo(balance.period());
    assertThat(status.plan()).as("status plan %s", at).isEqualTo(balance.plan());
    assertThat(status.monthlyAllowance()).as("status allowance %s", at)
        .isEqualTo(balance.monthlyAllowance());
    assertThat(status.monthlyUsed()).as("status used %s", at).isEqualTo(balance.monthlyUsed());
    assertThat(status.monthlyRemaining()).as("status remaining %s", at)
        .isEqualTo(balance.monthlyRemaining());
    assertThat(status.addonBalance()).as("status add-on %s", at)
        .isEqualTo(balance.addonAvailable());
    assertThat(status.totalRemaining()).as("status total %s", at)
        .isEqualTo(balance.totalRemaining());
    assertThat(status.overageUnits()).as("status overage %s", at)
        .isEqualTo(balance.overageUnits());
    assertThat(status.overageCost()).as("status overage cost %s", at)
        .isEqualTo(balance.overageCost());
    assertThat(status.policy()).as("status policy %s", at).isEqualTo(balance.policy());

    Instant start = balance.period().start();
    PeriodRecord row = store.findPeriod(ClinicId.of(clinic), start).orElse(null);
    if (row == null) {
      // the reset passed and nothing wrote since: a fresh period
      assertThat(status.percentRemaining()).as("fresh period percent %s", at)
          .isEqualTo(balance.unlimited() ? new BigDecimal("100.00") : percent(balance.totalRemaining(),
              balance.monthlyAllowance().plus(balance.addonAvailable())
                  .plus(balance.addonReserved())));
      assertThat(quotas.usageStats(clinic).charged().count()).as("fresh stats %s", at).isZero();
      return;
    }
    if (!row.unlimited()) {
      Units base = row.granted().plus(row.addonAtStart()).plus(row.addonBought());
      assertThat(status.percentRemaining()).as("percent %s", at)
          .isEqualTo(percent(status.totalRemaining(), base));
    } else {
      assertThat(status.alertLevel()).as("unlimited alert level %s", at).isEmpty();
    }
    period(quotas, store, clinic, row, context);
  }

  /** Checks every period's stats of {@code clinic} and the alerts sent for it. */
  void all(QuotaService quotas, QuotaStore store, String clinic, String context) {
    for (PeriodRecord row : store.periods(ClinicId.of(clinic))) {
      period(quotas, store, clinic, row, context);
    }
  }

  private void period(QuotaService quotas, QuotaStore store, String clinic, PeriodRecord row,
      String context) {
    String at = clinic + " " + row.period() + " after\n  " + context;
    UsageStats stats = quotas.usageStats(clinic, row.period().start());
    assertThat(stats.period()).as("stats period %s", at).isEqualTo(row.period());
    assertThat(stats.split().fromMonthly()).as("stats monthly = row %s", at)
        .isEqualTo(row.monthlyUsed());
    assertThat(stats.split().fromAddon()).as("stats add-on = row %s", at)
        .isEqualTo(row.addonUsed());
    assertThat(stats.overageUnits()).as("stats overage = row %s", at)
        .isEqualTo(row.overageUnits());
    assertThat(stats.overageCost()).as("stats overage cost = row %s", at)
        .isEqualTo(row.overageCost());

    // an independent fold of the ledger
    long count = 0;
    long units = 0;
    long waived = 0;
    long unbilled = 0;
    for (LedgerEntry e : store.ledger(ClinicId.of(clinic), Instant.MIN, Instant.MAX)) {
      if (!e.periodStart().equals(row.period().start())) {
        continue;
      }
      if (e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.COMMIT) {
        count++;
        units += e.units().milli();
        waived += e.waived().milli();
      } else if (e.kind() == LedgerKind.UNBILLED) {
        unbilled += e.units().milli();
      }
    }
    assertThat(stats.charged().count()).as("stats charges = ledger %s", at).isEqualTo(count);
    assertThat(stats.charged().units().milli()).as("stats units = ledger %s", at).isEqualTo(units);
    assertThat(stats.exemptRepeats().units().plus(stats.cachedAnswers().units()).milli())
        .as("stats waived = ledger %s", at).isEqualTo(waived);
    assertThat(stats.unbilled().units().milli()).as("stats unbilled = ledger %s", at)
        .isEqualTo(unbilled);
    assertThat(sum(stats.byDay())).as("stats by day add up %s", at).isEqualTo(stats.charged());
    assertThat(sum(stats.byOperation())).as("stats by operation add up %s", at)
        .isEqualTo(stats.charged());

    long pending = 0;
    for (ReservationRecord r : store.reservations(ClinicId.of(clinic), row.period().start())) {
      if (r.state() == ReservationState.PENDING) {
        pending++;
      }
    }
    assertThat(stats.reservations().open()).as("stats open reservations %s", at)
        .isEqualTo(pending);

    // alerts: the marks were sent, each recovery followed a send of its level, and a level was
    // sent again only after a recovery; a level still marked was sent once more than recovered
    Map<AlertLevel, Integer> sent = new HashMap<>();
    for (QuotaAlert a : alerts) {
      if (a.clinic().value().equals(clinic) && a.period().equals(row.period())) {
        sent.merge(a.level(), 1, Integer::sum);
      }
    }
    Map<AlertLevel, Integer> recovered = new HashMap<>();
    for (QuotaRecovered r : recoveries) {
      if (r.clinic().value().equals(clinic) && r.period().equals(row.period())) {
        r.recovered().forEach(level -> recovered.merge(level, 1, Integer::sum));
      }
    }
    for (AlertLevel level : AlertLevel.values()) {
      int s = sent.getOrDefault(level, 0);
      int back = recovered.getOrDefault(level, 0);
      int expected = row.alertsFired().contains(level) ? back + 1 : back;
      assertThat(s).as("%s sent %d times, recovered %d times, %s %s", level, s, back,
          row.alertsFired().contains(level) ? "marked" : "not marked", at).isEqualTo(expected);
    }
  }

  private static UsageStats.Tally sum(Map<?, UsageStats.Tally> tallies) {
    long count = 0;
    Units units = Units.ZERO;
    for (UsageStats.Tally t : tallies.values()) {
      count += t.count();
      units = units.plus(t.units());
    }
    return new UsageStats.Tally(count, units);
  }

  private static BigDecimal percent(Units remaining, Units base) {
    if (base.isZero()) {
      return BigDecimal.ZERO.setScale(2);
    }
    return BigDecimal.valueOf(remaining.milli()).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(base.milli()), 2, RoundingMode.DOWN);
  }
}
