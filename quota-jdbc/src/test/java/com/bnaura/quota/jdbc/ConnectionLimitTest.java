package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.testing.ReliabilityReport;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL server restarted with {@code max_connections = 20} under three application
 * JVMs that each want a pool of 10 (RELIABILITY T8 c). Two instances start first and take every
 * connection; the third is refused (53300). The store runs such a transaction again (53300 is
 * retryable: nothing ran), and what still fails reaches the caller as a typed store error, which
 * it re-sends with the same key. When the first two finish (the load drops) the third gets its
 * connections and its throughput recovers within seconds. Afterwards the database holds exactly what clients saw
 * acknowledged: refused work changed nothing.
 */
final class ConnectionLimitTest {
  private static final int CLINICS = 20;
  private static final int POOL = 10;
  private static final long CONNECTION_TIMEOUT_MILLIS = 500;

  @Test
  void threeJvmsOverTheServerConnectionLimit_getTypedErrors_loseNothing_andRecover()
      throws Exception {
    PgLocal pg = new PgLocal("pg-connection-limit", 25434).initAndStart();
    try {
      register(pg.url());
      try (Connection c = DriverManager.getConnection(pg.url()); Statement s = c.createStatement()) {
        s.execute("alter system set max_connections = 20");
      }
      pg.must("fast-restart");
      try (Connection c = DriverManager.getConnection(pg.url()); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("show max_connections")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(20);
      }

      long crowded = Long.getLong("connection.limit.seconds", 10);
      StormCluster cluster = new StormCluster(pg.url(), Path.of("target", "connection-limit"),
          POOL, CLINICS);
      cluster.reset(3);
      long started = System.nanoTime();
      Process first = cluster.start(0, crowded, 31, POOL, CONNECTION_TIMEOUT_MILLIS);
      Process second = cluster.start(1, crowded, 32, POOL, CONNECTION_TIMEOUT_MILLIS);
      Thread.sleep(3_000); // both pools filled: every connection the server has is taken
      long lateStart = System.nanoTime();
      Process late = cluster.start(2, crowded + 10, 33, POOL, CONNECTION_TIMEOUT_MILLIS);
      assertThat(first.waitFor(crowded + 120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.waitFor(crowded + 120, TimeUnit.SECONDS)).isTrue();
      long dropped = System.nanoTime();
      assertThat(late.waitFor(crowded + 180, TimeUnit.SECONDS)).isTrue();
      long wallMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(first.exitValue()).as("see target/connection-limit/*.out").isZero();
      assertThat(second.exitValue()).as("see target/connection-limit/*.out").isZero();
      assertThat(late.exitValue()).as("see target/connection-limit/*.out").isZero();

      StormReconciler.Summary summary;
      try (HikariDataSource pool = pool(pg.url())) {
        JdbcQuotaStore store = JdbcQuotaStore.builder(pool).migrate(false).build();
        Thread.sleep(2_100); // the storm's reservation TTL
        QuotaService.builder().store(store).clock(Clock.systemUTC()).build().expireReservations();
        summary = StormReconciler.reconcile(store, CLINICS, cluster.histories(3));
      }
      cluster.report(3, wallMillis);

      Map<String, Long> refused = cluster.sqlStates(3, "connect_");
      Map<String, Long> seenByStore = cluster.sqlStates(3, "sql_");
      String summaries = cluster.summaries(3);
      assertThat(refused.getOrDefault("53300", 0L)).as("connections refused at the limit: "
          + summaries).isPositive();
      assertThat(seenByStore.getOrDefault("53300", 0L)).as("53300 reached the store: " + summaries)
          .isPositive();
      assertThat(cluster.summed(3, "fail")).as("errors that were not typed store errors").isZero();

      StormLatency.Run lateRun = StormLatency.read(cluster.history(2)).orElseThrow();
      StormLatency.Run firstRun = StormLatency.read(cluster.history(0)).orElseThrow();
      long[] timeline = lateRun.timeline();
      int drop = (int) ((dropped - lateStart) / 1_000_000_000L);
      long crowdedOps = sum(timeline, 0, drop);
      long recoveredBest = 0;
      for (int s = drop; s < Math.min(timeline.length, drop + 10); s++) {
        recoveredBest = Math.max(recoveredBest, timeline[s]);
      }
      double firstRate = sum(firstRun.timeline(), 0, firstRun.timeline().length) * 1000.0
          / firstRun.wallMillis();
      ReliabilityReport.add("faults_survived", "connection_limit_episodes", 1);
      System.out.println("connection limit: " + summary + " | starved instance: " + crowdedOps
          + " ops in its first " + drop + " s, best second within 10 s of the drop " + recoveredBest
          + " ops; a crowded instance averaged " + Math.round(firstRate) + " ops/s | " + summaries);
      assertThat(recoveredBest).as("throughput of the starved instance within 10 s of the load "
          + "dropping, vs half a crowded instance's average").isGreaterThanOrEqualTo(
              Math.max(1, Math.round(firstRate / 2)));
    } finally {
      pg.run("stop");
    }
  }

  private static long sum(long[] values, int from, int to) {
    long total = 0;
    for (int i = Math.max(0, from); i < Math.min(values.length, to); i++) {
      total += values[i];
    }
    return total;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  private static void register(String url) {
    try (HikariDataSource pool = pool(url)) {
      QuotaService setup = QuotaService.builder().store(JdbcQuotaStore.builder(pool).build())
          .clock(Clock.systemUTC()).build();
      for (int c = 0; c < CLINICS; c++) {
        setup.registerClinic(ClinicRegistration.builder("storm-" + c, "starter")
            .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
      }
    }
  }
}
