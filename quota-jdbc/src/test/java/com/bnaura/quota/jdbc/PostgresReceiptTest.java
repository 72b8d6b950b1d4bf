package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.ReceiptContract;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store on PostgreSQL keeps the receipt contract. */
final class PostgresReceiptTest extends ReceiptContract {
  private static HikariDataSource pool;
  private static JdbcQuotaStore shared;

  @BeforeAll
  static void createDatabase() {
    pool = TestDatabases.postgres("receipts");
    shared = JdbcQuotaStore.builder(pool).build();
  }

  @AfterAll
  static void dropDatabase() {
    if (pool != null) {
      TestDatabases.drop(pool);
    }
  }

  @Override
  protected QuotaStore newStore() {
    TestDatabases.truncate(pool);
    return shared;
  }
}
