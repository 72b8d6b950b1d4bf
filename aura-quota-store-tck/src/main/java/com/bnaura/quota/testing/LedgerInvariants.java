package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the ledger invariants of RELIABILITY.md §2 for one clinic against any store: conservation
 * of monthly (I1) and add-on (I2) units, charge identity (I3), bounds (I5), balances equal to a fold
 * of the append-only ledger (I6), and reserved columns equal to the pending reservations (I9).
 */
public final class LedgerInvariants {
  private LedgerInvariants() {}

  /** Asserts every invariant for {@code clinic}; fails with a message naming the broken one. */
  public static void check(QuotaStore store, ClinicId clinic) {
    ReliabilityReport.add("nothing_lost", "ledger_checks", 1);
    AccountRecord account = store.findAccount(clinic).orElseThrow();
    List<PeriodRecord> periods = store.periods(clinic);
    List<LedgerEntry> ledger = store.ledger(clinic, Instant.MIN, Instant.MAX);
    Fold fold = fold(ledger);

    // I2 add-on conservation, over all time
    assertThat(account.addonPurchased())
        .as("I2 %s: purchased = used + reserved + available + expired", clinic)
        .isEqualTo(account.addonUsed().plus(account.addonReserved()).plus(account.addonAvailable())
            .plus(account.addonExpired()));
    // I6 account = fold
    assertThat(fold.addonPurchased).as("I6 %s addonPurchased", clinic).isEqualTo(account.addonPurchased().milli());
    assertThat(fold.addonUsed).as("I6 %s addonUsed", clinic).isEqualTo(account.addonUsed().milli());
    assertThat(fold.addonReserved).as("I6 %s addonReserved", clinic).isEqualTo(account.addonReserved().milli());
    assertThat(fold.addonAvailable).as("I6 %s addonAvailable", clinic).isEqualTo(account.addonAvailable().milli());
    assertThat(fold.addonExpired).as("I6 %s addonExpired", clinic).isEqualTo(account.addonExpired().milli());
    checkGrants(store, clinic, account, ledger);

    long pendingMonthly = 0;
    long pendingOverage = 0;
    long pendingAddon = 0;
    Map<Instant, long[]> pendingByPeriod = new HashMap<>();
    for (PeriodRecord p : periods) {
      for (ReservationRecord r : store.reservations(clinic, p.period().start())) {
        if (r.state() == ReservationState.PENDING) {
          long[] sums = pendingByPeriod.computeIfAbsent(p.period().start(), k -> new long[3]);
          sums[0] += r.hold().fromMonthly().milli();
          sums[1] += r.hold().fromAddon().milli();
          sums[2] += r.hold().overage().milli();
          pendingAddon += r.hold().fromAddon().milli();
        }
      }
    }
    // I9 add-on reserved = Σ pending
    assertThat(account.addonReserved().milli()).as("I9 %s addonReserved = Σ pending", clinic)
        .isEqualTo(pendingAddon);

    for (PeriodRecord p : periods) {
      String at = clinic + " " + p.period();
      long[] f = fold.periods.getOrDefault(p.period().start(), new long[12]);
      // I1 monthly conservation
      if (!p.unlimited()) {
        Units accounted = p.monthlyUsed().plus(p.monthlyReserved()).plus(p.forfeited());
        if (p.closed()) {
          assertThat(p.granted()).as("I1 %s closed: G = MU + MR + F", at).isEqualTo(accounted);
        } else {
          assertThat(p.granted().milli()).as("I1 %s open: G >= MU + MR", at)
              .isGreaterThanOrEqualTo(accounted.milli());
          assertThat(p.forfeited()).as("I1 %s open: F = 0", at).isEqualTo(Units.ZERO);
        }
      }
      // I9 period reserved = Σ pending
      long[] pending = pendingByPeriod.getOrDefault(p.period().start(), new long[3]);
      assertThat(p.monthlyReserved().milli()).as("I9 %s monthlyReserved", at).isEqualTo(pending[0]);
      assertThat(p.overageReserved().milli()).as("I9 %s overageReserved", at).isEqualTo(pending[2]);
      pendingMonthly += pending[0];
      pendingOverage += pending[2];
      // I6 period = fold
      if (!p.unlimited()) {
        assertThat(p.granted().milli()).as("I6 %s granted", at).isEqualTo(f[0]);
      }
      assertThat(p.monthlyUsed().milli()).as("I6 %s monthlyUsed", at).isEqualTo(f[1]);
      assertThat(p.monthlyReserved().milli()).as("I6 %s monthlyReserved", at).isEqualTo(f[2]);
      assertThat(p.addonUsed().milli()).as("I6 %s addonUsed", at).isEqualTo(f[3]);
      assertThat(p.overageUnits().milli()).as("I6 %s overageUnits", at).isEqualTo(f[4]);
      assertThat(p.overageReserved().milli()).as("I6 %s overageReserved", at).isEqualTo(f[5]);
      assertThat(p.overageCost().minor()).as("I6 %s overageCost", at).isEqualTo(f[6]);
      assertThat(p.overageReservedCost().minor()).as("I6 %s overageReservedCost", at).isEqualTo(f[7]);
      assertThat(p.forfeited().milli()).as("I6 %s forfeited", at).isEqualTo(f[8]);
      assertThat(p.addonBought().milli()).as("I6 %s addonBought", at).isEqualTo(f[9]);
      // I3 charge identity: Σ charged units = MU + AU(p) + OU(p)
      assertThat(f[10]).as("I3 %s Σ charges = MU + AU + OU", at)
          .isEqualTo(p.monthlyUsed().milli() + p.addonUsed().milli() + p.overageUnits().milli());
      // I12 overage money is never charged without overage units
      if (p.overageUnits().isZero()) {
        assertThat(p.overageCost().isZero()).as("I12 %s no overage money without units", at).isTrue();
      }
    }
    assertThat(pendingMonthly + pendingAddon + pendingOverage).as("I9 %s", clinic)
        .isGreaterThanOrEqualTo(0);

    // I10 rollover exactly once: contiguous periods, one grant each, only the last one open
    List<PeriodRecord> sorted = periods.stream()
        .sorted(java.util.Comparator.comparing(p -> p.period().start())).toList();
    for (int i = 0; i < sorted.size(); i++) {
      PeriodRecord p = sorted.get(i);
      Instant start = p.period().start();
      assertThat(ledger.stream().filter(e -> e.kind() == com.bnaura.quota.spi.LedgerKind.GRANT
          && e.periodStart().equals(start)).count())
          .as("I10 %s one grant for %s", clinic, p.period()).isEqualTo(1);
      if (i + 1 < sorted.size()) {
        assertThat(sorted.get(i + 1).period().start()).as("I10 %s contiguous", clinic)
            .isEqualTo(p.period().end());
        assertThat(p.closed()).as("I10 %s only the last period is open", clinic).isTrue();
      }
    }
    if (!sorted.isEmpty()) {
      PeriodRecord last = sorted.get(sorted.size() - 1);
      assertThat(last.closed()).as("I10 %s current period open", clinic).isFalse();
      assertThat(account.currentPeriod()).as("I10 %s account points at the last period", clinic)
          .isEqualTo(last.period());
    }
  }

