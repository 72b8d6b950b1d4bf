package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Seeded-random model check: random sequences of reserve, commit (full and partial), release,
 * expiry, consume, top-up, plan change, key retries and clock moves (across Bangkok month ends and
 * 24-hour window edges) run against the engine over a store and against {@link Model}, a small
 * independent model of the quota rules. After every step the two must agree on every outcome, split
 * and money figure, and the ledger invariants must hold; the status and usage stats of the clinic
 * acted on must agree with its balance, period row and ledger, and alerts must not repeat (every
 * period of every clinic is checked again at the end).
 *
 * <p>Replay one failing sequence with {@code -Dseed=N}.
 */
public final class ModelCheck {
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final String[] CLINICS = {"c-a", "c-b", "c-c"};

  private ModelCheck() {}

  /**
   * Runs {@code sequences} seeded sequences (seeds {@code base, base+1, ...}; the system property
   * {@code seed} replays one), each on a fresh store from {@code stores}, and returns how often
   * each action and boundary case was exercised.
   */
  public static Map<String, Integer> run(Supplier<QuotaStore> stores, long base, int sequences) {
    Long replay = Long.getLong("seed");
    long first = replay != null ? replay : base;
    int count = replay != null ? 1 : sequences;
    Map<String, Integer> coverage = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      long seed = first + i;
      try {
        runSequence(stores.get(), seed, 25, coverage);
      } catch (AssertionError e) {
        throw new AssertionError("sequence failed; replay with -Dseed=" + seed + ": " + e.getMessage(), e);
      }
    }
    return coverage;
  }

  /** Asserts every action and boundary case was exercised at least {@code min} times. */
  public static void assertCovered(Map<String, Integer> coverage, int min) {
    for (String action : List.of("reserve", "commit", "commitPartial", "release", "consume",
        "topUp", "changePlan", "retrySameKey", "retryOtherParams", "sweep", "monthEdge",
        "windowEdge", "refused", "repeatFree", "late", "overage", "alert:WARNING",
        "alert:CRITICAL", "alert:EXHAUSTED", "alert:OVERAGE_STARTED", "recovered")) {
      assertThat(coverage.getOrDefault(action, 0)).as("action %s covered", action)
          .isGreaterThanOrEqualTo(min);
    }
  }

  private static void runSequence(QuotaStore store, long seed, int steps,
      Map<String, Integer> coverage) {
    SplittableRandom random = new SplittableRandom(seed);
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-20T03:00:00Z")
        .plus(Duration.ofMinutes(random.nextInt(60 * 24 * 20))));
    SeeingCheck seeing = new SeeingCheck();
    QuotaService quotas = QuotaService.builder().store(store).clock(clock)
        .customerRefKey("model-test-key-0123456789".getBytes()).listener(seeing).build();
    Model model = new Model();
    List<String> trace = new ArrayList<>();
    int keySeq = 0;
    Map<String, UsageRequest> lastRequests = new HashMap<>();

    for (String clinic : CLINICS) {
      String plan = random.nextInt(5) == 0 ? "enterprise" : random.nextBoolean() ? "starter" : "professional";
      OveragePolicy policy = OveragePolicy.values()[random.nextInt(3)];
      String cap = random.nextInt(4) == 0 ? "300" : null;
      quotas.registerClinic(ClinicRegistration.builder(clinic, plan).overagePolicy(policy)
          .overageCap(cap).build());
      model.register(clinic, plan, policy, cap == null ? -1 : 30000, clock.instant());
      // start most clinics near exhaustion so refusals and overage happen
      long fill = plan.equals("enterprise") ? 3 : random.nextInt(4) == 0 ? 0
          : Model.allowance(plan) / 1000 - random.nextInt(4);
      for (int i = 0; i < fill; i++) {
        UsageRequest r = UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, "fill-" + i).build();
        check(trace, "fill", quotas.tryConsume(r), model.consume(clinic, r, clock.instant(), false));
      }
    }

    for (int step = 0; step < steps; step++) {
      String clinic = CLINICS[random.nextInt(CLINICS.length)];
      int action = random.nextInt(100);
      Instant now = clock.instant();
      if (action < 22) {
        UsageRequest r = usage(random, clinic, "k" + keySeq++);
        lastRequests.put(clinic, r);
        count(coverage, "reserve");
        Object real = quotas.tryReserve(r);
        Object expected = model.reserve(clinic, r, now);
        tally(coverage, real);
        check(trace, "reserve " + r, real, expected);
        if (real instanceof Reserved res) {
          model.bind(res.id().value(), (String) ((Object[]) expected)[1]);
        }
      } else if (action < 36) {
        String id = model.anyReservation(clinic, random);
        if (id == null) {
          continue;
        }
        boolean partial = random.nextInt(3) == 0;
        long held = model.heldTotal(clinic, id);
        Units actual = partial && held > 0 ? Units.ofMilli(random.nextLong(held + 1)) : null;
        count(coverage, partial ? "commitPartial" : "commit");
        if (model.isLate(clinic, id, now)) {
          count(coverage, "late");
        }
        CommitRequest c = new CommitRequest(clinic, model.realId(id), actual, "m", 1, 2, 0);
        check(trace, "commit " + id + " " + actual, quotas.tryCommit(c),
            model.commit(clinic, id, actual == null ? -1 : actual.milli(), now));
      } else if (action < 44) {
        String id = model.anyReservation(clinic, random);
        if (id == null) {
          continue;
        }
        count(coverage, "release");
        check(trace, "release " + id, quotas.tryRelease(clinic, model.realId(id)),
            model.release(clinic, id, now));
      } else if (action < 60) {
        UsageRequest r = usage(random, clinic, "k" + keySeq++);
        lastRequests.put(clinic, r);
        count(coverage, "consume");
        Object real = quotas.tryConsume(r);
        tally(coverage, real);
        check(trace, "consume " + r, real, model.consume(clinic, r, now, false));
      } else if (action < 65) {
        long units = 1 + random.nextInt(5);
        count(coverage, "topUp");
        String key = "t" + keySeq++;
        check(trace, "topUp " + units, quotas.purchaseTopUp(TopUpRequest.units(clinic, units, key)),
            model.topUp(clinic, key, units, now));
      } else if (action < 69) {
        String plan = List.of("starter", "professional", "enterprise").get(random.nextInt(3));
        PlanChangeRequest.Timing timing = PlanChangeRequest.Timing.values()[random.nextInt(3)];
        count(coverage, "changePlan");
        String key = "p" + keySeq++;
        check(trace, "changePlan " + plan + " " + timing,
            quotas.changePlan(new PlanChangeRequest(clinic, plan, timing, key)),
            model.changePlan(clinic, key, plan, timing, now));
      } else if (action < 75) {
        UsageRequest last = lastRequests.get(clinic);
        if (last == null) {
          continue;
        }
        boolean sameParams = random.nextBoolean();
        UsageRequest retry = sameParams ? last
            : UsageRequest.builder(clinic, OperationId.QUICK_SCAN, last.idempotencyKey())
                .quantity(last.quantity() + 1).build();
        count(coverage, sameParams ? "retrySameKey" : "retryOtherParams");
        boolean asReserve = model.keyAction(clinic, last.idempotencyKey()).equals("reserve");
        Object real = asReserve ? quotas.tryReserve(retry) : quotas.tryConsume(retry);
        Object expected = asReserve ? model.reserve(clinic, retry, now) : model.consume(clinic, retry, now, false);
        check(trace, "retry " + retry, real, expected);
        if (real instanceof Reserved res) {
          model.bind(res.id().value(), (String) ((Object[]) expected)[1]);
        }
      } else if (action < 79) {
        count(coverage, "sweep");
        int swept = quotas.expireReservations();
        assertThat(swept).as("swept %s", trace).isEqualTo(model.sweep(now));
      } else if (action < 86) {
        count(coverage, "monthEdge");
        Instant edge = model.nextMonthStart(now);
        clock.set(edge.plusMillis(random.nextBoolean() ? -1 : random.nextInt(3)));
        trace.add("clock " + clock.instant());
      } else if (action < 90) {
        Instant edge = model.anyWindowEdge(random);
        if (edge == null || !edge.isAfter(now)) {
          continue;
        }
        count(coverage, "windowEdge");
        clock.set(edge.plusMillis(random.nextBoolean() ? -1 : 0));
        trace.add("clock " + clock.instant());
      } else {
        long[] choices = {1, 7, 11, 60 * 5, 60 * 24, 60 * 24 * 3};
        clock.advance(Duration.ofMinutes(choices[random.nextInt(choices.length)]));
        trace.add("clock " + clock.instant());
      }
      for (String c : CLINICS) {
        compareBalance(trace, quotas.balance(c), model.balance(c, clock.instant()));
        LedgerInvariants.check(store, ClinicId.of(c));
      }
      seeing.current(quotas, store, clinic, recent(trace));
    }
    for (String c : CLINICS) {
      seeing.all(quotas, store, c, recent(trace));
    }
    seeing.count(coverage);
  }

  private static String recent(List<String> trace) {
    return String.join("\n  ", trace.subList(Math.max(0, trace.size() - 12), trace.size()));
  }

  private static UsageRequest usage(SplittableRandom random, String clinic, String key) {
    OperationId op = switch (random.nextInt(5)) {
      case 0, 1 -> OperationId.QUICK_SCAN;
      case 2, 3 -> OperationId.CLINICAL_ANALYSIS;
      default -> OperationId.CHAT_ADVISOR;
    };
    return UsageRequest.builder(clinic, op, key)
        .customerRef(random.nextInt(3) == 0 ? null : "cust-" + random.nextInt(3))
        .quantity(random.nextInt(10) == 0 ? 2 : 1)
        .acceptOverage(random.nextBoolean())
        .ttl(Duration.ofMinutes(random.nextBoolean() ? 10 : 3))
        .build();
  }

  private static void tally(Map<String, Integer> coverage, Object real) {
    if (real instanceof Refused r && r.code() == RefusalCode.QUOTA_EXCEEDED) {
      count(coverage, "refused");
    }
    com.bnaura.quota.model.Charge charge = real instanceof Reserved r ? r.hold()
        : real instanceof Consumed c ? c.charge() : null;
    if (charge != null && charge.waived().isPositive()) {
      count(coverage, "repeatFree");
    }
    if (charge != null && charge.split().overage().isPositive()) {
      count(coverage, "overage");
    }
  }

  private static void count(Map<String, Integer> coverage, String action) {
    coverage.merge(action, 1, Integer::sum);
  }

  /** Compares a real outcome with the model's summary {@code [kind, ...fields]}. */
  private static void check(List<String> trace, String step, Object real, Object expected) {
    trace.add(step);
    Object[] e = (Object[]) expected;
    String kind = (String) e[0];
    String context = String.join("\n  ", trace.subList(Math.max(0, trace.size() - 40), trace.size()));
    switch (kind) {
      case "refused" -> assertThat(real).as(context).isInstanceOfSatisfying(Refused.class,
          r -> assertThat(r.code().name()).as(context).isEqualTo(e[1]));
      case "reserved" -> assertThat(real).as(context).isInstanceOfSatisfying(Reserved.class, r -> {
        assertThat(splitOf(r.hold())).as(context).isEqualTo(e[2]);
        assertThat(r.hold().overageCost().minor()).as(context).isEqualTo(e[3]);
        assertThat(r.hold().waived().milli()).as(context).isEqualTo(e[4]);
      });
      case "consumed" -> assertThat(real).as(context).isInstanceOfSatisfying(Consumed.class, c -> {
        assertThat(splitOf(c.charge())).as(context).isEqualTo(e[1]);
        assertThat(c.charge().overageCost().minor()).as(context).isEqualTo(e[2]);
        assertThat(c.charge().waived().milli()).as(context).isEqualTo(e[3]);
      });
      case "committed" -> assertThat(real).as(context).isInstanceOfSatisfying(Committed.class, c -> {
        assertThat(splitOf(c.charge())).as(context).isEqualTo(e[1]);
        assertThat(c.charge().overageCost().minor()).as(context).isEqualTo(e[2]);
        assertThat(c.late()).as(context + " late").isEqualTo(e[3]);
        assertThat(c.billed()).as(context + " billed").isEqualTo(e[4]);
      });
      case "released" -> assertThat(real).as(context).isInstanceOfSatisfying(Released.class, r -> {
        assertThat(splitOf(r.returned())).as(context).isEqualTo(e[1]);
        assertThat(r.forfeited().milli()).as(context).isEqualTo(e[2]);
        assertThat(r.expired()).as(context + " expired").isEqualTo(e[3]);
      });
      case "toppedUp" -> assertThat(real).as(context).isInstanceOfSatisfying(ToppedUp.class,
          t -> {
            assertThat(t.addonBalance().milli()).as(context).isEqualTo(e[1]);
            assertThat(t.totalCost().minor()).as(context).isEqualTo(e[2]);
          });
      case "planChanged" -> assertThat(real).as(context).isInstanceOfSatisfying(PlanChanged.class,
          p -> {
            assertThat(p.immediate()).as(context + " immediate").isEqualTo(e[1]);
            assertThat(p.to().value()).as(context).isEqualTo(e[2]);
            assertThat(p.proratedCharge().minor()).as(context + " prorated").isEqualTo(e[3]);
          });
      default -> throw new AssertionError("unknown expectation " + kind);
    }
  }

  private static String splitOf(com.bnaura.quota.model.Charge c) {
    return splitOf(c.split());
  }

  private static String splitOf(com.bnaura.quota.model.Deduction d) {
    return d.fromMonthly().milli() + "/" + d.fromAddon().milli() + "/" + d.overage().milli();
  }

  private static void compareBalance(List<String> trace, Balance real, long[] expected) {
    String context = String.join("\n  ", trace.subList(Math.max(0, trace.size() - 12), trace.size()));
    long[] actual = {
        real.period().start().toEpochMilli(),
        real.unlimited() ? -1 : real.monthlyAllowance().milli(),
        real.monthlyUsed().milli(), real.monthlyReserved().milli(),
        real.addonAvailable().milli(), real.addonReserved().milli(),
        real.overageUnits().milli(), real.overageCost().minor()};
    assertThat(actual).as("balance of %s [start, grant, used, reserved, addon, addonReserved, "
        + "overage, overageCost] after\n  %s", real.clinic(), context).containsExactly(expected);
  }

  /** An independent model of one clinic's balances, written from the quota rules. */
  static final class Model {
    static long allowance(String plan) {
      return switch (plan) {
        case "starter" -> 100_000;
        case "professional" -> 500_000;
        default -> -1;
      };
    }

    static long price(String plan) {
      return switch (plan) {
        case "starter" -> 299_000;
        case "professional" -> 899_000;
        default -> 0;
      };
    }

    static long overagePrice(String plan) {
      return switch (plan) {
        case "starter" -> 7_500;
        case "professional" -> 6_000;
        default -> -1;
      };
    }

    static long rate(String op) {
      return switch (op) {
        case "QUICK_SCAN" -> 200;
        case "CLINICAL_ANALYSIS" -> 1000;
        default -> 0;
      };
    }

    static final class Period {
      Instant start;
      Instant end;
      String plan;
      long grant;
      long used;
      long reserved;
      long overage;
      long overageReserved;
      long overageCost;
      long overageReservedCost;
      boolean closed;
    }

    static final class Res {
      String clinic;
      Instant periodStart;
      long m;
      long a;
      long o;
      long cost;
      long waived;
      String customer;
      Instant createdAt;
      Instant expiresAt;
      boolean accept;
      String state = "PENDING";
      String realId;
      Object[] resolution;
      String resolutionKey;
      Object[] late;
      String lateKey;
    }

    static final class Clinic {
      String plan;
      String pending;
      OveragePolicy policy;
      long cap;
      long addon;
      long addonReserved;
      final TreeMap<Instant, Period> periods = new TreeMap<>();
      final Map<String, Instant[]> windows = new HashMap<>();
      final Map<String, Long> paid = new HashMap<>();
      final Map<String, Object[]> keys = new HashMap<>();
      final Map<String, String> keyParams = new HashMap<>();
      final Map<String, String> keyAction = new HashMap<>();
      final Map<String, Instant> keyAt = new HashMap<>();
      final Map<String, Res> reservations = new LinkedHashMap<>();

      Period current() {
        return periods.lastEntry().getValue();
      }
    }

    final Map<String, Clinic> clinics = new HashMap<>();
    private int seq;
    private Object[] lastReserved;

    void register(String id, String plan, OveragePolicy policy, long cap, Instant now) {
      Clinic c = new Clinic();
      c.plan = plan;
      c.policy = policy;
      c.cap = cap;
      Period p = new Period();
      var period = ResetSchedule.calendarMonth().periodContaining(now, BANGKOK);
      p.start = period.start();
      p.end = period.end();
      p.plan = plan;
      p.grant = allowance(plan);
      c.periods.put(p.start, p);
      clinics.put(id, c);
    }

    Instant nextMonthStart(Instant now) {
      return ResetSchedule.calendarMonth().periodContaining(now, BANGKOK).end();
    }

    Instant anyWindowEdge(SplittableRandom random) {
      List<Instant> edges = new ArrayList<>();
      for (Clinic c : clinics.values()) {
        for (Instant[] w : c.windows.values()) {
          edges.add(w[0].plus(Duration.ofHours(24)));
        }
      }
      return edges.isEmpty() ? null : edges.get(random.nextInt(edges.size()));
    }

    String keyAction(String clinic, String key) {
      return clinics.get(clinic).keyAction.getOrDefault(key, "consume");
    }

    void rollover(Clinic c, Instant now) {
      while (!now.isBefore(c.current().end)) {
        Period old = c.current();
        old.closed = true;
        Period p = new Period();
        p.start = old.end;
        p.end = ResetSchedule.calendarMonth().periodContaining(p.start, BANGKOK).end();
        if (c.pending != null) {
          c.plan = c.pending;
          c.pending = null;
        }
        p.plan = c.plan;
        p.grant = allowance(c.plan);
        c.periods.put(p.start, p);
      }
    }

    long monthlyFree(Period p) {
      if (p.grant < 0) {
        return Units.MAX.milli();
      }
      return p.closed ? 0 : p.grant - p.used - p.reserved;
    }

    /** Returns {m, a, o, cost} or {refusal}. */
    Object decide(Clinic c, long units, boolean accept) {
      Period p = c.current();
      long m = Math.min(units, monthlyFree(p));
      long a = Math.min(units - m, c.addon);
      long o = units - m - a;
      if (o == 0) {
        return new long[] {m, a, 0, 0};
      }
      long price = overagePrice(c.plan);
      if (price < 0 || c.policy == OveragePolicy.BLOCK) {
        return "QUOTA_EXCEEDED";
      }
      long product = o * price;
      long cost = product / 1000 + (product % 1000 >= 500 ? 1 : 0);
      if (c.cap >= 0 && p.overageCost + p.overageReservedCost + cost > c.cap) {
        return "QUOTA_EXCEEDED";
      }
      if (c.policy == OveragePolicy.CONSENT && !accept) {
        return "QUOTA_EXCEEDED";
      }
      return new long[] {m, a, o, cost};
    }

    Object decideReclaiming(Clinic c, long units, boolean accept, Instant now) {
      Object d = decide(c, units, accept);
      if (d instanceof String) {
        boolean any = false;
        for (Res r : c.reservations.values()) {
          if (r.state.equals("PENDING") && !now.isBefore(r.expiresAt)) {
            restore(c, r, true, now);
            any = true;
          }
        }
        if (any) {
          d = decide(c, units, accept);
        }
      }
      return d;
    }

    /** Returns {charge, waived, newPaid or -1 (window untouched), opens}. */
    long[] exemption(Clinic c, UsageRequest r, long units, Instant now) {
      boolean eligible = !r.operation().equals("CHAT_ADVISOR");
      if (!eligible || r.customerRef() == null || units == 0) {
        return new long[] {units, 0, -1, 0};
      }
      Instant[] w = c.windows.get(r.customerRef());
      if (w == null || !now.isBefore(w[0].plus(Duration.ofHours(24)))) {
        return new long[] {units, 0, units, 1};
      }
      long paid = c.paid.get(r.customerRef());
      long charge = Math.max(0, units - paid);
      return new long[] {charge, units - charge, charge > 0 ? units : -1, 0};
    }

    String fingerprint(String action, UsageRequest r) {
      return action + "|" + r.operation() + "|" + r.quantity() + "|" + r.customerRef() + "|"
          + r.acceptOverage() + "|"
          + (action.equals("reserve") ? (r.ttl() == null ? Duration.ofMinutes(10) : r.ttl()) : "");
    }

    Object[] replay(Clinic c, String key, String fp, Instant now) {
      Object[] stored = c.keys.get(key);
      if (stored == null || !now.isBefore(c.keyAt.get(key).plus(Duration.ofDays(35)))) {
        return null;
      }
      if (!c.keyParams.get(key).equals(fp)) {
        return new Object[] {"refused", "IDEMPOTENCY_KEY_REUSED"};
      }
      return stored;
    }

    Object[] reserve(String clinic, UsageRequest r, Instant now) {
      Clinic c = clinics.get(clinic);
      String fp = fingerprint("reserve", r);
      Object[] replay = replay(c, r.idempotencyKey(), fp, now);
      if (replay != null) {
        return replay;
      }
      rollover(c, now);
      long units = rate(r.operation()) * r.quantity();
      long[] ex = exemption(c, r, units, now);
      Object d = decideReclaiming(c, ex[0], r.acceptOverage(), now);
      Object[] result;
      if (d instanceof String code) {
        result = new Object[] {"refused", code};
      } else {
        long[] s = (long[]) d;
        Period p = c.current();
        p.reserved += s[0];
        c.addon -= s[1];
        c.addonReserved += s[1];
        p.overageReserved += s[2];
        p.overageReservedCost += s[3];
        window(c, r.customerRef(), ex, now);
        Res res = new Res();
        res.clinic = clinic;
        res.periodStart = p.start;
        res.m = s[0];
        res.a = s[1];
        res.o = s[2];
        res.cost = s[3];
        res.waived = ex[1];
        res.customer = r.customerRef();
        res.createdAt = now;
        res.expiresAt = now.plus(r.ttl() == null ? Duration.ofMinutes(10) : r.ttl());
        res.accept = r.acceptOverage();
        String id = "r" + seq++;
        c.reservations.put(id, res);
        result = new Object[] {"reserved", id, s[0] + "/" + s[1] + "/" + s[2], s[3], ex[1]};
      }
      c.keys.put(r.idempotencyKey(), result);
      c.keyParams.put(r.idempotencyKey(), fp);
      c.keyAction.put(r.idempotencyKey(), "reserve");
      c.keyAt.put(r.idempotencyKey(), now);
      lastReserved = result;
      return result;
    }

    void bind(String realId, String modelId) {
      for (Clinic c : clinics.values()) {
        Res res = c.reservations.get(modelId);
        if (res != null && res.realId == null) {
          res.realId = realId;
        }
      }
    }

    String realId(String modelId) {
      for (Clinic c : clinics.values()) {
        Res res = c.reservations.get(modelId);
        if (res != null) {
          return res.realId;
        }
      }
      throw new AssertionError("no reservation " + modelId);
    }

    private void window(Clinic c, String customer, long[] ex, Instant now) {
      if (ex[2] < 0) {
        return;
      }
      if (ex[3] == 1) {
        c.windows.put(customer, new Instant[] {now});
      }
      c.paid.put(customer, ex[2]);
    }

    private void lowerWindow(Clinic c, Res r, long units) {
      if (r.customer == null || units == 0) {
        return;
      }
      Instant[] w = c.windows.get(r.customer);
      if (w == null || r.createdAt.isBefore(w[0]) || !r.createdAt.isBefore(w[0].plus(Duration.ofHours(24)))) {
        return;
      }
      long paid = c.paid.get(r.customer) - Math.min(units, c.paid.get(r.customer));
      if (paid == 0) {
        c.windows.remove(r.customer);
        c.paid.remove(r.customer);
      } else {
        c.paid.put(r.customer, paid);
      }
    }

    String anyReservation(String clinic, SplittableRandom random) {
      List<String> ids = new ArrayList<>(clinics.get(clinic).reservations.keySet());
      return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    long heldTotal(String clinic, String id) {
      Res r = clinics.get(clinic).reservations.get(id);
      return r.m + r.a + r.o;
    }

    boolean isLate(String clinic, String id, Instant now) {
      Res r = clinics.get(clinic).reservations.get(id);
      return r.state.equals("EXPIRED") || (r.state.equals("PENDING") && !now.isBefore(r.expiresAt));
    }

    Object[] restore(Clinic c, Res r, boolean expired, Instant now) {
      Period p = c.periods.get(r.periodStart);
      p.reserved -= r.m;
      long forfeited = p.closed ? r.m : 0;
      p.overageReserved -= r.o;
      p.overageReservedCost -= r.cost;
      c.addonReserved -= r.a;
      c.addon += r.a;
      lowerWindow(c, r, r.m + r.a + r.o);
      r.state = expired ? "EXPIRED" : "RELEASED";
      r.resolution = new Object[] {"released", (r.m - forfeited) + "/" + r.a + "/" + r.o, forfeited, expired};
      return r.resolution;
    }

    Object[] commit(String clinic, String id, long actualOrAll, Instant now) {
      Clinic c = clinics.get(clinic);
      Res r = c.reservations.get(id);
      rollover(c, now);
      long held = r.m + r.a + r.o;
      long actual = actualOrAll < 0 ? held : actualOrAll;
      String fp = "commit|" + actualOrAll;
      switch (r.state) {
        case "COMMITTED":
          return fp.equals(r.resolutionKey) ? r.resolution : new Object[] {"refused", "RESERVATION_NOT_OPEN"};
        case "RELEASED":
          return new Object[] {"refused", "RESERVATION_NOT_OPEN"};
        case "EXPIRED":
          return late(c, r, actual, fp, now);
        default:
          break;
      }
      if (!now.isBefore(r.expiresAt)) {
        restore(c, r, true, now);
        return late(c, r, actual, fp, now);
      }
      long m = Math.min(r.m, actual);
      long a = Math.min(r.a, actual - m);
      long o = Math.min(r.o, actual - m - a);
      long cost = o == r.o ? r.cost : halfUp(r.cost * o, r.o);
      Period p = c.periods.get(r.periodStart);
      p.reserved -= r.m;
      p.used += m;
      p.overageReserved -= r.o;
      p.overage += o;
      p.overageReservedCost -= r.cost;
      p.overageCost += cost;
      c.addonReserved -= r.a;
      c.addon += r.a - a;
      lowerWindow(c, r, held - actual);
      r.state = "COMMITTED";
      r.resolutionKey = fp;
      r.resolution = new Object[] {"committed", m + "/" + a + "/" + o, cost, false, true};
      return r.resolution;
    }

    private Object[] late(Clinic c, Res r, long actual, String fp, Instant now) {
      if (r.late != null) {
        return fp.equals(r.lateKey) ? r.late : new Object[] {"refused", "RESERVATION_NOT_OPEN"};
      }
      Object d = decide(c, actual, r.accept);
      if (d instanceof String) {
        r.late = new Object[] {"committed", "0/0/0", 0L, true, false};
      } else {
        long[] s = (long[]) d;
        charge(c, s);
        r.late = new Object[] {"committed", s[0] + "/" + s[1] + "/" + s[2], s[3], true, true};
      }
      r.lateKey = fp;
      return r.late;
    }

    private void charge(Clinic c, long[] s) {
      Period p = c.current();
      p.used += s[0];
      c.addon -= s[1];
      p.overage += s[2];
      p.overageCost += s[3];
    }

    private static long halfUp(long numerator, long denominator) {
      long q = numerator / denominator;
      long r = numerator % denominator;
      return 2 * r >= denominator ? q + 1 : q;
    }

    Object[] release(String clinic, String id, Instant now) {
      Clinic c = clinics.get(clinic);
      Res r = c.reservations.get(id);
      rollover(c, now);
      return switch (r.state) {
        case "RELEASED" -> r.resolution;
        case "EXPIRED" -> r.late == null ? r.resolution : new Object[] {"refused", "RESERVATION_NOT_OPEN"};
        case "COMMITTED" -> new Object[] {"refused", "RESERVATION_NOT_OPEN"};
        default -> restore(c, r, !now.isBefore(r.expiresAt), now);
      };
    }

    int sweep(Instant now) {
      int n = 0;
      for (Clinic c : clinics.values()) {
        boolean any = false;
        for (Res r : c.reservations.values()) {
          if (r.state.equals("PENDING") && !now.isBefore(r.expiresAt)) {
            any = true;
          }
        }
        if (any) {
          rollover(c, now);
          for (Res r : c.reservations.values()) {
            if (r.state.equals("PENDING") && !now.isBefore(r.expiresAt)) {
              restore(c, r, true, now);
              n++;
            }
          }
        }
      }
      return n;
    }

    Object[] consume(String clinic, UsageRequest r, Instant now, boolean record) {
      Clinic c = clinics.get(clinic);
      String fp = fingerprint("consume", r);
      Object[] replay = replay(c, r.idempotencyKey(), fp, now);
      if (replay != null) {
        return replay;
      }
      rollover(c, now);
      long units = rate(r.operation()) * r.quantity();
      long[] ex = exemption(c, r, units, now);
      Object d = decideReclaiming(c, ex[0], r.acceptOverage(), now);
      Object[] result;
      if (d instanceof String code) {
        result = new Object[] {"refused", code};
      } else {
        long[] s = (long[]) d;
        charge(c, s);
        window(c, r.customerRef(), ex, now);
        result = new Object[] {"consumed", s[0] + "/" + s[1] + "/" + s[2], s[3], ex[1]};
      }
      c.keys.put(r.idempotencyKey(), result);
      c.keyParams.put(r.idempotencyKey(), fp);
      c.keyAction.put(r.idempotencyKey(), "consume");
      c.keyAt.put(r.idempotencyKey(), now);
      return result;
    }

    Object[] topUp(String clinic, String key, long units, Instant now) {
      Clinic c = clinics.get(clinic);
      rollover(c, now);
      c.addon += units * 1000;
      Object[] result = {"toppedUp", c.addon, units * 4800};
      c.keys.put(key, result);
      c.keyParams.put(key, "topup");
      return result;
    }

    Object[] changePlan(String clinic, String key, String plan, PlanChangeRequest.Timing timing,
        Instant now) {
      Clinic c = clinics.get(clinic);
      rollover(c, now);
      Period p = c.current();
      if (plan.equals(c.plan)) {
        c.pending = null;
        return new Object[] {"planChanged", true, plan, 0L};
      }
      long from = allowance(c.plan);
      long to = allowance(plan);
      boolean upgrade = from >= 0 && (to < 0 || to > from || (to == from && price(plan) > price(c.plan)));
      boolean immediate = timing == PlanChangeRequest.Timing.IMMEDIATELY
          || (timing == PlanChangeRequest.Timing.DEFAULT && upgrade);
      if (!immediate) {
        c.pending = plan;
        return new Object[] {"planChanged", false, plan, 0L};
      }
      long charge = 0;
      if (price(plan) > price(c.plan)) {
        long total = java.time.temporal.ChronoUnit.DAYS.between(
            p.start.atZone(BANGKOK).toLocalDate(), p.end.atZone(BANGKOK).toLocalDate());
        long left = java.time.temporal.ChronoUnit.DAYS.between(
            now.atZone(BANGKOK).toLocalDate(), p.end.atZone(BANGKOK).toLocalDate());
        charge = halfUp((price(plan) - price(c.plan)) * left, total);
      }
      c.plan = plan;
      c.pending = null;
      p.plan = plan;
      p.grant = to < 0 ? -1 : Math.max(to, p.used + p.reserved);
      return new Object[] {"planChanged", true, plan, charge};
    }

    long[] balance(String clinic, Instant now) {
      Clinic c = clinics.get(clinic);
      Period p = c.current();
      if (!now.isBefore(p.end)) {
        Instant start = p.end;
        Instant end = ResetSchedule.calendarMonth().periodContaining(start, BANGKOK).end();
        while (!now.isBefore(end)) {
          start = end;
          end = ResetSchedule.calendarMonth().periodContaining(start, BANGKOK).end();
        }
        String plan = c.pending != null ? c.pending : c.plan;
        return new long[] {start.toEpochMilli(), allowance(plan), 0, 0, c.addon, c.addonReserved, 0, 0};
      }
      return new long[] {p.start.toEpochMilli(), p.grant < 0 ? -1 : p.grant, p.used, p.reserved,
          c.addon, c.addonReserved, p.overage, p.overageCost};
    }
  }
}
