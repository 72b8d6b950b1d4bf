package com.bnaura.quota.testing;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays one clinic's ledger, in sequence order, through the quota rules of {@link ModelCheck}'s
 * model, then compares the balances the replay ends with against the rows the store holds
 * (RELIABILITY §3, "the same in-memory model the property tests use").
 *
 * <p>Every hold and direct charge must take the split the model decides from the balances the
 * replay has reached (monthly first, then add-on, then overage where the policy allows it, money
 * half-up at the overage price); every commit must charge the first units of its hold in that
 * order and give the rest back exactly once; every release or expiry must give back exactly what
 * was held; a reservation resolves once, a late commit charges once, a key charges once, a period
 * is granted once. At the end monthly used, add-on, overage and open reservations must equal the
 * database rows. Each disagreement is one diff; {@link #diffs} returns them all.
 */
public final class LedgerReplay {
  private static final long TOP_UP_PRICE_PER_UNIT = 4_800;

  private final ModelCheck.Model rules = new ModelCheck.Model();
  private final ModelCheck.Model.Clinic model = new ModelCheck.Model.Clinic();
  private final Map<Instant, long[]> extra = new HashMap<>(); // addonUsed, forfeited, bought
  private final Map<String, Held> reservations = new LinkedHashMap<>();
  private final Set<String> chargedKeys = new HashSet<>();
  private final List<String> diffs = new ArrayList<>();
  private final ClinicId clinic;
  private final Map<Instant, PeriodRecord> rows = new HashMap<>();
  private long addonPurchased;
  private long addonUsed;
  private long seq;

  /** One reservation as the replay sees it. */
  private static final class Held {
    Instant period;
    long m;
    long a;
    long o;
    long cost;
    String key;
    String state = "PENDING";
    long[] remainderDue;
    boolean lateCharged;
  }

  private LedgerReplay(ClinicId clinic) {
    this.clinic = clinic;
  }

  /**
   * Replays the ledger of {@code clinic} in {@code store} and returns every disagreement between
   * the replay and the rules or the stored balances; empty when they agree.
   */
  public static List<String> diffs(QuotaStore store, ClinicId clinic) {
    LedgerReplay replay = new LedgerReplay(clinic);
    AccountRecord account = store.findAccount(clinic).orElseThrow();
    for (PeriodRecord p : store.periods(clinic)) {
      replay.rows.put(p.period().start(), p);
    }
    replay.model.policy = account.policyOverride().orElse(OveragePolicy.CONSENT);
    replay.model.cap = account.overageCap().map(m -> m.minor()).orElse(-1L);
    for (LedgerEntry e : store.ledger(clinic, Instant.MIN, Instant.MAX)) {
      replay.seq++;
      replay.apply(e);
    }
    replay.compare(store, account);
    return List.copyOf(replay.diffs);
  }

  private void diff(LedgerEntry e, String what) {
    diffs.add(clinic + " ledger #" + seq + " " + e.kind() + " " + e.key().map(k -> k.value())
        .orElse("-") + ": " + what);
  }

  private ModelCheck.Model.Period period(LedgerEntry e) {
    ModelCheck.Model.Period p = model.periods.get(e.periodStart());
    if (p == null) {
      diff(e, "no grant opened period " + e.periodStart());
      p = open(e.periodStart(), 0, null);
    }
    return p;
  }

  private ModelCheck.Model.Period open(Instant start, long grant, String plan) {
    ModelCheck.Model.Period p = new ModelCheck.Model.Period();
    p.start = start;
    p.grant = grant;
    p.plan = plan;
    model.periods.put(start, p);
    extra.put(start, new long[3]);
    return p;
  }

  /** The plan a grant belongs to: by its allowance, or else the plan on the period row. */
  private String planOf(Instant start, long grant) {
    for (String plan : List.of("starter", "professional")) {
      if (ModelCheck.Model.allowance(plan) == grant) {
        return plan;
      }
    }
    PeriodRecord row = rows.get(start);
    return row == null ? "enterprise" : row.plan().value();
  }

  private static long[] split(Deduction d) {
    return new long[] {d.fromMonthly().milli(), d.fromAddon().milli(), d.overage().milli()};
  }

  private void apply(LedgerEntry e) {
    long units = e.units().milli();
    long[] s = split(e.split());
    long money = e.money().minor();
    String res = e.reservation().map(r -> r.value()).orElse(null);
    switch (e.kind()) {
      case GRANT -> {
        if (model.periods.containsKey(e.periodStart())) {
          diff(e, "second grant for period " + e.periodStart());
          return;
        }
        model.periods.values().forEach(p -> p.closed = true);
        boolean unlimited = e.reason().filter("UNLIMITED"::equals).isPresent();
        long grant = unlimited ? -1 : units;
        model.plan = unlimited ? "enterprise" : planOf(e.periodStart(), grant);
        open(e.periodStart(), grant, model.plan);
      }
      case GRANT_CHANGED -> {
        ModelCheck.Model.Period p = period(e);
        boolean unlimited = e.reason().filter("UNLIMITED"::equals).isPresent();
        if (!unlimited && units < p.used + p.reserved) {
          diff(e, "grant " + units + " below used + reserved " + (p.used + p.reserved));
        }
        p.grant = unlimited ? -1 : units;
        model.plan = unlimited ? "enterprise" : planOf(e.periodStart(), units);
        p.plan = model.plan;
      }
      case TOP_UP -> {
        long[] x = extra.computeIfAbsent(e.periodStart(), k -> new long[3]);
        x[2] += units;
        model.addon += units;
        addonPurchased += units;
        long price = halfUp(units * TOP_UP_PRICE_PER_UNIT, 1000);
        if (money != price) {
          diff(e, "top-up of " + units + " priced " + money + ", rules say " + price);
        }
      }
      case HOLD -> {
        if (res == null || reservations.containsKey(res)) {
          diff(e, "hold without a new reservation id: " + res);
          return;
        }
        decided(e, s, money);
        ModelCheck.Model.Period p = period(e);
        p.reserved += s[0];
        model.addon -= s[1];
        model.addonReserved += s[1];
        p.overageReserved += s[2];
        p.overageReservedCost += money;
        Held h = new Held();
        h.period = e.periodStart();
        h.m = s[0];
        h.a = s[1];
        h.o = s[2];
        h.cost = money;
        h.key = e.key().map(k -> k.value()).orElse(null);
        reservations.put(res, h);
      }
      case COMMIT -> {
        Held h = res == null ? null : reservations.get(res);
        if (h == null || !h.state.equals("PENDING")) {
          diff(e, "commit of reservation " + res + " that is not pending: "
              + (h == null ? "unknown" : h.state));
          return;
        }
        if (!e.periodStart().equals(h.period)) {
          diff(e, "commit posted to " + e.periodStart() + ", reservation pinned " + h.period);
        }
        long total = s[0] + s[1] + s[2];
        long m = Math.min(h.m, total);
        long a = Math.min(h.a, total - m);
        long o = Math.min(h.o, total - m - a);
        if (m != s[0] || a != s[1] || o != s[2] || total > h.m + h.a + h.o) {
          diff(e, "commit split " + s[0] + "/" + s[1] + "/" + s[2] + " of hold " + h.m + "/" + h.a
              + "/" + h.o + ", rules say " + m + "/" + a + "/" + o);
        }
        long cost = o == h.o ? h.cost : halfUp(h.cost * o, h.o);
        if (money != cost) {
          diff(e, "commit cost " + money + ", rules say " + cost);
        }
        ModelCheck.Model.Period p = period(e);
        p.reserved -= s[0];
        p.used += s[0];
        model.addonReserved -= s[1];
        addonUsed += s[1];
        extra.get(e.periodStart())[0] += s[1];
        p.overageReserved -= s[2];
        p.overage += s[2];
        p.overageReservedCost -= money;
        p.overageCost += money;
        h.state = "COMMITTED";
        long[] rest = {h.m - s[0], h.a - s[1], h.o - s[2], h.cost - money};
        h.remainderDue = rest[0] + rest[1] + rest[2] + rest[3] == 0 ? null : rest;
        chargeOnce(e, h.key);
      }
      case UNHOLD -> {
        Held h = res == null ? null : reservations.get(res);
        if (h == null) {
          diff(e, "unhold of unknown reservation " + res);
          return;
        }
        String reason = e.reason().orElse("");
        long[] expected;
        if (reason.equals("COMMIT_REMAINDER")) {
          expected = h.remainderDue;
          h.remainderDue = null;
        } else if (h.state.equals("PENDING")) {
          expected = new long[] {h.m, h.a, h.o, h.cost};
          h.state = reason.equals("EXPIRED") ? "EXPIRED" : "RELEASED";
        } else {
          expected = null;
        }
        if (expected == null || expected[0] != s[0] || expected[1] != s[1] || expected[2] != s[2]
            || expected[3] != money) {
          diff(e, "unhold " + reason + " " + s[0] + "/" + s[1] + "/" + s[2] + " money " + money
              + " of reservation " + res + " in state " + h.state + ", rules say "
              + (expected == null ? "nothing" : expected[0] + "/" + expected[1] + "/"
                  + expected[2] + " money " + expected[3]));
        }
        ModelCheck.Model.Period p = model.periods.get(h.period);
        p.reserved -= s[0];
        model.addonReserved -= s[1];
        model.addon += s[1];
        p.overageReserved -= s[2];
        p.overageReservedCost -= money;
      }
      case CHARGE -> {
        if (res != null) {
          Held h = reservations.get(res);
          if (h == null || !h.state.equals("EXPIRED") || h.lateCharged) {
            diff(e, "late charge of reservation " + res + " that is not expired or was charged");
          } else {
            h.lateCharged = true;
          }
        } else {
          chargeOnce(e, e.key().map(k -> k.value()).orElse(null));
        }
        decided(e, s, money);
        ModelCheck.Model.Period p = period(e);
        p.used += s[0];
        model.addon -= s[1];
        addonUsed += s[1];
        extra.get(e.periodStart())[0] += s[1];
        p.overage += s[2];
        p.overageCost += money;
      }
      case FORFEIT -> {
        ModelCheck.Model.Period p = period(e);
        if (e.reverses().isPresent()) {
          if (!p.closed) {
            diff(e, "forfeit of a reversal in an open period");
          }
        } else if (res == null) {
          long left = p.grant < 0 ? 0 : p.grant - p.used - p.reserved;
          if (p.closed || s[0] != left) {
            diff(e, "period close forfeits " + s[0] + ", unused monthly is " + left);
          }
          p.closed = true;
        } else if (!p.closed) {
          diff(e, "forfeit of reservation " + res + " in an open period");
        }
        extra.get(e.periodStart())[1] += s[0];
      }
      case GRANT_EXPIRED, GRANT_VOIDED -> {
        if (s[0] != 0 || s[2] != 0 || money != 0 || e.split().grants().size() != 1) {
          diff(e, "a grant expiry or void carries more than one grant's add-on units");
        }
        model.addon -= s[1];
      }
      case REVERSAL -> {
        ModelCheck.Model.Period p = period(e);
        p.used -= s[0];
        model.addon += s[1];
        addonUsed -= s[1];
        extra.get(e.periodStart())[0] -= s[1];
        p.overage -= s[2];
        p.overageCost -= money;
      }
      case CREDIT -> {
        if (s[0] + s[1] + s[2] != 0) {
          diff(e, "a credit carries a split");
        }
      }
      case UNBILLED, FAILED_CALL -> {
        if (s[0] + s[1] + s[2] != 0 || money != 0) {
          diff(e, "unbilled usage carries a split or money");
        }
        if (res != null && e.kind() == com.bnaura.quota.spi.LedgerKind.UNBILLED) {
          Held h = reservations.get(res);
          if (h != null) {
            h.lateCharged = true;
          }
        }
      }
      default -> diff(e, "unknown ledger kind");
    }
  }

  /** A hold or direct charge must take exactly the split and cost the model decides. */
  private void decided(LedgerEntry e, long[] s, long money) {
    ModelCheck.Model.Period current = model.periods.isEmpty() ? null : model.current();
    if (current == null || !current.start.equals(e.periodStart()) || current.closed) {
      diff(e, "charged into " + e.periodStart() + ", not the open period");
      return;
    }
    long total = s[0] + s[1] + s[2];
    Object decision = rules.decide(model, total, true);
    if (decision instanceof String refusal) {
      diff(e, "took " + s[0] + "/" + s[1] + "/" + s[2] + " where the rules refuse (" + refusal
          + ", policy " + model.policy + ")");
      return;
    }
    long[] d = (long[]) decision;
    if (d[0] != s[0] || d[1] != s[1] || d[2] != s[2] || d[3] != money) {
      diff(e, "took " + s[0] + "/" + s[1] + "/" + s[2] + " for " + money + ", rules say " + d[0]
          + "/" + d[1] + "/" + d[2] + " for " + d[3]);
    }
  }

  private void chargeOnce(LedgerEntry e, String key) {
    if (key != null && !chargedKeys.add(key)) {
      diff(e, "key charged twice");
    }
  }

  private void compare(QuotaStore store, AccountRecord account) {
    check("account addonAvailable", account.addonAvailable().milli(), model.addon);
    check("account addonReserved", account.addonReserved().milli(), model.addonReserved);
    check("account addonPurchased", account.addonPurchased().milli(), addonPurchased);
    check("account addonUsed", account.addonUsed().milli(), addonUsed);
    Set<String> seen = new HashSet<>();
    for (PeriodRecord row : rows.values()) {
      Instant start = row.period().start();
      ModelCheck.Model.Period p = model.periods.get(start);
      if (p == null) {
        diffs.add(clinic + " period " + row.period() + " has no grant in the ledger");
        continue;
      }
      long[] x = extra.get(start);
      String at = "period " + start + " ";
      if (!row.unlimited()) {
        check(at + "granted", row.granted().milli(), p.grant);
      }
      check(at + "monthlyUsed", row.monthlyUsed().milli(), p.used);
      check(at + "monthlyReserved", row.monthlyReserved().milli(), p.reserved);
      check(at + "addonUsed", row.addonUsed().milli(), x[0]);
      check(at + "overageUnits", row.overageUnits().milli(), p.overage);
      check(at + "overageReserved", row.overageReserved().milli(), p.overageReserved);
      check(at + "overageCost", row.overageCost().minor(), p.overageCost);
      check(at + "overageReservedCost", row.overageReservedCost().minor(), p.overageReservedCost);
      check(at + "forfeited", row.forfeited().milli(), x[1]);
      check(at + "addonBought", row.addonBought().milli(), x[2]);
      check(at + "closed", row.closed() ? 1 : 0, p.closed ? 1 : 0);
      for (ReservationRecord r : store.reservations(clinic, start)) {
        String id = r.id().value();
        seen.add(id);
        Held h = reservations.get(id);
        if (h == null) {
          diffs.add(clinic + " reservation " + id + " has no hold in the ledger");
          continue;
        }
        if (!r.state().name().equals(h.state)) {
          diffs.add(clinic + " reservation " + id + " is " + r.state() + ", replay says " + h.state);
        }
        long[] hold = split(r.hold());
        if (hold[0] != h.m || hold[1] != h.a || hold[2] != h.o || r.holdCost().minor() != h.cost) {
          diffs.add(clinic + " reservation " + id + " holds " + r.hold() + ", replay says "
              + h.m + "/" + h.a + "/" + h.o);
        }
        if (h.remainderDue != null) {
          diffs.add(clinic + " reservation " + id + " committed part of its hold, rest never given back");
        }
      }
    }
    for (Map.Entry<Instant, ModelCheck.Model.Period> p : model.periods.entrySet()) {
      if (!rows.containsKey(p.getKey())) {
        diffs.add(clinic + " ledger granted period " + p.getKey() + " that has no row");
      }
    }
    for (String id : reservations.keySet()) {
      if (!seen.contains(id)) {
        diffs.add(clinic + " ledger held reservation " + id + " that has no row");
      }
    }
  }

  private void check(String what, long stored, long replayed) {
    if (stored != replayed) {
      diffs.add(clinic + " " + what + ": database " + stored + ", replay " + replayed);
    }
  }

  private static long halfUp(long numerator, long denominator) {
    long q = numerator / denominator;
    long r = numerator % denominator;
    return 2 * r >= denominator ? q + 1 : q;
  }
}
