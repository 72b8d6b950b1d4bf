package com.bnaura.quota.jdbc;

import org.jooq.SQLDialect;

/**
 * Thrown when the store is built over a database it does not support: it runs on H2, PostgreSQL
 * and MariaDB. It names the database found (its product name as the JDBC driver reports it, or the
 * dialect asked for) so the message says which one was refused.
 */
public final class UnsupportedDatabaseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The databases the store runs on, as a sentence fragment for messages. */
  public static final String SUPPORTED = "H2, PostgreSQL and MariaDB";

  private final SQLDialect dialect;
  private final String product;

  /**
   * Creates the exception for {@code dialect}, found on a database whose driver calls it {@code
   * product} (empty when the dialect was given rather than detected).
   */
  public UnsupportedDatabaseException(SQLDialect dialect, String product) {
    super(message(dialect, product));
    this.dialect = dialect;
    this.product = product;
  }

  /** The jOOQ dialect that was detected or asked for ({@code DEFAULT} when jOOQ knows none). */
  public SQLDialect dialect() {
    return dialect;
  }

  /** The database product as the JDBC driver names it, or empty when none was detected. */
  public String product() {
    return product;
  }

  private static String message(SQLDialect dialect, String product) {
    String found = product.isEmpty() ? "the SQL dialect " + dialect
        : "the database " + product + " (SQL dialect " + dialect + ")";
    if (dialect.family() == SQLDialect.MYSQL) {
      return "MySQL is not supported; use MariaDB, PostgreSQL or H2 (detected " + found + ")";
    }
    return "the quota store does not support " + found + "; it runs on " + SUPPORTED;
  }
}
