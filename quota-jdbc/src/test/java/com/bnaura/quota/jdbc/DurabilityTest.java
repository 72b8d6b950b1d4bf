package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore.Durability;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a store built over a database the host supplies does about commits acknowledged before
 * they are written: an H2 file database is made to write each commit, an in-memory one is left
 * alone, a PostgreSQL session that does not wait for its flush is named in a WARN.
 */
final class DurabilityTest {

  @Test
  void builderOverAHostsH2File_withH2sDefaultDelay_writesEachCommitAndSaysSo(@TempDir Path dir)
      throws Exception {
    try (HikariDataSource host = pool("jdbc:h2:file:" + dir.resolve("app"), "sa")) {
      assertThat(writeDelay(host)).as("H2's default").isEqualTo(500);

      String log = stderrOf(() -> {
        JdbcQuotaStore store = JdbcQuotaStore.builder(host).build();
        assertThat(store.durability()).isEqualTo(Durability.WRITTEN);
      });

      assertThat(writeDelay(host)).isZero();
      assertThat(log).contains("WARN").contains("set WRITE_DELAY 0 on the H2 database")
          .contains("WRITE_DELAY=500").contains("Add ;WRITE_DELAY=0 to the database URL");
    }
  }

  @Test
  void builderOverAHostsH2DslContext_writesEachCommitToo(@TempDir Path dir) throws Exception {
    try (HikariDataSource host = pool("jdbc:h2:file:" + dir.resolve("app"), "sa")) {
      JdbcQuotaSchema.migrate(host);

      JdbcQuotaStore store = JdbcQuotaStore.builder(DSL.using(host, org.jooq.SQLDialect.H2))
          .build();

      assertThat(store.durability()).isEqualTo(Durability.WRITTEN);
      assertThat(writeDelay(host)).isZero();
    }
  }

  @Test
  @SuppressWarnings("try") // the other connection is held open, never read
  void delayThatComesBack_isUndoneBeforeTheNextWriteReturns(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("app");
    try (HikariDataSource host = pool(url, "sa")) {
      JdbcQuotaStore store = JdbcQuotaStore.builder(host).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
      // another part of the host connects with a URL that names a delay: H2 applies it to all
      try (Connection other = DriverManager.getConnection(url + ";WRITE_DELAY=300", "sa", "")) {
        assertThat(writeDelay(host)).isEqualTo(300);

        String log = stderrOf(() -> quotas.consumeOrThrow(
            UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1").build()));

        assertThat(writeDelay(host)).as("set back before the consume returned").isZero();
        assertThat(log).contains("WRITE_DELAY=300").contains("set WRITE_DELAY 0 again");
        assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(1));
      }
    }
  }

  @Test
  void h2UserWithoutAdminRights_isRefusedNamingWriteDelay_andNothingChanges(@TempDir Path dir)
      throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("app");
    try (HikariDataSource admin = pool(url, "sa")) {
      JdbcQuotaSchema.migrate(admin);
      try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE USER app PASSWORD 'app-pw'");
        s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO app");
      }
      try (HikariDataSource app = pool(url, "app")) {

        assertThatThrownBy(() -> JdbcQuotaStore.builder(app).migrate(false).build())
            .isInstanceOf(QuotaStoreException.class)
            .hasMessageContaining("WRITE_DELAY=500")
            .hasMessageContaining("Add ;WRITE_DELAY=0 to the database URL");
        assertThat(writeDelay(admin)).as("left as it was").isEqualTo(500);
      }
    }
  }

  @Test
  void storeBuiltWhileNoConnectionCanBeHad_isBuilt_andWritesEachCommitFromTheFirst(
      @TempDir Path dir) throws Exception {
    try (HikariDataSource host = pool("jdbc:h2:file:" + dir.resolve("app"), "sa")) {
      JdbcQuotaSchema.migrate(host);
      java.util.concurrent.atomic.AtomicInteger refusals =
          new java.util.concurrent.atomic.AtomicInteger(1);
      DataSource crowded = new DelegatingDataSource(host) {
        @Override
        public Connection getConnection() throws SQLException {
          if (refusals.getAndDecrement() > 0) {
            throw new java.sql.SQLTransientConnectionException("no connection available");
          }
          return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
          return getConnection();
        }
      };

      String log = stderrOf(() -> {
        JdbcQuotaStore store = JdbcQuotaStore.builder(crowded)
            .dialect(org.jooq.SQLDialect.H2).migrate(false).build();
        assertThat(store.durability()).isEqualTo(Durability.UNKNOWN);
        QuotaService quotas = QuotaService.builder().store(store)
            .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
        quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
      });

      assertThat(log).contains("could not read the durability settings")
          .contains("no connection available");
      assertThat(writeDelay(host)).as("set by the guard after the first commit").isZero();
    }
  }

  @Test
  void inMemoryH2_isLeftAlone() throws Exception {
    HikariDataSource memory = TestDatabases.h2();
    try {
      String log = stderrOf(() -> {
        JdbcQuotaStore store = JdbcQuotaStore.builder(memory).build();
        assertThat(store.durability()).isEqualTo(Durability.IN_MEMORY);
      });

      assertThat(log).doesNotContain("WRITE_DELAY");
      assertThat(storedWriteDelaySettings(memory)).as("no SET WRITE_DELAY was run").isZero();
    } finally {
      memory.close();
    }
  }

  @Test
  void embeddedDefault_writesEachCommit(@TempDir Path dir) throws Exception {
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      assertThat(store.durability()).isEqualTo(Durability.WRITTEN);
    }
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("quota"), "sa",
        "")) {
      assertThat(writeDelay(c)).as("a plain reopen runs at H2's default").isEqualTo(500);
    }
  }

  @Test
  void postgresSessionThatDoesNotWaitForItsFlush_isUsedWithAWarnNamingTheSetting() {
    HikariDataSource pool = TestDatabases.postgres("durability");
    try (HikariDataSource asynchronous = new HikariDataSource(copy(pool,
        "SET synchronous_commit = off"))) {

      String log = stderrOf(() -> {
        JdbcQuotaStore store = JdbcQuotaStore.builder(asynchronous).build();
        assertThat(store.durability()).isEqualTo(Durability.NOT_FLUSHED);
      });

      assertThat(log).contains("WARN").contains("synchronous_commit=off")
          .doesNotContain("password");
      assertThat(JdbcQuotaStore.builder(pool).build().durability()).isEqualTo(Durability.FLUSHED);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  @Test
  void mariaDbWithItsDefaults_flushesEachCommit() {
    HikariDataSource pool = TestDatabases.mariadb("durability");
    try {
      assertThat(JdbcQuotaStore.builder(pool).build().durability()).isEqualTo(Durability.FLUSHED);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static HikariDataSource pool(String url, String user) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(user.equals("sa") ? "" : user + "-pw");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static HikariConfig copy(HikariDataSource pool, String initSql) {
    HikariConfig config = new HikariConfig();
    pool.copyStateTo(config);
    config.setPoolName(pool.getPoolName() + "-async");
    config.setConnectionInitSql(initSql);
    return config;
  }

  /** The write delay in force in the H2 database of {@code dataSource}. */
  private static int writeDelay(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return writeDelay(c);
    }
  }

  private static int writeDelay(Connection c) throws SQLException {
    return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase()
        .getWriteDelay();
  }

  /** How many {@code SET WRITE_DELAY} settings the database stored. */
  private static int storedWriteDelaySettings(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SETTINGS "
            + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      r.next();
      // one row is the delay in force; a second one is a stored SET
      return r.getInt(1) - 1;
    }
  }

  /** What {@code action} wrote to standard error (where the test logger writes). */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
