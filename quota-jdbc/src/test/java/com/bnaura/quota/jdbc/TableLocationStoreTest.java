package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Stores at different {@link TableLocation}s in one database keep separate books: a charge in one
 * is not seen in another, the same idempotency key in each is a new request, and each has its own
 * tables and migration history where the option puts them.
 */
final class TableLocationStoreTest {
  private static final String CLINIC = "shared-clinic";
  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
  private static final List<String> TABLES = Stream.concat(TestDatabases.TABLES.stream(),
      Stream.of(JdbcQuotaSchema.HISTORY_TABLE)).toList();

  @Test
  void h2_twoPrefixesAndNone_keepSeparateBooks() throws Exception {
    separateBooks(TestDatabases::h2);
  }

  @Test
  void postgres_twoPrefixesAndNone_keepSeparateBooks() throws Exception {
    separateBooks(() -> TestDatabases.postgres("prefix"));
  }

  @Test
  void mariaDb_twoPrefixesAndNone_keepSeparateBooks() throws Exception {
    separateBooks(() -> TestDatabases.mariadb("prefix"));
  }

  @Test
  void postgres_schemaOption_createsTablesAndHistoryInThatSchema() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("schema");
    String schema = pool.getJdbcUrl().substring(pool.getJdbcUrl().indexOf("currentSchema=") + 14)
        + "_books";
    try {
      inSchema(pool, schema);
    } finally {
      execute(pool, "drop schema if exists " + schema + " cascade");
      TestDatabases.drop(pool);
    }
  }

  @Test
  void h2_schemaOption_createsTablesAndHistoryInThatSchema() throws Exception {
    HikariDataSource pool = TestDatabases.h2();
    try {
      inSchema(pool, "books");
    } finally {
      TestDatabases.drop(pool);
    }
  }

  @Test
  void mariaDb_schemaOption_createsTablesAndHistoryInThatDatabase() throws Exception {
    HikariDataSource pool = TestDatabases.mariadb("schema");
    String schema;
    try (Connection c = pool.getConnection()) {
      schema = c.getCatalog() + "_books";
    }
    try {
      inSchema(pool, schema);
    } finally {
      execute(pool, "drop database if exists " + schema);
      TestDatabases.drop(pool);
    }
  }

  @Test
  void postgres_longestPrefix_keepsEveryNameWhole() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("longest");
    String prefix = "p".repeat(TableLocation.MAX_PREFIX_LENGTH - 1) + "_";
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(pool).tablePrefix(prefix).build();
      QuotaService quotas = service(store);
      quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());

      assertThat(quotas.tryConsume(scan("scan-1"))).isInstanceOf(Consumed.class);
      assertThat(store.clinicsWithExpiredReservations(LATER, 10)).isEmpty();
      assertThat(store.purgeIdempotencyKeys(LATER, 10)).isPositive();
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet names = s.executeQuery("select relname from pg_class where relnamespace = "
              + "current_schema()::regnamespace union select conname from pg_constraint where "
              + "connamespace = current_schema()::regnamespace")) {
        Set<String> found = new TreeSet<>();
        while (names.next()) {
          found.add(names.getString(1));
        }
        assertThat(found).allMatch(n -> n.startsWith(prefix)).contains(
            prefix + "quota_clinic_account_period_ck", prefix + "quota_repeat_window_account_fk",
            prefix + "quota_reservation_period_ix", prefix + "quota_schema_history");
      }
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static void separateBooks(Supplier<HikariDataSource> databases) throws Exception {
    HikariDataSource pool = databases.get();
    try {
      QuotaService one = service(JdbcQuotaStore.builder(pool).tablePrefix("clinic1_").build());
      QuotaService two = service(JdbcQuotaStore.builder(pool).tablePrefix("clinic2_").build());
      QuotaService none = service(JdbcQuotaStore.builder(pool).build());
      for (QuotaService quotas : List.of(one, two, none)) {
        quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());
      }
      Balance fresh = two.balance(CLINIC);

      Consumed first = (Consumed) one.tryConsume(scan("scan-1"));

      assertThat(one.balance(CLINIC)).isNotEqualTo(fresh);
      assertThat(two.balance(CLINIC)).as("a charge in clinic1_ is not seen in clinic2_")
          .isEqualTo(fresh);
      assertThat(none.balance(CLINIC)).as("nor in the unprefixed tables").isEqualTo(fresh);
      assertThat(rows(pool, "clinic1_ai_usage_logs"))
          .isGreaterThan(rows(pool, "clinic2_ai_usage_logs"));
      assertThat(rows(pool, "clinic2_ai_usage_logs")).isEqualTo(rows(pool, "ai_usage_logs"));

      Consumed again = (Consumed) two.tryConsume(scan("scan-1"));

      assertThat(again.charge()).as("the same key in clinic2_ is a new request, charged alike")
          .isEqualTo(first.charge());
      assertThat(two.balance(CLINIC)).isEqualTo(one.balance(CLINIC));
      assertThat(none.balance(CLINIC)).isEqualTo(fresh);
      Set<String> tables = tables(pool, null);
      for (String table : TABLES) {
        assertThat(tables).contains(table, "clinic1_" + table, "clinic2_" + table);
      }
      assertThat(JdbcQuotaStore.builder(pool).tablePrefix("clinic1_").build().tableLocation())
          .as("a second start validates and migrates nothing")
          .isEqualTo(TableLocation.DEFAULT.withTablePrefix("clinic1_"));
    } finally {
      TestDatabases.drop(pool);
    }
  }

  @Test
  void h2_overADslContext_migratedSeparately_usesThePrefixedTables() throws Exception {
    HikariDataSource pool = TestDatabases.h2();
    TableLocation location = TableLocation.DEFAULT.withTablePrefix("clinic3_");
    try {
      JdbcQuotaSchema.migrate(pool, SQLDialect.H2, location);
      QuotaService quotas = service(JdbcQuotaStore.builder(DSL.using(pool, SQLDialect.H2))
          .tablePrefix("clinic3_").build());
      quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());

      assertThat(quotas.tryConsume(scan("scan-1"))).isInstanceOf(Consumed.class);
      assertThat(rows(pool, "clinic3_ai_usage_logs")).isPositive();
      assertThat(tables(pool, null)).allMatch(t -> t.startsWith("clinic3_"));
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static void inSchema(HikariDataSource pool, String schema) throws Exception {
    JdbcQuotaStore store = JdbcQuotaStore.builder(pool).schema(schema).build();
    QuotaService quotas = service(store);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").build());

    assertThat(quotas.tryConsume(scan("scan-1"))).isInstanceOf(Consumed.class);
    assertThat(tables(pool, schema)).containsAll(TABLES);
    assertThat(tables(pool, null)).as("nothing in the connection's default schema").isEmpty();
    assertThat(rows(pool, schema + ".ai_usage_logs")).isPositive();
    assertThat(store.clinicsWithExpiredReservations(LATER, 10)).isEmpty();
    assertThat(store.purgeIdempotencyKeys(LATER, 10)).as("the maintenance queries find the keys")
        .isPositive();
    assertThat(JdbcQuotaSchema.migrate(pool, store.dialect(), store.tableLocation())).isEmpty();
  }

  private static QuotaService service(JdbcQuotaStore store) {
    return QuotaService.builder().store(store).clock(MutableClock.at("2026-03-10T03:00:00Z"))
        .build();
  }

  private static UsageRequest scan(String key) {
    return UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, key).build();
  }

  private static long rows(HikariDataSource pool, String table) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * The tables of {@code schema} (a database on MariaDB), or of the connection's own when null,
   * in lower case.
   */
  private static Set<String> tables(HikariDataSource pool, String schema) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection c = pool.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      boolean h2 = product.contains("h2");
      boolean mariadb = product.contains("maria") || product.contains("mysql");
      String own = mariadb ? c.getCatalog() : c.getSchema();
      String wanted = schema == null ? own : h2 ? schema.toUpperCase(Locale.ROOT) : schema;
      try (ResultSet r = mariadb
          ? c.getMetaData().getTables(wanted, null, "%", new String[] {"TABLE"})
          : c.getMetaData().getTables(null, wanted, "%", new String[] {"TABLE"})) {
        while (r.next()) {
          names.add(r.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
