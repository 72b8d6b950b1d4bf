package com.bnaura.quota.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** Opens {@link TestDatabases} to test packages below this one. */
public final class TestDatabasesAccess {
  private TestDatabasesAccess() {}

  /** A private in-memory H2 database. */
  public static HikariDataSource h2() {
    return TestDatabases.h2();
  }

  /** A private in-memory H2 database behind a pool with {@code size} connections and {@code timeoutMillis} to wait for one. */
  public static HikariDataSource h2(int size, long timeoutMillis) {
    return TestDatabases.h2(config -> {
      config.setMaximumPoolSize(size);
      config.setConnectionTimeout(timeoutMillis);
    });
  }

  /** A private schema on the PostgreSQL test server, or a skipped test. */
  public static HikariDataSource postgres(String owner) {
    return TestDatabases.postgres(owner);
  }

  /** Closes the pool and drops its schema or database. */
  public static void drop(HikariDataSource pool) {
    TestDatabases.drop(pool);
  }
}
