package com.bnaura.quota.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Databases for the store tests: a private in-memory H2 database, or a private schema (PostgreSQL)
 * or database (MariaDB) on the server named by {@code QUOTA_TEST_POSTGRES_URL} or {@code
 * QUOTA_TEST_MARIADB_URL}; tests skip, saying so, when the variable is unset.
 */
final class TestDatabases {
  /** Every table of the store, children first. */
  static final List<String> TABLES = List.of("quota_lease", "quota_event", "quota_budget",
      "quota_usage_counter", "quota_payment", "quota_auto_top_up", "quota_grant",
      "quota_billing_line", "ai_usage_logs", "quota_repeat_window", "quota_idempotency",
      "quota_reservation", "usage_metrics", "quota_clinic_account");

  private TestDatabases() {}

  static HikariDataSource h2() {
    return h2(config -> { });
  }

  /** A private in-memory H2 database behind a pool {@code settings} adjusts before it starts. */
  static HikariDataSource h2(java.util.function.Consumer<HikariConfig> settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:quota-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    config.setMaximumPoolSize(12);
    config.setPoolName("quota-test");
    settings.accept(config);
    return new HikariDataSource(config);
  }

  /** A pool on a new schema of the PostgreSQL server, or a skipped test. */
  static HikariDataSource postgres(String owner) {
    String url = System.getenv("QUOTA_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(),
        "QUOTA_TEST_POSTGRES_URL is not set: skipping the PostgreSQL store tests");
    String schema = name(owner);
    execute(url, "create schema " + schema);
    String separator = url.contains("?") ? "&" : "?";
    return pool(url + separator + "currentSchema=" + schema, 12);
  }

  /** A pool on a new database of the MariaDB server, or a skipped test. */
  static HikariDataSource mariadb(String owner) {
    String url = System.getenv("QUOTA_TEST_MARIADB_URL");
    assumeTrue(url != null && !url.isBlank(),
        "QUOTA_TEST_MARIADB_URL is not set: skipping the MariaDB store tests");
    String database = name(owner);
    execute(url, "create database " + database + " character set utf8mb4 collate utf8mb4_nopad_bin");
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    String withDb = base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    return pool(withDb, 12);
  }

  /** Drops the schema or database a pool was made for. */
  static void drop(HikariDataSource pool) {
    String url = pool.getJdbcUrl();
    pool.close();
    if (url.startsWith("jdbc:postgresql:")) {
      String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
      execute(url, "drop schema if exists " + schema + " cascade");
    } else if (url.startsWith("jdbc:mariadb:")) {
      String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      execute(url, "drop database if exists " + path.substring(path.lastIndexOf('/') + 1));
    }
  }

  /** Empties every table of the store. */
  static void truncate(HikariDataSource pool) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.executeUpdate("delete from " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String name(String owner) {
    return ("qt_" + owner + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + url + ": " + e, e);
    }
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setPoolName("quota-test");
    return new HikariDataSource(config);
  }
}
