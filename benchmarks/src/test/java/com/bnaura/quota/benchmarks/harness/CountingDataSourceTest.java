package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class CountingDataSourceTest {
  private CountingDataSource counting;

  @BeforeEach
  void table() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:counting-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    counting = new CountingDataSource(h2);
    try (Connection c = counting.getConnection(); Statement s = c.createStatement()) {
      s.execute("create table t (id int primary key, n int)");
    }
    counting.reset();
  }

  @Test
  void autocommitWrite_isOneRoundTripAndOneCommit() throws Exception {
    try (Connection c = counting.getConnection();
        PreparedStatement ps = c.prepareStatement("insert into t values (?, 0)")) {
      ps.setInt(1, 1);
      ps.executeUpdate();
    }

    Map<String, Object> p = StatementProfile.summary(counting.snapshot(), 1, 0);

    assertThat(p).containsEntry("roundTripsPerCall", 1.0).containsEntry("commitsPerCall", 1.0)
        .containsEntry("autocommitWritesPerCall", 1.0).containsEntry("exchangesPerCall", 1.0);
  }

  @Test
  void transaction_countsEachStatementABatchAsOneAndTheCommit() throws Exception {
    try (Connection c = counting.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement read = c.prepareStatement("select count(*) from t");
          PreparedStatement insert = c.prepareStatement("insert into t values (?, 0)")) {
        read.executeQuery().close();
        for (int i = 0; i < 3; i++) {
          insert.setInt(1, i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
    }

    Map<String, Object> p = StatementProfile.summary(counting.snapshot(), 1, 0);

    assertThat(p).containsEntry("roundTripsPerCall", 2.0).containsEntry("batchesPerCall", 1.0)
        .containsEntry("commitsPerCall", 1.0).containsEntry("autocommitWritesPerCall", 0.0)
        .containsEntry("exchangesPerCall", 3.0);
    assertThat(counting.snapshot()).containsKey("BATCH(3) insert into t values (?, 0)");
  }

  @Test
  void autocommitRead_commitsNothing() throws Exception {
    try (Connection c = counting.getConnection(); Statement s = c.createStatement()) {
      s.executeQuery("select count(*) from t").close();
    }

    assertThat(StatementProfile.summary(counting.snapshot(), 1, 0))
        .containsEntry("roundTripsPerCall", 1.0).containsEntry("commitsPerCall", 0.0);
  }

  @Test
  void countingOff_letsStatementsPassUncounted() throws Exception {
    counting.counting(false);
    try (Connection c = counting.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("insert into t values (9, 0)");
    }

    assertThat(counting.snapshot()).isEmpty();
  }

  @Test
  void kind_namesTheStatementAndWhetherItWrites() {
    assertThat(CountingDataSource.kind("select * from t for update")).isEqualTo("SELECT FOR UPDATE");
    assertThat(CountingDataSource.kind("  with x as (update t set n = 1 returning id) select 1"))
        .isEqualTo("WITH");
    assertThat(CountingDataSource.writes("WITH")).isTrue();
    assertThat(CountingDataSource.writes("SELECT FOR UPDATE")).isFalse();
  }
}
