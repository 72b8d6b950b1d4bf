package com.bnaura.quota.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import com.bnaura.quota.testing.ReliabilityReport;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Lost acknowledgements on the wire (RELIABILITY T6 e): a relay cuts the PostgreSQL connection
 * right after forwarding COMMIT, 200 times; every call whose outcome the client could not see is
 * retried with the same key and resolves to exactly one charge.
 */
final class LostAckOverTheWireTest {

  @Test
  void commitCutAfterForwarding_retryWithSameKey_chargesExactlyOnce() throws Exception {
    String url = System.getenv("QUOTA_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(),
        "QUOTA_TEST_POSTGRES_URL is not set: skipping the PostgreSQL lost-acknowledgement test");
    String schema = "qt_lostack_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    int port = Integer.parseInt(url.replaceAll("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
    String database = url.replaceAll("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
    String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) + "&" : "";
    int rounds = Integer.getInteger("lostack.rounds", 200);
    try (CommitCuttingRelay relay = new CommitCuttingRelay("127.0.0.1", port)) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + database + "?" + query
          + "sslmode=disable&gssEncMode=disable&currentSchema=" + schema);
      config.setMaximumPoolSize(2);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
        QuotaService quotas = QuotaService.builder().store(store)
            .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
        quotas.registerClinic(ClinicRegistration.builder("c1", "enterprise").build());
        int seenByCaller = 0;
        Map<String, Consumed> outcomes = new HashMap<>();

        for (int i = 0; i < rounds; i++) {
          String key = "k-" + i;
          UsageRequest request = UsageRequest.builder("c1", OperationId.QUICK_SCAN, key).build();
          relay.armOnce();
          Object outcome;
          try {
            outcome = quotas.tryConsume(request);
          } catch (QuotaStoreException e) {
            // the store gave up: the caller retries with the same key, as a host would
            seenByCaller++;
            outcome = quotas.tryConsume(request);
          }
          outcomes.put(key, (Consumed) outcome);
        }

        long charges = store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX).stream()
            .filter(e -> e.kind() == LedgerKind.CHARGE).count();
        assertThat(relay.cuts()).as("connections cut after COMMIT").isEqualTo(rounds);
        assertThat(store.retries()).as("transactions the store ran again").isGreaterThanOrEqualTo(rounds);
        assertThat(outcomes).hasSize(rounds);
        assertThat(charges).as("one charge per key (%d store errors reached the caller)",
            seenByCaller).isEqualTo(rounds);
        assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("0.2").times(rounds));
        LedgerInvariants.check(store, ClinicId.of("c1"));
        ReliabilityReport.add("faults_survived", "lost_acks_on_the_wire", relay.cuts());
        ReliabilityReport.add("faults_survived", "resolved_applied", rounds);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }
}
