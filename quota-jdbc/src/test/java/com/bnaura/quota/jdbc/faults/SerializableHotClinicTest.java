package com.bnaura.quota.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.jdbc.SqlStateCounter;
import com.bnaura.quota.jdbc.TestDatabasesAccess;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.LedgerReplay;
import com.bnaura.quota.testing.MutableClock;
import com.bnaura.quota.testing.ReliabilityReport;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The hot-clinic race of two instances with every PostgreSQL connection at SERIALIZABLE
 * (RELIABILITY T7 c): an apply that waited for the clinic's row while another changed it fails with
 * a real serialization failure (40001); the store runs it again (and the engine decides again on
 * the conflict that follows), and the accounting stays exact — the
 * clinic is granted exactly its allowance plus add-on, every other attempt is refused.
 */
final class SerializableHotClinicTest {
  private static final int ATTEMPTS = 200;

  @Test
  void hotClinicAtSerializable_retriesSerializationFailures_andGrantsExactlyWhatItHas()
      throws Exception {
    HikariDataSource schema = TestDatabasesAccess.postgres("serializable");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(schema.getJdbcUrl());
    config.setMaximumPoolSize(12);
    config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("show transaction_isolation")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("serializable");
      }
      SqlStateCounter seen = new SqlStateCounter(pool);
      JdbcQuotaStore store = JdbcQuotaStore.builder(seen).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      // a second application instance on the same database: one instance decides a clinic's
      // concurrent calls one after another, two race on its account row
      QuotaService other = QuotaService.builder().store(JdbcQuotaStore.builder(seen).build())
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("hot", "starter")
          .overagePolicy(OveragePolicy.BLOCK).build());
      quotas.purchaseTopUpOrThrow(TopUpRequest.units("hot", 60, "top"));
      AtomicInteger granted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger gaveUp = new AtomicInteger();
      AtomicInteger seq = new AtomicInteger();
      int threads = Integer.getInteger("storm.threads", 16);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        QuotaService instance = t % 2 == 0 ? quotas : other;
        futures.add(executor.submit(() -> {
          start.await();
          for (int k = seq.incrementAndGet(); k <= ATTEMPTS; k = seq.incrementAndGet()) {
            String key = "h-" + k;
            Object r = sameKeyUntilAnswered(gaveUp, () -> instance.tryReserve(
                UsageRequest.builder("hot", OperationId.CLINICAL_ANALYSIS, key).build()));
            if (r instanceof Reserved res) {
              sameKeyUntilAnswered(gaveUp,
                  () -> instance.commitOrThrow(CommitRequest.of("hot", res.id().value())));
              granted.incrementAndGet();
            } else {
              assertThat(((Refused) r).code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
      executor.shutdownNow();

      assertThat(granted.get()).as("units granted: 100 monthly + 60 add-on").isEqualTo(160);
      assertThat(refused.get()).isEqualTo(ATTEMPTS - 160);
      var balance = quotas.balance("hot");
      assertThat(balance.monthlyUsed()).isEqualTo(Units.of(100));
      assertThat(balance.totalRemaining()).isEqualTo(Units.ZERO);
      assertThat(balance.overageUnits()).isEqualTo(Units.ZERO);
      assertThat(seen.count("40001")).as("real serialization failures").isPositive();
      assertThat(store.retries()).as("transactions run again").isPositive();
      LedgerInvariants.check(store, ClinicId.of("hot"));
      assertThat(LedgerReplay.diffs(store, ClinicId.of("hot"))).isEmpty();
      ReliabilityReport.add("faults_survived", "real_serialization_failures_40001",
          seen.count("40001"));
      ReliabilityReport.add("load_held", "retries_by_sqlstate.40001", seen.count("40001"));
      System.out.println("SERIALIZABLE hot clinic: 40001 x" + seen.count("40001") + ", store retries "
          + store.retries() + ", calls that ran out of attempts and were re-sent " + gaveUp.get());
    } finally {
      TestDatabasesAccess.drop(schema);
    }
  }

  /**
   * Calls {@code call} again with the same key when the store ran out of attempts (its outcome is
   * then unknown, and the key makes the re-send safe), as a client would.
   */
  private static <T> T sameKeyUntilAnswered(AtomicInteger gaveUp, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (QuotaStoreException e) {
        if (attempt == 50) {
          throw e;
        }
        gaveUp.incrementAndGet();
      }
    }
  }
}
