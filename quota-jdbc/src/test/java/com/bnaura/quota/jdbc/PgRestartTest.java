package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.OveragePolicy;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL server crash-restarted and then cleanly restarted under a two-JVM storm
 * (RELIABILITY T5): instances see typed store errors, retry with the same keys, reconnect, and
 * afterwards every outcome is resolved, nothing is charged twice and nothing is lost.
 */
final class PgRestartTest {
  private static final int CLINICS = 30;

  @Test
  void crashAndRestartMidStorm_everyOutcomeResolvesOnce() throws Exception {
    PgLocal pg = new PgLocal("pg-restart", 25433).initAndStart();
    try {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(pg.url());
      config.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
        QuotaService setup = QuotaService.builder().store(store).clock(Clock.systemUTC()).build();
        for (int c = 0; c < CLINICS; c++) {
          setup.registerClinic(ClinicRegistration.builder("storm-" + c, "starter")
              .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
        }
        StormCluster cluster = new StormCluster(pg.url(), Path.of("target", "pg-restart-storm"),
            Integer.getInteger("storm.threads", 12), CLINICS);
        cluster.reset(2);
        long seconds = Long.getLong("storm.seconds", 20);
        long started = System.nanoTime();
        cluster.start(0, seconds, 5);
        cluster.start(1, seconds, 6);

        Thread.sleep(seconds * 1000 / 3);
        pg.must("restart");
        com.bnaura.quota.testing.ReliabilityReport.add("faults_survived", "pg_crash_restarts", 1);
        Thread.sleep(seconds * 1000 / 3);
        pg.must("fast-restart");
        com.bnaura.quota.testing.ReliabilityReport.add("faults_survived", "pg_fast_restarts", 1);
        cluster.awaitAll(seconds + 180);
        long wallMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(2_100);
        setup.expireReservations();

        StormReconciler.Summary summary = StormReconciler.reconcile(store, CLINICS,
            cluster.histories(2));
        cluster.report(2, wallMillis);

        assertThat(summary.operations()).isGreaterThan(100);
        com.bnaura.quota.testing.ReliabilityReport.add("faults_survived",
            "store_errors_retried_with_same_key", cluster.summed(2, "storeRetries"));
        assertThat(cluster.summaries(2)).contains("storeRetries=");
        System.out.println("PostgreSQL crash-restart + restart: " + summary + " | "
            + cluster.summaries(2));
      }
    } finally {
      pg.run("stop");
    }
  }
}
