package com.bnaura.quota.jdbc.faults;

import com.zaxxer.hikari.HikariDataSource;

/** Faults between the store and a PostgreSQL database. */
final class PostgresFaultTest extends FaultContract {
  @Override
  protected HikariDataSource newPool() {
    return com.bnaura.quota.jdbc.TestDatabasesAccess.postgres("faults");
  }

  @Override
  protected void dropPool(HikariDataSource pool) {
    com.bnaura.quota.jdbc.TestDatabasesAccess.drop(pool);
  }
}
