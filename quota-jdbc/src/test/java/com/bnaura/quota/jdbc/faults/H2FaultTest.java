package com.bnaura.quota.jdbc.faults;

import com.zaxxer.hikari.HikariDataSource;

/** Faults between the store and an H2 database. */
final class H2FaultTest extends FaultContract {
  @Override
  protected HikariDataSource newPool() {
    return com.bnaura.quota.jdbc.TestDatabasesAccess.h2();
  }

  @Override
  protected void dropPool(HikariDataSource pool) {
    com.bnaura.quota.jdbc.TestDatabasesAccess.drop(pool);
  }
}
