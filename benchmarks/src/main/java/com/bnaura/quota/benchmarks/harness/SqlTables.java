package com.bnaura.quota.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The plain usage tables of the floor and the old pattern: one row per clinic with its quota and
 * what it used, in milli-units, the shape of our {@code usage_metrics} reduced to what a hand-written
 * check needs.
 */
final class SqlTables {
  private SqlTables() {}

  /** Creates {@code table} in {@code database}. */
  static void create(BenchDatabase database, String table) {
    database.execute("create table " + table + " (clinic_id varchar(255) not null primary key,"
        + " quota_limit bigint not null, current_usage bigint not null)");
  }

  /** Inserts a row with nothing used for every clinic of {@code set}. */
  static void insert(DataSource dataSource, String table, ClinicSet set) {
    String sql = "insert into " + table + " (clinic_id, quota_limit, current_usage) values (?, ?, 0)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < set.size(); i++) {
        ps.setString(1, set.id(i));
        ps.setLong(2, set.quotaMilli());
        ps.addBatch();
        if (i % 1000 == 999 || i == set.size() - 1) {
          ps.executeBatch();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fill " + table + " for " + set + ": " + e, e);
    }
  }

  /** The milli-units used over {@code set}'s clinics. */
  static long used(BenchDatabase database, String table, ClinicSet set) {
    return database.queryLong("select coalesce(sum(current_usage), 0) from " + table
        + " where clinic_id like ?", set.likePattern());
  }
}