  /**
   * I17 grants: every grant equals the fold of the grant parts of the ledger (a top-up grants,
   * holds reserve, unholds give back, commits and charges use, expiries expire), each column is
   * within its grant, and the account's add-on totals are the sums over the grants. The grant
   * {@link GrantRecord#BEFORE_GRANTS} that a migration made of an add-on balance bought before
   * grants existed is checked against the account's totals only.
   */
  private static void checkGrants(QuotaStore store, ClinicId clinic, AccountRecord account,
      List<LedgerEntry> ledger) {
    Map<GrantId, long[]> folded = new HashMap<>(); // granted, used, reserved, expired
    for (LedgerEntry e : ledger) {
      for (GrantPart part : e.split().grants()) {
        long[] g = folded.computeIfAbsent(part.grant(), k -> new long[4]);
        long u = part.units().milli();
        switch (e.kind()) {
          case TOP_UP -> g[0] += u;
          case HOLD -> g[2] += u;
          case UNHOLD -> g[2] -= u;
          case COMMIT -> {
            g[2] -= u;
            g[1] += u;
          }
          case CHARGE -> g[1] += u;
          case GRANT_EXPIRED, GRANT_VOIDED -> g[3] += u;
          case REVERSAL -> g[1] -= u;
          default -> throw new AssertionError("I17 " + e.kind() + " names grant parts");
        }
      }
    }
    long[] sums = new long[5];
    for (GrantRecord g : store.grants(clinic)) {
      String at = clinic + " grant " + g.id();
      long[] f = folded.remove(g.id());
      // the grant a migration made of an older add-on balance has no ledger entries of its own
      if (!g.id().equals(GrantRecord.BEFORE_GRANTS)) {
        assertThat(f).as("I17 %s has ledger entries", at).isNotNull();
        assertThat(new long[] {g.granted().milli(), g.used().milli(), g.reserved().milli(),
            g.expired().milli()}).as("I17 %s granted/used/reserved/expired = fold", at)
            .containsExactly(f);
      }
      assertThat(g.used().plus(g.reserved()).plus(g.expired())).as("I17 %s within grant", at)
          .isLessThanOrEqualTo(g.granted());
      sums[0] += g.granted().milli();
      sums[1] += g.used().milli();
      sums[2] += g.reserved().milli();
      sums[3] += g.expired().milli();
      sums[4] += g.unsettled().milli();
    }
    assertThat(folded.keySet()).as("I17 %s grants the ledger names but the store lacks", clinic)
        .isEmpty();
    if (!store.grants(clinic).isEmpty() || account.addonPurchased().isPositive()) {
      assertThat(sums).as("I17 %s account add-on = Σ grants", clinic).containsExactly(
          account.addonPurchased().milli(), account.addonUsed().milli(),
          account.addonReserved().milli(), account.addonExpired().milli(),
          account.addonAvailable().milli());
    }
  }

