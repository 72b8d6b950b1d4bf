package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.internal.Dialects;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database that schema versions 1 to 3 filled, as the store wrote it before the clinic's version
 * existed (stored outcomes without their format field {@code v}), upgraded to version 4 (and on to
 * the latest): each
 * account is at version 1, and through {@link QuotaService} on the upgraded store a stored key
 * replays the same answer, a pending reservation commits, and a repeat-scan window still waives the
 * repeat — the same answers as the database the rows came from gives.
 */
final class SchemaV4UpgradeTest {
  private static final String CLINIC = "upgraded";

  @Test
  void h2FilledByVersion3_upgradesAndKeepsKeysReservationsAndWindows() throws Exception {
    upgrade(TestDatabases::h2);
  }

  @Test
  void postgresFilledByVersion3_upgradesAndKeepsKeysReservationsAndWindows() throws Exception {
    upgrade(() -> TestDatabases.postgres("upgrade"));
  }

  @Test
  void mariaDbFilledByVersion3_upgradesAndKeepsKeysReservationsAndWindows() throws Exception {
    upgrade(() -> TestDatabases.mariadb("upgrade"));
  }

  private static void upgrade(Supplier<HikariDataSource> databases) throws Exception {
    HikariDataSource source = databases.get();
    HikariDataSource target = databases.get();
    try {
      MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
      QuotaService before = QuotaService.builder().store(JdbcQuotaStore.builder(source).build())
          .clock(clock).build();
      before.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());
      UsageRequest scan = UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "scan-1")
          .customerRef("patient-7").build();
      Consumed first = (Consumed) before.tryConsume(scan);
      Reserved held = (Reserved) before.tryReserve(
          UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN, "hold-1").build());
      clock.advance(Duration.ofHours(2));

      String vendor = Dialects.vendor(Dialects.detect(target));
      Flyway.configure(JdbcQuotaSchema.class.getClassLoader()).dataSource(target)
          .locations("classpath:com/bnaura/quota/jdbc/schema/" + vendor)
          .table(JdbcQuotaSchema.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0")
          .target("3").load().migrate();
      copyAsVersion3Wrote(source, target);

      List<String> applied = JdbcQuotaSchema.migrate(target);
      QuotaService after = QuotaService.builder().store(JdbcQuotaStore.builder(target).build())
          .clock(clock).build();

      assertThat(applied).containsExactly("4", "5", "6", "7", "8", "9");
      assertThat(versionOf(target)).isEqualTo(1L);
      assertThat(after.tryConsume(scan)).as("the stored key replays").isEqualTo(first);
      Object committed = after.tryCommit(CommitRequest.of(CLINIC, held.id().value()));
      assertThat(committed).isInstanceOf(Committed.class)
          .isEqualTo(before.tryCommit(CommitRequest.of(CLINIC, held.id().value())));
      UsageRequest repeat = UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "scan-2")
          .customerRef("patient-7").build();
      Consumed again = (Consumed) after.tryConsume(repeat);
      assertThat(again.charge().waived()).as("the repeat window is honoured")
          .isGreaterThan(Units.ZERO);
      assertThat(again).isEqualTo(before.tryConsume(repeat));
      assertThat(after.balance(CLINIC)).isEqualTo(before.balance(CLINIC));
      assertThat(versionOf(target)).isEqualTo(3L);
    } finally {
      TestDatabases.drop(source);
      TestDatabases.drop(target);
    }
  }

  /**
   * Copies every row of {@code source} into {@code target}, a database at schema version 3:
   * without the version column, and with every stored outcome as the store wrote it before
   * outcomes named their format (no {@code v} field).
   */
  private static void copyAsVersion3Wrote(HikariDataSource source, HikariDataSource target)
      throws SQLException {
    List<String> parentsFirst = new ArrayList<>(TestDatabases.TABLES);
    java.util.Collections.reverse(parentsFirst);
    parentsFirst.removeAll(SchemaV5UpgradeTest.V5_TABLES);
    parentsFirst.removeAll(SchemaV5UpgradeTest.LATER_TABLES);
    try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
      for (String table : parentsFirst) {
        for (Map<String, Object> row : rows(from, table)) {
          row.remove("version");
          row.keySet().removeAll(SchemaV5UpgradeTest.V5_COLUMNS.getOrDefault(table, Set.of()));
          row.keySet().removeAll(
              SchemaV5UpgradeTest.LATER_COLUMNS.getOrDefault(table, Set.of()));
          row.computeIfPresent("outcome", (k, v) -> withoutFormat((String) v));
          row.computeIfPresent("resolution", (k, v) -> withoutFormat((String) v));
          insert(to, table, row);
        }
      }
    }
  }

  /**
   * The outcome as it was written before outcomes named their format: a reserve's and a consume's
   * fields are the same in every format, only the {@code v} field was not there.
   */
  private static String withoutFormat(String outcome) {
    assertThat(outcome).matches("v=\\d+&t=(reserved|consumed)&.*");
    return outcome.substring(outcome.indexOf('&') + 1);
  }

  private static List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static void insert(Connection c, String table, Map<String, Object> row)
      throws SQLException {
    String sql = "insert into " + table + " (" + String.join(", ", row.keySet()) + ") values ("
        + String.join(", ", java.util.Collections.nCopies(row.size(), "?")) + ")";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (Object value : row.values()) {
        s.setObject(i++, value);
      }
      s.executeUpdate();
    }
  }

  private static long versionOf(HikariDataSource db) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select version from quota_clinic_account where clinic_id = '" + CLINIC + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
