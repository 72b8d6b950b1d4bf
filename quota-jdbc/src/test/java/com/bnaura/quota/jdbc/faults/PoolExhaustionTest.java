package com.bnaura.quota.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.jdbc.TestDatabasesAccess;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A small pool and many slow AI calls (RELIABILITY T8 a-b): no connection is held across the AI
 * call, so 64 calls in flight need no connection at all; when the pool does run dry the caller gets
 * a typed store error and nothing changes.
 */
final class PoolExhaustionTest {

  @Test
  void sixtyFourSlowCallsOnFourConnections_holdNoConnectionDuringTheCall() throws Exception {
    HikariDataSource pool = TestDatabasesAccess.h2(4, 500);
    try {
      QuotaService quotas = QuotaService.builder().store(JdbcQuotaStore.builder(pool).build())
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
      int threads = 64;
      CountDownLatch allInFlight = new CountDownLatch(threads);
      CountDownLatch measured = new CountDownLatch(1);
      AtomicInteger committed = new AtomicInteger();
      AtomicInteger storeErrors = new AtomicInteger();
      AtomicInteger commitRetries = new AtomicInteger();
      AtomicLong committedMilli = new AtomicLong();
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String key = "k-" + t;
        futures.add(executor.submit(() -> {
          Reserved r;
          try {
            r = quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, key).build());
          } catch (QuotaStoreException e) {
            storeErrors.incrementAndGet();
            allInFlight.countDown();
            return null;
          }
          allInFlight.countDown();
          measured.await(30, TimeUnit.SECONDS); // the "AI call"
          // a commit that meets the dry pool gets a typed store error; the caller sends the
          // same commit again, which applies it once
          Committed c = null;
          for (int attempt = 1; c == null; attempt++) {
            try {
              c = quotas.commitOrThrow(CommitRequest.of("c1", r.id().value()));
            } catch (QuotaStoreException e) {
              if (attempt == 20) {
                throw e;
              }
              commitRetries.incrementAndGet();
            }
          }
          committed.incrementAndGet();
          committedMilli.addAndGet(c.charge().units().milli());
          return null;
        }));
      }

      assertThat(allInFlight.await(60, TimeUnit.SECONDS)).isTrue();
      int activeDuringCalls = pool.getHikariPoolMXBean().getActiveConnections();
      measured.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      executor.shutdownNow();

      com.bnaura.quota.testing.ReliabilityReport.add("faults_survived",
          "pool_exhaustion_episodes", 1);
      assertThat(activeDuringCalls).as("connections held while 64 AI calls are in flight").isZero();
      assertThat(committed.get() + storeErrors.get()).isEqualTo(threads);
      assertThat(quotas.balance("c1").monthlyUsed().milli()).isEqualTo(committedMilli.get());
      assertThat(quotas.balance("c1").monthlyReserved().milli()).isZero();
      LedgerInvariants.check(JdbcQuotaStore.builder(pool).build(), ClinicId.of("c1"));
      assertThat(pool.getHikariPoolMXBean().getActiveConnections())
          .as("connections not returned to the pool (leaked) after all calls finished").isZero();
    } finally {
      TestDatabasesAccess.drop(pool);
    }
  }

  @Test
  void poolThatStaysExhausted_givesTypedErrorsAndChangesNothing() throws Exception {
    HikariDataSource pool = TestDatabasesAccess.h2(2, 250);
    try {
      QuotaService quotas = QuotaService.builder().store(JdbcQuotaStore.builder(pool).build())
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
      var before = quotas.balance("c1");
      var hogA = pool.getConnection();
      var hogB = pool.getConnection();
      Object outcome;
      try {
        outcome = quotas.tryConsume(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k").build());
      } catch (QuotaStoreException e) {
        outcome = e;
      } finally {
        hogA.close();
        hogB.close();
      }

      assertThat(outcome).isInstanceOfSatisfying(QuotaStoreException.class,
          e -> assertThat(e.getMessage()).contains("clinic c1"));
      assertThat(quotas.balance("c1")).isEqualTo(before);
      assertThat(quotas.tryConsume(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k").build()))
          .as("the same key succeeds once the pool recovers").isNotInstanceOf(QuotaStoreException.class);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections())
          .as("connections leaked by the failed and the retried call").isZero();
    } finally {
      TestDatabasesAccess.drop(pool);
    }
  }
}
