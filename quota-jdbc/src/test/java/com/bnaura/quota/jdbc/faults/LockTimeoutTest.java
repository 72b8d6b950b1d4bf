package com.bnaura.quota.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.testing.MutableClock;
import com.bnaura.quota.testing.ReliabilityReport;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A clinic's account row held by another session longer than PostgreSQL's {@code lock_timeout}
 * (RELIABILITY T8 d): the load reads past the lock, the apply waits on it, is run again after each
 * timeout, then gives up with a typed store error that changed nothing, and the same key succeeds
 * once the lock is free.
 */
final class LockTimeoutTest {

  @Test
  void lockHeldPastLockTimeout_isATypedErrorWithoutEffect_thenTheKeySucceeds() throws Exception {
    String url = System.getenv("QUOTA_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(),
        "QUOTA_TEST_POSTGRES_URL is not set: skipping the PostgreSQL lock-timeout test");
    String schema = "qt_locktimeout_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    config.setConnectionInitSql("set lock_timeout = '100ms'");
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
      Balance before = quotas.balance("c1");
      // another session holds the clinic's account row, as a write transaction of another
      // instance (or a host's own transaction) would
      UsageRequest request = UsageRequest.builder("c1", OperationId.QUICK_SCAN, "k1").build();
      try (Connection other = pool.getConnection()) {
        other.setAutoCommit(false);
        try (Statement lock = other.createStatement()) {
          lock.execute("select * from quota_clinic_account where clinic_id = 'c1' for update");
        }

        assertThatThrownBy(() -> quotas.tryConsume(request))
            .isInstanceOf(QuotaStoreException.class).hasMessageContaining("55P03")
            .hasMessageContaining("apply clinic c1").hasMessageContaining("attempt 10 of 10");
        other.rollback();
      }

      assertThat(quotas.balance("c1")).as("nothing changed while locked out").isEqualTo(before);
      assertThat(quotas.tryConsume(request)).isInstanceOf(Consumed.class);
      ReliabilityReport.add("faults_survived", "lock_timeouts", 10);
      ReliabilityReport.add("load_held", "retries_by_sqlstate.55P03", store.retries());
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }
}
