package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.OveragePolicy;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of an application instance mid-storm, then a restart that re-sends its in-flight keys
 * (RELIABILITY T4): no half-applied state, no double debit, no reservation left pending.
 */
final class KillNineTest {
  private static final int CLINICS = 30;

  @Test
  void killedInstance_restartedWithItsKeys_leavesNothingHalfDone() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("killnine");
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
      QuotaService setup = QuotaService.builder().store(store).clock(Clock.systemUTC()).build();
      for (int c = 0; c < CLINICS; c++) {
        setup.registerClinic(ClinicRegistration.builder("storm-" + c, "starter")
            .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
      }
      int kills = Integer.getInteger("storm.kills", 2);
      int threads = Integer.getInteger("storm.threads", 12);
      StormCluster cluster = new StormCluster(pool.getJdbcUrl(), Path.of("target", "killnine"),
          threads, CLINICS);
      cluster.reset(2);

      long started = System.nanoTime();
      Process steady = cluster.start(1, 6L * (kills + 1), 99);
      Process victim = cluster.start(0, 600, 11);
      for (int k = 0; k < kills; k++) {
        Thread.sleep(5_000);
        StormCluster.killNine(victim);
        Thread.sleep(1_000);
        victim = cluster.start(0, k == kills - 1 ? 5 : 600, 11 + k + 1);
      }
      cluster.awaitAll(180);
      long wallMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(steady.exitValue()).isZero();
      assertThat(victim.exitValue()).isZero();
      Thread.sleep(2_100); // the storm's reservation TTL
      setup.expireReservations();

      StormReconciler.Summary summary = StormReconciler.reconcile(store, CLINICS,
          cluster.histories(2));
      cluster.report(2, wallMillis);

      assertThat(summary.operations()).isGreaterThan(100);
      com.bnaura.quota.testing.ReliabilityReport.add("faults_survived", "keys_resent_after_kill",
          cluster.summed(2, "resent_on_start"));
      System.out.println("kill -9 x" + kills + ": " + summary + " | " + cluster.summaries(2));
    } finally {
      TestDatabases.drop(pool);
    }
  }
}
