package com.bnaura.quota.jdbc.internal;

import java.sql.SQLException;

/** Which database failures are worth running the whole transaction again. */
final class SqlFailures {
  private SqlFailures() {}

  /**
   * Whether {@code failure} is transient: a serialization failure or deadlock (40001, 40P01), H2's
   * concurrent update (90131) or lock timeout (HYT00), MariaDB's lock wait timeout (1205), or a
   * duplicate key (23505, MariaDB 1062) from two first registrations of one clinic racing.
   */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ("40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state)
            || "23505".equals(state) || code == 90131 || code == 1205 || code == 1213
            || code == 1062) {
          return true;
        }
      }
    }
    return false;
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
