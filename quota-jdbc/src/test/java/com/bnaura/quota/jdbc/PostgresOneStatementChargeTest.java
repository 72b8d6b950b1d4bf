package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one-statement monthly charge on PostgreSQL: it grants exactly what the locked transaction
 * would, hands every unusual charge (add-on, alert level, rollover, replay) to that transaction,
 * and leaves the same ledger, keys, alerts and status behind as a store without it.
 */
final class PostgresOneStatementChargeTest {
  private static HikariDataSource fastPool;
  private static HikariDataSource lockedPool;
  private static JdbcQuotaStore fastStore;
  private static JdbcQuotaStore lockedStore;
  private static final AtomicInteger oneStatement = new AtomicInteger();
  private static final AtomicInteger statements = new AtomicInteger();

  private MutableClock clock;
  private final List<QuotaAlert> alerts = new CopyOnWriteArrayList<>();
  private final List<QuotaAlert> lockedAlerts = new CopyOnWriteArrayList<>();
  private QuotaService quotas;
  private QuotaService locked;

  @BeforeAll
  static void createDatabases() {
    fastPool = TestDatabases.postgres("one_statement");
    lockedPool = TestDatabases.postgres("locked_only");
    fastStore = JdbcQuotaStore.builder(counting(fastPool)).build();
    lockedStore = JdbcQuotaStore.builder(lockedPool).oneStatementCharges(false).build();
  }

  @AfterAll
  static void dropDatabases() {
    if (fastPool != null) {
      TestDatabases.drop(fastPool);
    }
    if (lockedPool != null) {
      TestDatabases.drop(lockedPool);
    }
  }

  @BeforeEach
  void setUp() {
    TestDatabases.truncate(fastPool);
    TestDatabases.truncate(lockedPool);
    oneStatement.set(0);
    clock = MutableClock.at("2026-03-10T03:00:00Z");
    quotas = QuotaService.builder().store(fastStore).clock(clock).listener(collect(alerts)).build();
    locked = QuotaService.builder().store(lockedStore).clock(clock).listener(collect(lockedAlerts))
        .build();
  }

