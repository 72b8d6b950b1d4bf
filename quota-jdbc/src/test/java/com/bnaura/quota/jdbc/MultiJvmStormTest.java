package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two application instances as separate JVM processes hammer one PostgreSQL database (RELIABILITY
 * T3, shortened): afterwards every ledger invariant holds for every clinic, no reservation is left
 * pending, BLOCK clinics never went into overage, every charge a client saw acknowledged is in
 * the ledger exactly once — no lost update, no double charge — and each clinic's ledger replayed
 * through the model ends at the balances the database holds. Every transaction locks one clinic
 * account row and nothing before it, so the storm meets no deadlock (40P01). Longer with {@code
 * -Dstorm.seconds=120 -Dstorm.threads=32}.
 */
final class MultiJvmStormTest {
  private static final int CLINICS = 40;

  @Test
  void twoJvms_sharingPostgres_loseNothingAndChargeOnce() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("storm");
    try {
      run(pool);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private void run(HikariDataSource pool) throws Exception {
    JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
    QuotaService setup = QuotaService.builder().store(store).clock(Clock.systemUTC()).build();
    for (int c = 0; c < CLINICS; c++) {
      setup.registerClinic(ClinicRegistration.builder("storm-" + c, "starter")
          .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
    }
    int seconds = Integer.getInteger("storm.seconds", 12);
    int threads = Integer.getInteger("storm.threads", 16);
    StormCluster cluster = new StormCluster(pool.getJdbcUrl(), Path.of("target", "storm"), threads,
        CLINICS);
    cluster.reset(2);
    long started = System.nanoTime();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(cluster.start(i, seconds, 4242 + i));
    }
    for (Process p : processes) {
      assertThat(p.waitFor(seconds + 120, TimeUnit.SECONDS)).as("storm instance finished").isTrue();
      assertThat(p.exitValue()).as("storm instance exit code; see target/storm/*.out").isZero();
    }
    long wallMillis = (System.nanoTime() - started) / 1_000_000;
    Thread.sleep(2_100); // the storm's reservation TTL, so abandoned holds are due
    setup.expireReservations();

    StormReconciler.Summary summary = StormReconciler.reconcile(store, CLINICS, cluster.histories(2));
    cluster.report(2, wallMillis);

    assertThat(summary.operations()).as("the storm did work").isGreaterThan(200);
    assertThat(cluster.sqlStates(2, "sql_").getOrDefault("40P01", 0L))
        .as("deadlocks under the storm: every transaction locks one clinic row, nothing else first")
        .isZero();
    System.out.println("multi-JVM storm: " + summary + " | " + cluster.summaries(2));
  }

}
