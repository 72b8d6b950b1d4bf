package com.bnaura.quota.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One JDBC store with its defaults over a database of its own for a whole test class, emptied for
 * each test: a contract class on one database registers it as a static extension and returns
 * {@link #emptied()} as its store. A PostgreSQL or MariaDB database whose URL is not set skips the
 * class, saying so ({@link TestDatabases}).
 */
final class SharedStore implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<HikariDataSource> database;
  private HikariDataSource pool;
  private JdbcQuotaStore store;

  private SharedStore(Supplier<HikariDataSource> database) {
    this.database = database;
  }

  /** A private in-memory H2 database. */
  static SharedStore h2() {
    return new SharedStore(TestDatabases::h2);
  }

  /** A schema of its own on the PostgreSQL server, named after {@code owner}. */
  static SharedStore postgres(String owner) {
    return new SharedStore(() -> TestDatabases.postgres(owner));
  }

  /** A database of its own on the MariaDB server, named after {@code owner}. */
  static SharedStore mariadb(String owner) {
    return new SharedStore(() -> TestDatabases.mariadb(owner));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    pool = database.get();
    store = JdbcQuotaStore.builder(pool).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pool != null) {
      TestDatabases.drop(pool);
    }
  }

  /** The class's store over its emptied tables. */
  JdbcQuotaStore emptied() {
    TestDatabases.truncate(pool);
    return store;
  }
}