  @Test
  void monthlyCharge_takesOneStatement_andWritesWhatTheTransactionWrites() {
    both(q -> register(q, "c1", "starter", OveragePolicy.BLOCK));
    int before = oneStatement.get();
    int sent = statements.get();

    for (int i = 0; i < 5; i++) {
      String key = "k" + i;
      assertThat(consume(quotas, "c1", key, 2)).isEqualTo(consume(locked, "c1", key, 2));
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(oneStatement.get() - before).isEqualTo(5);
    assertThat(statements.get() - sent).isEqualTo(5);
    assertSameState("c1");
  }

  @Test
  void chargeOverTheClinicsOwnUnitsLimit_isRefusedByTheTransaction_notTakenInOneStatement() {
    both(q -> assertThat(q.registerClinic(ClinicRegistration.builder("c1", "starter")
        .maxUnitsPerRequest("2").build())).isNotInstanceOf(Refused.class));
    both(q -> register(q, "c2", "starter", OveragePolicy.BLOCK));

    ConsumeResult overOwn = consume(quotas, "c1", "k1", 3);
    ConsumeResult withinOwn = consume(quotas, "c1", "k2", 2);
    ConsumeResult overPlan = consume(quotas, "c2", "k3", 101);
    consume(locked, "c1", "k1", 3);
    consume(locked, "c1", "k2", 2);
    consume(locked, "c2", "k3", 101);

    assertThat(overOwn).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("2.000 units per request");
    });
    assertThat(withinOwn).isInstanceOf(Consumed.class);
    assertThat(overPlan).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("100.000 units per request"));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(2));
    assertThat(charges("c1")).hasSize(1);
    assertThat(quotas.balance("c2").monthlyUsed()).isEqualTo(Units.ZERO);
    assertSameState("c1");
    assertSameState("c2");
  }

  @Test
  void sameKeyAgain_replaysTheFirstOutcome_andChargesOnce() {
    both(q -> register(q, "c1", "starter", OveragePolicy.BLOCK));

    ConsumeResult first = consume(quotas, "c1", "k1", 3);
    clock.advance(Duration.ofMinutes(5));
    ConsumeResult again = consume(quotas, "c1", "k1", 3);
    ConsumeResult changed = consume(quotas, "c1", "k1", 4);

    assertThat(again).isEqualTo(first);
    assertThat(changed).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(quotas.status("c1").monthlyUsed()).isEqualTo(Units.of(3));
    assertThat(charges("c1")).hasSize(1);
  }

  @Test
  void sameKeyRace_on32Threads_chargesOnce() throws Exception {
    register(quotas, "c1", "starter", OveragePolicy.BLOCK);

    List<ConsumeResult> results = race(32, t -> consume(quotas, "c1", "same-key", 1));

    assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(results.get(0)));
    assertThat(results.get(0)).isInstanceOf(Consumed.class);
    assertThat(quotas.status("c1").monthlyUsed()).isEqualTo(Units.of(1));
    assertThat(charges("c1")).hasSize(1);
  }

  @Test
  void hotClinic_on32Threads_grantsExactlyTheAllowance_thenFallsBackToAddon() throws Exception {
    register(quotas, "c1", "starter", OveragePolicy.BLOCK);
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 20, "top-up"));
    AtomicInteger next = new AtomicInteger();

    List<ConsumeResult> results = race(32, t -> {
      ConsumeResult last = null;
      for (int i = 0; i < 5; i++) {
        last = consume(quotas, "c1", "k" + next.incrementAndGet(), 1);
      }
      return last;
    });

    List<LedgerEntry> charged = charges("c1");
    long monthly = charged.stream().mapToLong(e -> e.split().fromMonthly().milli()).sum();
    long addon = charged.stream().mapToLong(e -> e.split().fromAddon().milli()).sum();
    assertThat(results).hasSize(32);
    assertThat(charged).hasSize(120);
    assertThat(monthly).isEqualTo(Units.of(100).milli());
    assertThat(addon).isEqualTo(Units.of(20).milli());
    assertThat(quotas.status("c1").totalRemaining()).isEqualTo(Units.ZERO);
    assertThat(oneStatement.get()).isPositive();
    assertThat(alerts).extracting(QuotaAlert::level)
        .containsExactlyInAnyOrder(AlertLevel.WARNING, AlertLevel.CRITICAL, AlertLevel.EXHAUSTED);
  }

  @Test
  void chargeReachingWarning_takesTheTransaction_andAlertsOnce() {
    both(q -> register(q, "c1", "starter", OveragePolicy.BLOCK));
    for (int i = 0; i < 90; i++) {
      String key = "fill" + i;
      both(q -> consume(q, "c1", key, 1));
    }
    assertThat(alerts).isEmpty();
    int before = oneStatement.get();

    for (int i = 0; i < 3; i++) {
      String key = "late" + i;
      assertThat(consume(quotas, "c1", key, 1)).isEqualTo(consume(locked, "c1", key, 1));
    }

    assertThat(oneStatement.get() - before).isEqualTo(3); // tried, and handed over
    assertThat(alerts).extracting(QuotaAlert::level).containsExactly(AlertLevel.WARNING);
    assertThat(lockedAlerts).isEqualTo(alerts);
    assertThat(quotas.status("c1")).isEqualTo(locked.status("c1"));
  }

  @Test
  void rolloverDue_takesTheTransaction_whichOpensTheNewPeriod() {
    both(q -> register(q, "c1", "starter", OveragePolicy.BLOCK));
    both(q -> consume(q, "c1", "march", 10));
    clock.set(Instant.parse("2026-04-02T03:00:00Z"));

    ConsumeResult april = consume(quotas, "c1", "april", 1);

    assertThat(april).isEqualTo(consume(locked, "c1", "april", 1));
    assertThat(((Consumed) april).period().start()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    assertThat(fastStore.periods(ClinicId.of("c1"))).hasSize(2);
    assertSameState("c1");
  }

  @Test
  void unknownClinic_isRefusedByTheTransaction() {
    ConsumeResult result = consume(quotas, "nobody", "k1", 1);

    assertThat(result).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }

  // ---- helpers ----

  private interface Call {
    ConsumeResult run(int thread) throws Exception;
  }

  private static List<ConsumeResult> race(int threads, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ConsumeResult>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return call.run(thread);
        }));
      }
      start.countDown();
      List<ConsumeResult> results = new ArrayList<>();
      for (Future<ConsumeResult> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private void both(java.util.function.Consumer<QuotaService> action) {
    action.accept(quotas);
    action.accept(locked);
  }

  private void assertSameState(String clinic) {
    ClinicId id = ClinicId.of(clinic);
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2027-01-01T00:00:00Z");
    assertThat(fastStore.ledger(id, from, to)).isEqualTo(lockedStore.ledger(id, from, to));
    assertThat(fastStore.periods(id)).isEqualTo(lockedStore.periods(id));
    assertThat(fastStore.findAccount(id)).isEqualTo(lockedStore.findAccount(id));
    assertThat(quotas.status(clinic)).isEqualTo(locked.status(clinic));
    assertThat(quotas.usageStats(clinic)).isEqualTo(locked.usageStats(clinic));
  }

  private List<LedgerEntry> charges(String clinic) {
    return fastStore.ledger(ClinicId.of(clinic), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
        .stream().filter(e -> e.kind() == LedgerKind.CHARGE).toList();
  }

  private static void register(QuotaService q, String clinic, String plan, OveragePolicy policy) {
    q.registerClinic(ClinicRegistration.builder(clinic, plan).overagePolicy(policy).build());
  }

  private static ConsumeResult consume(QuotaService q, String clinic, String key, long quantity) {
    return q.tryConsume(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key)
        .user("sales-1").quantity(quantity).build());
  }

  private static QuotaListener collect(List<QuotaAlert> into) {
    return new QuotaListener() {
      @Override
      public void onAlert(QuotaAlert alert) {
        into.add(alert);
      }
    };
  }

  /** {@code pool}, counting the one-statement charges prepared on its connections. */
  private static DataSource counting(HikariDataSource pool) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(pool, method, args);
          if (result instanceof Connection connection) {
            return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> {
                  if (m.getName().startsWith("prepare") || m.getName().equals("createStatement")) {
                    statements.incrementAndGet();
                  }
                  if (m.getName().equals("prepareStatement") && a != null
                      && a[0] instanceof String sql && sql.startsWith("with a as (")) {
                    oneStatement.incrementAndGet();
                  }
                  return invoke(connection, m, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
