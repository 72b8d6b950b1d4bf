package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.GrantContract;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store on MariaDB keeps the grant contract. */
final class MariaDbGrantTest extends GrantContract {
  private static HikariDataSource pool;
  private static JdbcQuotaStore shared;

  @BeforeAll
  static void createDatabase() {
    pool = TestDatabases.mariadb("grants");
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
