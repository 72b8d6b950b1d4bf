package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaAlert;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.testing.LedgerReplay;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of one-statement charges on PostgreSQL ({@link JdbcQuotaStore.Builder#chargeBatching}):
 * charges that queue while a statement is in flight leave together in one statement, each is
 * decided on its own rows (an alert level, a replayed key or an unknown clinic still goes to the
 * transaction), a failed statement fails over to the transaction for every charge it carried,
 * and under many threads every unit granted is stored exactly once.
 *
 * <p>The deterministic tests hold the only sender in {@code getConnection} until the other callers
 * are parked in the queue, so the next statement carries exactly them.
 */
final class PostgresChargeBatchingTest {
  private static final String BATCHED = "with r as (";

  private static HikariDataSource pool;
  private static JdbcQuotaStore store;
  private static final Gate gate = new Gate();

  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
  private final List<QuotaAlert> alerts = new CopyOnWriteArrayList<>();
  private QuotaService quotas;

  @BeforeAll
  static void createDatabase() {
    pool = TestDatabases.postgres("batching");
    store = JdbcQuotaStore.builder(gate.around(pool)).chargeBatching(32, 1).build();
  }

  @AfterAll
  static void dropDatabase() {
    if (pool != null) {
      TestDatabases.drop(pool);
    }
  }

  @BeforeEach
  void setUp() {
    TestDatabases.truncate(pool);
    gate.reset();
    quotas = QuotaService.builder().store(store).clock(clock).listener(new QuotaListener() {
      @Override
      public void onAlert(QuotaAlert alert) {
        alerts.add(alert);
      }
    }).build();
  }

  @Test
  void chargesQueuedBehindAStatement_leaveTogether_andEachIsDecidedOnItsOwnRows() throws Exception {
    for (int c = 0; c < 8; c++) {
      register("c" + c);
    }
    register("near-warning");
    use("near-warning", "fill", 90);
    ConsumeResult first = use("c7", "retried", 4);
    gate.closeNextBorrow();

    Caller holder = Caller.start(() -> use("c0", "k0", 1));
    gate.awaitHeld();
    List<Caller> queued = new ArrayList<>();
    for (int c = 1; c < 7; c++) {
      String clinic = "c" + c;
      queued.add(Caller.start(() -> use(clinic, "k-" + clinic, 2)));
    }
    Caller warning = Caller.start(() -> use("near-warning", "crosses", 1));
    Caller retried = Caller.start(() -> use("c7", "retried", 4));
    Caller unknown = Caller.start(() -> use("nobody", "k-nobody", 1));
    for (Caller caller : queued) {
      caller.awaitParked();
    }
    warning.awaitParked();
    retried.awaitParked();
    unknown.awaitParked();
    int batchedBefore = gate.prepared(BATCHED);
    gate.open();

    assertThat(holder.result()).isInstanceOf(Consumed.class);
    for (Caller caller : queued) {
      assertThat(caller.result()).isInstanceOfSatisfying(Consumed.class,
          r -> assertThat(r.remaining()).isEqualTo(Units.of(98)));
    }
    assertThat(warning.result()).isInstanceOf(Consumed.class);
    assertThat(retried.result()).isEqualTo(first);
    assertThat(unknown.result()).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    // the six charges, the alert crossing, the retry and the unknown clinic left in one statement
    // (the retry's existing key aborted it, and each was sent again alone)
    assertThat(gate.prepared(BATCHED) - batchedBefore).isEqualTo(1);
    assertThat(alerts).extracting(QuotaAlert::level).containsExactly(AlertLevel.WARNING);
    assertThat(charges("c7")).hasSize(1);
    for (String clinic : List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "near-warning")) {
      assertThat(LedgerReplay.diffs(store, ClinicId.of(clinic))).as(clinic).isEmpty();
    }
  }

  @Test
  void callersOnOneClinic_leaveInSeparateStatements_andAreChargedOnceEach() throws Exception {
    register("hot");
    gate.closeNextBorrow();
    Caller holder = Caller.start(() -> use("hot", "h0", 1));
    gate.awaitHeld();
    List<Caller> queued = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String key = "h" + i;
      queued.add(Caller.start(() -> use("hot", key, 1)));
    }
    for (Caller caller : queued) {
      caller.awaitParked();
    }
    int batchedBefore = gate.prepared(BATCHED);
    gate.open();

    assertThat(holder.result()).isInstanceOf(Consumed.class);
    for (Caller caller : queued) {
      assertThat(caller.result()).isInstanceOf(Consumed.class);
    }
    assertThat(gate.prepared(BATCHED) - batchedBefore).isZero();
    assertThat(quotas.status("hot").monthlyUsed()).isEqualTo(Units.of(6));
    assertThat(charges("hot")).hasSize(6);
    assertThat(LedgerReplay.diffs(store, ClinicId.of("hot"))).isEmpty();
  }

  @Test
  void failedStatement_sendsEveryChargeItCarriedToTheTransaction_whichChargesOnce()
      throws Exception {
    for (int c = 0; c < 5; c++) {
      register("c" + c);
    }
    gate.closeNextBorrow();
    Caller holder = Caller.start(() -> use("c0", "k0", 1));
    gate.awaitHeld();
    List<Caller> queued = new ArrayList<>();
    for (int c = 1; c < 5; c++) {
      String clinic = "c" + c;
      queued.add(Caller.start(() -> use(clinic, "k-" + clinic, 3)));
    }
    for (Caller caller : queued) {
      caller.awaitParked();
    }
    gate.failNext(BATCHED);
    gate.open();

    assertThat(holder.result()).isInstanceOf(Consumed.class);
    for (Caller caller : queued) {
      assertThat(caller.result()).isInstanceOf(Consumed.class);
    }
    assertThat(gate.failed()).isEqualTo(1);
    for (int c = 1; c < 5; c++) {
      assertThat(quotas.status("c" + c).monthlyUsed()).isEqualTo(Units.of(3));
      assertThat(charges("c" + c)).hasSize(1);
      assertThat(LedgerReplay.diffs(store, ClinicId.of("c" + c))).isEmpty();
    }
  }

  @Test
  void interruptedWhileQueued_stillGetsItsAnswer_andKeepsTheInterrupt() throws Exception {
    register("c0");
    register("c1");
    gate.closeNextBorrow();
    Caller holder = Caller.start(() -> use("c0", "k0", 1));
    gate.awaitHeld();
    Caller queued = Caller.start(() -> use("c1", "k1", 1));
    queued.awaitParked();

    queued.thread.interrupt();
    gate.open();

    assertThat(holder.result()).isInstanceOf(Consumed.class);
    assertThat(queued.result()).isInstanceOf(Consumed.class);
    assertThat(queued.interruptedAfter).isTrue();
    assertThat(quotas.status("c1").monthlyUsed()).isEqualTo(Units.of(1));
  }

  @Test
  void manyThreadsOnFewClinics_storeExactlyWhatWasGranted_inFewerStatementsThanCharges()
      throws Exception {
    int clinics = 12;
    for (int c = 0; c < clinics; c++) {
      register("m" + c);
    }
    int batchedBefore = gate.prepared(BATCHED);
    AtomicInteger keys = new AtomicInteger();
    Map<String, AtomicInteger> granted = new ConcurrentHashMap<>();
    List<Caller> callers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      callers.add(Caller.start(() -> {
        ConsumeResult last = null;
        for (int i = 0; i < 40; i++) {
          String clinic = "m" + ((thread * 7 + i) % clinics);
          last = use(clinic, "key-" + keys.incrementAndGet(), 1);
          if (last instanceof Consumed) {
            granted.computeIfAbsent(clinic, k -> new AtomicInteger()).incrementAndGet();
          }
        }
        return last;
      }));
    }
    for (Caller caller : callers) {
      caller.result();
    }

    int total = 0;
    for (int c = 0; c < clinics; c++) {
      String clinic = "m" + c;
      int grantedHere = granted.getOrDefault(clinic, new AtomicInteger()).get();
      total += grantedHere;
      assertThat(quotas.status(clinic).monthlyUsed()).as(clinic).isEqualTo(Units.of(grantedHere));
      assertThat(charges(clinic)).as(clinic).hasSize(grantedHere);
      assertThat(LedgerReplay.diffs(store, ClinicId.of(clinic))).as(clinic).isEmpty();
    }
    assertThat(total).isEqualTo(16 * 40);
    assertThat(gate.prepared(BATCHED) - batchedBefore).isPositive().isLessThan(16 * 40);
  }

  @Test
  void chargeBatching_outOfRange_isRefusedNamingTheArgument() {
    JdbcQuotaStore.Builder builder = JdbcQuotaStore.builder(pool);

    assertThatThrownBy(() -> builder.chargeBatching(0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCharges");
    assertThatThrownBy(() -> builder.chargeBatching(32, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStatements");
    assertThatThrownBy(() -> builder.chargeBatching(1001, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCharges");
  }

  // ---- helpers ----

  private void register(String clinic) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
  }

  private ConsumeResult use(String clinic, String key, long quantity) {
    return quotas.tryConsume(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key)
        .user("sales-1").quantity(quantity).build());
  }

  private List<LedgerEntry> charges(String clinic) {
    return store.ledger(ClinicId.of(clinic), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
        .stream().filter(e -> e.kind() == LedgerKind.CHARGE).toList();
  }

  private interface Call {
    ConsumeResult run() throws Exception;
  }

  /** A caller on its own thread. */
  private static final class Caller {
    final Thread thread;
    final CountDownLatch finished = new CountDownLatch(1);
    volatile ConsumeResult result;
    volatile Throwable failure;
    volatile boolean interruptedAfter;

    private Caller(Call call) {
      thread = new Thread(() -> {
        try {
          result = call.run();
        } catch (Throwable t) {
          failure = t;
        } finally {
          interruptedAfter = Thread.currentThread().isInterrupted();
          finished.countDown();
        }
      });
    }

    static Caller start(Call call) {
      Caller caller = new Caller(call);
      caller.thread.start();
      return caller;
    }

    /** Waits until the caller is parked in the batcher's queue. */
    void awaitParked() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(thread.getState() == Thread.State.WAITING && parkedInBatcher())) {
        assertThat(System.nanoTime()).as("caller parked within 10 s").isLessThan(deadline);
        Thread.sleep(5);
      }
    }

    private boolean parkedInBatcher() {
      for (StackTraceElement frame : thread.getStackTrace()) {
        if (frame.getClassName().endsWith("MonthlyChargeBatcher")) {
          return true;
        }
      }
      return false;
    }

    ConsumeResult result() throws Exception {
      assertThat(finished.await(30, TimeUnit.SECONDS)).as("caller finished").isTrue();
      if (failure != null) {
        throw new AssertionError("caller failed", failure);
      }
      return result;
    }
  }

  /**
   * The pool, with a gate that can hold the next connection borrow until opened, a count of the
   * statements prepared by their opening, and a one-time failure of the next statement of a kind.
   */
  private static final class Gate {
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile CountDownLatch open = new CountDownLatch(0);
    private volatile boolean closeNext;
    private volatile String failNext;
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, AtomicInteger> prepared = new ConcurrentHashMap<>();

    void reset() {
      closeNext = false;
      failNext = null;
      failed.set(0);
      open.countDown();
    }

    void closeNextBorrow() {
      held = new CountDownLatch(1);
      open = new CountDownLatch(1);
      closeNext = true;
    }

    void awaitHeld() throws InterruptedException {
      assertThat(held.await(10, TimeUnit.SECONDS)).as("a borrow reached the gate").isTrue();
    }

    void open() {
      open.countDown();
    }

    void failNext(String opening) {
      failNext = opening;
    }

    int failed() {
      return failed.get();
    }

    int prepared(String opening) {
      return prepared.getOrDefault(opening, new AtomicInteger()).get();
    }

    DataSource around(DataSource pool) {
      return new DelegatingDataSource(pool) {
        @Override
        public Connection getConnection() throws SQLException {
          pass();
          return watch(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
          pass();
          return watch(delegate.getConnection(user, password));
        }
      };
    }

    private void pass() throws SQLException {
      if (closeNext) {
        closeNext = false;
        held.countDown();
        try {
          open.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLTransientConnectionException("interrupted at the gate", "08001", e);
        }
      }
    }

    private Connection watch(Connection connection) {
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
              String opening = sql.startsWith(BATCHED) ? BATCHED : sql.substring(0,
                  Math.min(10, sql.length()));
              prepared.computeIfAbsent(opening, k -> new AtomicInteger()).incrementAndGet();
              if (opening.equals(failNext)) {
                failNext = null;
                failed.incrementAndGet();
                throw new SQLTransientConnectionException("connection reset", "08006");
              }
            }
            try {
              return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}