  /** The balances a from-scratch replay of the ledger gives. */
  private static final class Fold {
    long addonPurchased;
    long addonUsed;
    long addonReserved;
    long addonAvailable;
    long addonExpired;
    /** Per period start: granted, MU, MR, AU, OU, OR, OC, ORC, F, bought, Σcharged. */
    final Map<Instant, long[]> periods = new HashMap<>();
  }

  private static Fold fold(List<LedgerEntry> ledger) {
    Fold f = new Fold();
    for (LedgerEntry e : ledger) {
      long[] p = f.periods.computeIfAbsent(e.periodStart(), k -> new long[12]);
      Deduction s = e.split();
      long m = s.fromMonthly().milli();
      long a = s.fromAddon().milli();
      long o = s.overage().milli();
      long money = e.money().minor();
      switch (e.kind()) {
        case GRANT, GRANT_CHANGED -> p[0] = e.units().milli();
        case TOP_UP -> {
          f.addonPurchased += e.units().milli();
          f.addonAvailable += e.units().milli();
          p[9] += e.units().milli();
        }
        case HOLD -> {
          p[2] += m;
          f.addonAvailable -= a;
          f.addonReserved += a;
          p[5] += o;
          p[7] += money;
        }
        case UNHOLD -> {
          p[2] -= m;
          f.addonReserved -= a;
          f.addonAvailable += a;
          p[5] -= o;
          p[7] -= money;
        }
        case COMMIT -> {
          p[2] -= m;
          p[1] += m;
          f.addonReserved -= a;
          f.addonUsed += a;
          p[3] += a;
          p[5] -= o;
          p[4] += o;
          p[7] -= money;
          p[6] += money;
          p[10] += m + a + o;
        }
        case CHARGE -> {
          p[1] += m;
          f.addonAvailable -= a;
          f.addonUsed += a;
          p[3] += a;
          p[4] += o;
          p[6] += money;
          p[10] += m + a + o;
        }
        case FORFEIT -> p[8] += m;
        case GRANT_EXPIRED, GRANT_VOIDED -> {
          f.addonAvailable -= a;
          f.addonExpired += a;
        }
        case REVERSAL -> {
          p[1] -= m;
          f.addonAvailable += a;
          f.addonUsed -= a;
          p[3] -= a;
          p[4] -= o;
          p[6] -= money;
          p[10] -= m + a + o;
        }
        case CREDIT -> assertThat(s).as("I16 a credit carries no split").isEqualTo(Deduction.NONE);
        case UNBILLED, FAILED_CALL -> {
          assertThat(s).as("I16 %s carries no split", e.kind()).isEqualTo(Deduction.NONE);
          assertThat(money).as("I16 %s carries no money", e.kind()).isZero();
        }
        default -> throw new AssertionError("unknown ledger kind " + e.kind());
      }
    }
    return f;
  }

  /** The committed overage money of a clinic across all periods. */
  public static Money overageBilled(QuotaStore store, ClinicId clinic, Money zero) {
    Money total = zero;
    for (PeriodRecord p : store.periods(clinic)) {
      total = total.plus(p.overageCost());
    }
    return total;
  }
}
