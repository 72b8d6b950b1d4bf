package com.bnaura.quota.jdbc.internal;

import java.sql.SQLException;

/** Which database failures are worth running the whole transaction again. */
final class SqlFailures {
  /** PostgreSQL's admin shutdown, crash shutdown and cannot-connect-now. */
  private static final java.util.Set<String> SERVER_GONE = java.util.Set.of("57P01", "57P02",
      "57P03");

  private SqlFailures() {}

  /**
   * Whether {@code failure} is worth running the whole transaction again: a serialization failure
   * or deadlock (40001, 40P01), a lock wait that timed out (PostgreSQL 55P03, H2 HYT00, MariaDB
   * 1205), H2's concurrent update (90131), a duplicate key (23505, MariaDB 1062) from two first registrations of
   * one clinic racing, a connection the server refused because it is at its connection limit
   * (PostgreSQL 53300), a broken connection (class 08), including one that broke after the
   * database committed, or a session the server ended or would not start because it is shutting
   * down or starting up (PostgreSQL 57P01, 57P02, 57P03): every engine transaction is safe to run
   * again, because a write that did commit is found by its idempotency key or reservation state and
   * replayed, not applied twice.
   */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ("40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state)
            || "55P03".equals(state) || "53300".equals(state)
            || (state != null && (state.startsWith("08") || SERVER_GONE.contains(state)))
            || "23505".equals(state) || code == 90131 || code == 1205 || code == 1213
            || code == 1062) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} is a broken or refused connection (SQLSTATE class 08) or a session the
   * server ended or refused while shutting down or starting up (57P01, 57P02, 57P03).
   */
  static boolean connectionFailure(Throwable failure) {
    String state = sqlState(failure);
    return state.startsWith("08") || SERVER_GONE.contains(state);
  }

  /** Whether {@code failure} is a duplicate key: an inserted row exists (23505, MariaDB 1062). */
  static boolean duplicateKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a commit that failed with {@code failure} is known to have rolled back: a
   * serialization failure or deadlock (40001, 40P01) is; anything else, a broken connection above
   * all, leaves the outcome unknown.
   */
  static boolean rolledBack(Throwable failure) {
    String state = sqlState(failure);
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The SQLSTATE of the first {@link SQLException} in the chain, or {@code "none"}. */
  static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return "none";
  }
}
