package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against a real database (RELIABILITY T11 on H2 and PostgreSQL): every malformed
 * request is refused with a typed code before any SQL runs, a checksum of every table is unchanged,
 * no raw database exception escapes, and SQL-looking or exotic ids that are valid are stored and
 * read back exactly.
 */
final class JdbcBadInputTest {
  private static final String A = "clinic-a";

  @Test
  void h2_refusesHostileInputWithoutTouchingTables() throws Exception {
    check(TestDatabases.h2());
  }

  @Test
  void postgres_refusesHostileInputWithoutTouchingTables() throws Exception {
    check(TestDatabases.postgres("badinput"));
  }

  private void check(HikariDataSource pool) throws Exception {
    try {
      QuotaService quotas = QuotaService.builder().store(JdbcQuotaStore.builder(pool).build())
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder(A, "starter").build());
      Reserved held = quotas.reserveOrThrow(UsageRequest.builder(A, OperationId.QUICK_SCAN, "r").build());
      quotas.registerClinic(ClinicRegistration.builder("clinic-b", "starter").build());
      Reserved ofB = quotas.reserveOrThrow(UsageRequest.builder("clinic-b", OperationId.QUICK_SCAN, "r").build());

      Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
      for (String bad : new String[] {"", "   ", "\t\n", "nul\u0000byte", "\ud800", "x".repeat(256),
          "y".repeat(10_000), "\u200b"}) {
        cases.put("clinicId " + describe(bad), () -> quotas.tryConsume(
            UsageRequest.builder(bad, OperationId.QUICK_SCAN, "k").build()));
        cases.put("key " + describe(bad), () -> quotas.tryReserve(
            UsageRequest.builder(A, OperationId.QUICK_SCAN, bad).build()));
        cases.put("customer " + describe(bad), () -> quotas.tryConsume(
            UsageRequest.builder(A, OperationId.QUICK_SCAN, "k").customerRef(bad).build()));
        cases.put("reservation " + describe(bad), () -> quotas.tryCommit(CommitRequest.of(A, bad)));
        cases.put("register " + describe(bad), () -> quotas.registerClinic(
            ClinicRegistration.builder(bad, "starter").build()));
      }
      cases.put("unknown clinic sql-like", () -> quotas.tryConsume(UsageRequest.builder(
          "x'; DROP TABLE ai_usage_logs;--", OperationId.QUICK_SCAN, "k").build()));
      cases.put("quantity -1", () -> quotas.tryConsume(UsageRequest.builder(A,
          OperationId.QUICK_SCAN, "k").quantity(-1).build()));
      cases.put("quantity max", () -> quotas.tryConsume(UsageRequest.builder(A,
          OperationId.QUICK_SCAN, "k").quantity(Long.MAX_VALUE).build()));
      cases.put("ttl zero", () -> quotas.tryReserve(UsageRequest.builder(A,
          OperationId.QUICK_SCAN, "k").ttl(Duration.ZERO).build()));
      cases.put("top-up 0", () -> quotas.purchaseTopUp(TopUpRequest.units(A, 0, "k")));
      cases.put("top-up 100001", () -> quotas.purchaseTopUp(TopUpRequest.units(A, 100_001, "k")));
      cases.put("unknown pack", () -> quotas.purchaseTopUp(TopUpRequest.pack(A, "pack-7", "k")));
      cases.put("unknown plan", () -> quotas.changePlan(PlanChangeRequest.of(A, "gold", "k")));
      cases.put("unknown operation", () -> quotas.tryConsume(UsageRequest.builder(A,
          "DEEP_SCAN", "k").build()));
      cases.put("unknown zone", () -> quotas.registerClinic(ClinicRegistration.builder("new",
          "starter").zone("Mars/Olympus").build()));
      cases.put("anchor 32", () -> quotas.registerClinic(ClinicRegistration.builder("new",
          "starter").anchorDay(32).build()));
      cases.put("cap -1", () -> quotas.registerClinic(ClinicRegistration.builder("new",
          "starter").overageCap("-1").build()));
      cases.put("commit more than held", () -> quotas.tryCommit(CommitRequest.builder(A,
          held.id().value()).actualUnits(Units.of(5)).build()));
      cases.put("commit another clinic's reservation", () -> quotas.tryCommit(
          CommitRequest.of(A, ofB.id().value())));
      cases.put("release another clinic's reservation", () -> quotas.tryRelease(A,
          ofB.id().value()));
      cases.put("balance blank", () -> quotas.balance(" "));

      int tried = 0;
      for (Map.Entry<String, Supplier<Object>> c : cases.entrySet()) {
        String before = checksum(pool);

        Refused refused = refusal(c.getValue());

        assertThat(refused.code()).as(c.getKey()).isIn(RefusalCode.INVALID_ARGUMENT,
            RefusalCode.UNKNOWN_CLINIC, RefusalCode.UNKNOWN_RESERVATION, RefusalCode.UNKNOWN_PLAN,
            RefusalCode.UNKNOWN_OPERATION);
        if (refused.code() == RefusalCode.INVALID_ARGUMENT) {
          assertThat(refused.field()).as(c.getKey() + " names its field").isPresent();
        }
        assertThat(checksum(pool)).as("tables unchanged by %s", c.getKey()).isEqualTo(before);
        tried++;
      }
      assertThat(tried).isEqualTo(cases.size());
      com.bnaura.quota.testing.ReliabilityReport.add("bad_inputs_tried", "total", tried);
      com.bnaura.quota.testing.ReliabilityReport.add("bad_inputs_tried", "accepted_unexpectedly", 0);
      com.bnaura.quota.testing.ReliabilityReport.add("bad_inputs_tried",
          "tables_changed_by_rejected_input", 0);

      for (String exotic : new String[] {"x'; DROP TABLE ai_usage_logs;--", "' OR '1'='1", "%_\\$$",
          "คลินิกสุขภาพ", "clinic-😀", "caf\u00e9", "a\u200db"}) {
        assertThat(quotas.registerClinic(ClinicRegistration.builder(exotic, "starter").build()))
            .as(exotic).isInstanceOfSatisfying(Registered.class,
                r -> assertThat(r.clinic().value()).isEqualTo(exotic));
        quotas.consumeOrThrow(UsageRequest.builder(exotic, OperationId.QUICK_SCAN, exotic).build());
        assertThat(quotas.balance(exotic).monthlyUsed()).as(exotic).isEqualTo(Units.parse("0.2"));
      }
      assertThat(quotas.balance("cafe\u0301").monthlyUsed()).as("NFD finds the NFC clinic")
          .isEqualTo(Units.parse("0.2"));
      assertThat(quotas.balance(A).monthlyReserved()).isEqualTo(Units.parse("0.2"));
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static String describe(String value) {
    return value.length() > 12 ? value.length() + " chars" : "'" + value.replace("\u0000", "\\0") + "'";
  }

  private static Refused refusal(Supplier<Object> call) {
    Object outcome;
    try {
      outcome = call.get();
    } catch (QuotaRefusedException e) {
      return e.refused();
    }
    assertThat(outcome).isInstanceOf(Refused.class);
    return (Refused) outcome;
  }

  private static String checksum(HikariDataSource pool) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String table : TestDatabases.TABLES) {
        try (ResultSet rs = s.executeQuery("select * from " + table + " order by 1, 2")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              digest.update(String.valueOf(rs.getObject(i)).getBytes(StandardCharsets.UTF_8));
              digest.update((byte) 0);
            }
          }
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
