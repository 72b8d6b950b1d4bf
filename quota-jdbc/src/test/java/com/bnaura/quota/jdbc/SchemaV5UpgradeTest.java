package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.internal.Dialects;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database that schema version 4 filled (an add-on balance on the account, a pending reservation
 * holding add-on units, no grants), upgraded to version 5: the balance becomes one never-expiring
 * grant, the reservation's add-on hold is held from it, and through {@link QuotaService} on the
 * upgraded store the reservation commits into that grant, the status shows it, and the ledger
 * invariants hold.
 */
final class SchemaV5UpgradeTest {
  /** The tables version 5 added. */
  static final Set<String> V5_TABLES = Set.of("quota_grant");
  /** The columns version 5 added to the tables that existed before, by table. */
  static final Map<String, Set<String>> V5_COLUMNS = Map.of(
      "quota_clinic_account", Set.of("addon_expired"),
      "quota_reservation", Set.of("hold_grants"),
      "ai_usage_logs", Set.of("grant_parts", "quantity", "plan_id", "catalog_version",
          "overage_price_minor", "customer_hash", "window_opened_us"));
  /** The tables versions after 5 added, which a database of version 4 or 5 does not have. */
  static final Set<String> LATER_TABLES = Set.of("quota_auto_top_up", "quota_payment",
      "quota_usage_counter", "quota_budget", "quota_event", "quota_lease");
  /** The columns versions after 5 added to the tables that existed before, by table. */
  static final Map<String, Set<String>> LATER_COLUMNS = Map.of(
      "ai_usage_logs", Set.of("reverses_key"),
      "quota_grant", Set.of("voided_at_us"),
      "quota_clinic_account", Set.of("caps_override", "budgets_in_use", "quiet_hours"));

  private static final String CLINIC = "upgraded";

  @Test
  void h2FilledByVersion4_upgradesTheAddOnBalanceIntoOneGrant() throws Exception {
    upgrade(TestDatabases::h2);
  }

  @Test
  void postgresFilledByVersion4_upgradesTheAddOnBalanceIntoOneGrant() throws Exception {
    upgrade(() -> TestDatabases.postgres("upgrade5"));
  }

  @Test
  void mariaDbFilledByVersion4_upgradesTheAddOnBalanceIntoOneGrant() throws Exception {
    upgrade(() -> TestDatabases.mariadb("upgrade5"));
  }

  private static void upgrade(Supplier<HikariDataSource> databases) throws Exception {
    HikariDataSource source = databases.get();
    HikariDataSource target = databases.get();
    try {
      MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
      QuotaService before = QuotaService.builder().store(JdbcQuotaStore.builder(source).build())
          .clock(clock).build();
      before.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
          .overagePolicy(OveragePolicy.BLOCK).build());
      before.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "top-1"));
      before.consumeOrThrow(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "use-1")
          .quantity(100).build());
      before.consumeOrThrow(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "use-2")
          .quantity(2).build());
      Reserved held = before.reserveOrThrow(
          UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "hold-1").quantity(3)
              .build());
      QuotaStatus statusBefore = before.status(CLINIC);
      clock.advance(Duration.ofMinutes(2));

      String vendor = Dialects.vendor(Dialects.detect(target));
      Flyway.configure(JdbcQuotaSchema.class.getClassLoader()).dataSource(target)
          .locations("classpath:com/bnaura/quota/jdbc/schema/" + vendor)
          .table(JdbcQuotaSchema.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0")
          .target("4").load().migrate();
      copyAsVersion4Wrote(source, target);

      List<String> applied = JdbcQuotaSchema.migrate(target);
      JdbcQuotaStore store = JdbcQuotaStore.builder(target).build();
      List<GrantRecord> migrated = store.grants(ClinicId.of(CLINIC));
      QuotaService after = QuotaService.builder().store(store).clock(clock).build();
      QuotaStatus statusAfter = after.status(CLINIC);
      Committed committed = after.commitOrThrow(CommitRequest.of(CLINIC, held.id().value()));

      assertThat(applied).containsExactly("5", "6", "7", "8", "9");
      assertThat(migrated).singleElement().satisfies(g -> {
        assertThat(g.id()).isEqualTo(GrantRecord.BEFORE_GRANTS);
        assertThat(g.granted()).isEqualTo(Units.of(10));
        assertThat(g.used()).isEqualTo(Units.of(2));
        assertThat(g.reserved()).isEqualTo(Units.of(3));
        assertThat(g.expiresAt()).isEmpty();
        assertThat(g.price().minor()).as("what the top-ups cost").isEqualTo(48_000);
      });
      assertThat(statusAfter.addonBalance()).isEqualTo(statusBefore.addonBalance())
          .isEqualTo(Units.of(5));
      assertThat(statusAfter.grants()).extracting(GrantStatus::id)
          .containsExactly(GrantRecord.BEFORE_GRANTS);
      assertThat(committed.charge().split().grants())
          .containsExactly(new GrantPart(GrantRecord.BEFORE_GRANTS, Units.of(3)));
      assertThat(after.status(CLINIC).addonBalance()).isEqualTo(Units.of(5));
      LedgerInvariants.check(store, ClinicId.of(CLINIC));
    } finally {
      TestDatabases.drop(source);
      TestDatabases.drop(target);
    }
  }

  /**
   * Copies every row of {@code source} into {@code target}, a database at schema version 4, as
   * version 4 wrote it: without the tables and columns version 5 added, and with every stored
   * outcome without the grant fields version 5 added to them.
   */
  private static void copyAsVersion4Wrote(HikariDataSource source, HikariDataSource target)
      throws SQLException {
    List<String> parentsFirst = new ArrayList<>(TestDatabases.TABLES);
    Collections.reverse(parentsFirst);
    parentsFirst.removeAll(V5_TABLES);
    parentsFirst.removeAll(LATER_TABLES);
    try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
      for (String table : parentsFirst) {
        for (Map<String, Object> row : rows(from, table)) {
          row.keySet().removeAll(V5_COLUMNS.getOrDefault(table, Set.of()));
          row.keySet().removeAll(LATER_COLUMNS.getOrDefault(table, Set.of()));
          row.computeIfPresent("outcome", (k, v) -> withoutGrants((String) v));
          row.computeIfPresent("resolution", (k, v) -> withoutGrants((String) v));
          insert(to, table, row);
        }
      }
    }
  }

  /** A stored outcome without the fields that name grants (a split's {@code .g}, a top-up's). */
  private static String withoutGrants(String outcome) {
    List<String> kept = new ArrayList<>();
    for (String pair : outcome.split("&")) {
      String key = URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8);
      if (!key.endsWith(".g") && !Set.of("grant", "prio", "gexp").contains(key)) {
        kept.add(pair);
      }
    }
    return String.join("&", kept);
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
        + String.join(", ", Collections.nCopies(row.size(), "?")) + ")";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (Object value : row.values()) {
        s.setObject(i++, value);
      }
      s.executeUpdate();
    }
  }
}
