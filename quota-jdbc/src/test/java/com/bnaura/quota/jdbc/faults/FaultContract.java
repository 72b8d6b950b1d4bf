package com.bnaura.quota.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between the store and its database (RELIABILITY T6 and T7): lost commit acknowledgements
 * both ways, the same key sent by many threads at once, and transient and permanent SQL errors —
 * every outcome either applied once or not at all, and a retry with the same key tells which.
 */
public abstract class FaultContract {
  private static final String CLINIC = "fault-clinic";

  private HikariDataSource pool;
  private FaultyDataSource faulty;
  private JdbcQuotaStore store;
  private QuotaService quotas;

  /** A pool on a new, empty database; closed and dropped by {@link #dropPool}. */
  protected abstract HikariDataSource newPool();

  /** Drops the database of {@code pool}. */
  protected abstract void dropPool(HikariDataSource pool);

  @BeforeEach
  void setUpFaults() {
    pool = newPool();
    faulty = new FaultyDataSource(pool);
    // the faults are injected on the loads', the applies' statements and the applies' commits
    store = JdbcQuotaStore.builder(faulty).build();
    quotas = QuotaService.builder().store(store).clock(MutableClock.at("2026-03-10T03:00:00Z"))
        .build();
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());
  }

  @AfterEach
  void tearDownFaults() {
    if (pool == null) {
      return; // the database was not available and the test was skipped
    }
    com.bnaura.quota.testing.ReliabilityReport.add("faults_survived", "injected_sql_errors",
        faulty.injected());
    dropPool(pool);
  }

  private UsageRequest scan(String key) {
    return UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, key).build();
  }

  private long charges() {
    return store.ledger(ClinicId.of(CLINIC), Instant.MIN, Instant.MAX).stream()
        .filter(e -> e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.HOLD).count();
  }

  @Test
  public void lostAcknowledgement_isRunAgainByTheStore_andReplaysTheAppliedOutcome() {
    faulty.onCommit(FaultyDataSource.Fault.COMMIT_THEN_THROW, 1);

    Object first = quotas.tryConsume(scan("k1"));
    Object again = quotas.tryConsume(scan("k1"));

    assertThat(first).isInstanceOf(Consumed.class).isEqualTo(again);
    assertThat(faulty.injected()).isEqualTo(1);
    assertThat(store.retries()).as("the store ran the transaction again").isPositive();
    assertThat(charges()).as("applied once, acknowledged by the replay").isEqualTo(1);
    assertThat(quotas.balance(CLINIC).monthlyUsed()).isEqualTo(Units.of(1));
    LedgerInvariants.check(store, ClinicId.of(CLINIC));
  }

  @Test
  public void acknowledgementsLostOnEveryCommit_areResolvedByTheReplay_withinTheCall() {
    faulty.onCommit(FaultyDataSource.Fault.COMMIT_THEN_THROW, 100);

    // the first commit applies and loses its acknowledgement; the apply run again meets the
    // version it moved the clinic to, and the engine's new decision replays the stored outcome
    Object first = quotas.tryConsume(scan("k1"));
    faulty.heal();
    Object retry = quotas.tryConsume(scan("k1"));

    assertThat(first).isInstanceOf(Consumed.class).isEqualTo(retry);
    assertThat(faulty.injected()).as("one commit, nothing after it").isEqualTo(1);
    assertThat(charges()).as("the first attempt applied; nothing after it").isEqualTo(1);
  }

  @Test
  public void lostReserveAcknowledgement_givesTheSameReservationEveryTime() {
    faulty.onCommit(FaultyDataSource.Fault.COMMIT_THEN_THROW, 1);

    Reserved first = (Reserved) quotas.tryReserve(scan("r1"));
    Reserved again = (Reserved) quotas.tryReserve(scan("r1"));

    assertThat(again).isEqualTo(first);
    assertThat(quotas.balance(CLINIC).monthlyReserved()).isEqualTo(Units.of(1));
    assertThat(quotas.tryCommit(CommitRequest.of(CLINIC, first.id().value())))
        .isInstanceOf(Committed.class);
  }

  @Test
  public void failureBeforeCommit_isRunAgainOnce() {
    faulty.onCommit(FaultyDataSource.Fault.THROW_BEFORE_COMMIT, 1);

    Object result = quotas.tryConsume(scan("k1"));

    assertThat(result).isInstanceOf(Consumed.class);
    assertThat(charges()).isEqualTo(1);
  }

  @Test
  public void connectionThatStaysBroken_isAStoreErrorWithoutEffect() {
    faulty.onCommit(FaultyDataSource.Fault.THROW_BEFORE_COMMIT, 100);

    assertThatThrownBy(() -> quotas.tryConsume(scan("k1")))
        .isInstanceOf(QuotaStoreException.class).hasMessageContaining("attempt 10 of 10");
    faulty.heal();

    assertThat(charges()).as("nothing applied").isZero();
    assertThat(quotas.tryConsume(scan("k1"))).isInstanceOf(Consumed.class);
    assertThat(charges()).isEqualTo(1);
  }

  @Test
  public void lostAcknowledgement_thenOtherParameters_isKeyReusedWithoutEffect() {
    faulty.onCommit(FaultyDataSource.Fault.COMMIT_THEN_THROW, 1);
    assertThat(quotas.tryConsume(scan("k1"))).isInstanceOf(Consumed.class);

    Object other = quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN, "k1").build());

    assertThat(other).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(charges()).isEqualTo(1);
  }

  @Test
  public void lostTopUpAcknowledgement_neverCreditsTwice() {
    faulty.onCommit(FaultyDataSource.Fault.COMMIT_THEN_THROW, 1);
    // the purchase's first transaction only reads; the fault hits whichever commit comes first
    Object first;
    try {
      first = quotas.purchaseTopUp(TopUpRequest.units(CLINIC, 10, "pay-1"));
    } catch (QuotaStoreException e) {
      first = null;
    }
    Object retry = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "pay-1"));

    assertThat(retry).isNotNull();
    assertThat(quotas.balance(CLINIC).addonAvailable()).isEqualTo(Units.of(10));
    assertThat(first == null || first.equals(retry)).isTrue();
  }

  @Test
  public void sameKeyFromManyThreadsAtOnce_hasExactlyOneEffect() throws Exception {
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        start.await();
        return quotas.tryReserve(scan("shared-key"));
      }));
    }
    start.countDown();
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> f : results) {
      outcomes.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdownNow();

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(outcomes.get(0)));
    assertThat(outcomes.get(0)).isInstanceOf(Reserved.class);
    assertThat(quotas.balance(CLINIC).monthlyReserved()).isEqualTo(Units.of(1));
  }

  @Test
  public void transientSqlStates_areRetriedToTheSameOutcome() {
    for (String state : new String[] {"40001", "40P01"}) {
      for (int k = 1; k <= 6; k++) {
        faulty.heal();
        faulty.failStatement(k, state, 1);

        Object result = quotas.tryConsume(scan("t-" + state + "-" + k));

        assertThat(result).as("SQLSTATE %s on statement %d", state, k).isInstanceOf(Consumed.class);
      }
    }
    faulty.heal();
    assertThat(quotas.balance(CLINIC).monthlyUsed()).isEqualTo(Units.of(12));
    LedgerInvariants.check(store, ClinicId.of(CLINIC));
  }

  @Test
  public void connectionRefusedAtTheServerLimit_isRunAgainToOneEffect() {
    long retriesBefore = store.retries();
    faulty.refuseConnections(3, "53300");

    Object result = quotas.tryConsume(scan("limit-1"));

    assertThat(result).isInstanceOf(Consumed.class);
    assertThat(store.retries() - retriesBefore).as("runs again after refused connections")
        .isBetween(1L, 3L);
    assertThat(charges()).isEqualTo(1);
  }

  @Test
  public void serverThatStaysAtItsConnectionLimit_givesATypedErrorWithoutEffect() {
    faulty.refuseConnections(1_000, "53300");

    assertThatThrownBy(() -> quotas.tryConsume(scan("limit-2")))
        .isInstanceOf(QuotaStoreException.class).hasMessageContaining("53300")
        .hasMessageContaining("attempt 10 of 10");
    faulty.heal();

    assertThat(charges()).isZero();
    assertThat(quotas.tryConsume(scan("limit-2"))).isInstanceOf(Consumed.class);
    assertThat(charges()).isEqualTo(1);
  }

  @Test
  public void permanentSqlState_failsFastWithoutEffect() {
    int before = faulty.statements();
    // the first statement of the call: its load, or its apply when the instance kept the clinic
    faulty.failStatement(1, "23514", 1);

    assertThatThrownBy(() -> quotas.tryConsume(scan("p1")))
        .isInstanceOf(QuotaStoreException.class).hasMessageContaining("23514")
        .hasMessageContaining("attempt 1 ");
    faulty.heal();

    assertThat(faulty.statements() - before).as("no retry of a check violation").isLessThan(6);
    assertThat(charges()).isZero();
  }

  @Test
  public void transientFailureThatNeverClears_stopsAtTheAttemptCapWithoutEffect() {
    faulty.failStatement(1, "40001", 1_000);

    assertThatThrownBy(() -> quotas.tryConsume(scan("cap")))
        .isInstanceOf(QuotaStoreException.class).hasMessageContaining("attempt 10 of 10");
    faulty.heal();

    assertThat(charges()).isZero();
    assertThat(quotas.balance(CLINIC).monthlyUsed()).isEqualTo(Units.ZERO);
  }
}
