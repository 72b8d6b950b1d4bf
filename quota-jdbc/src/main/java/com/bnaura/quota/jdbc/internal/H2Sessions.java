package com.bnaura.quota.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Reads the write delay of the H2 database behind an embedded connection straight from the
 * database object. Only {@link DurabilityCheck} calls it, and only for an H2 connection, so this
 * class (the one place that names H2's own classes) is never loaded where H2 is not on the class
 * path.
 */
final class H2Sessions {
  private H2Sessions() {}

  /**
   * The write delay in milliseconds of the database {@code connection} is open on, or -1 when the
   * connection is not an embedded H2 session (a client of an H2 server, or a pool that cannot
   * unwrap it). H2 lists two {@code WRITE_DELAY} rows in {@code INFORMATION_SCHEMA.SETTINGS}, the
   * value last stored by {@code SET WRITE_DELAY} and the one in force, and a database reopened
   * without the setting in its URL runs at 500 ms whatever was stored; the database object holds
   * the one in force. With an H2 whose engine classes differ from the ones compiled against, it
   * answers -1 as for a server client.
   */
  static int embeddedWriteDelay(Connection connection) throws SQLException {
    try {
      if (!connection.isWrapperFor(JdbcConnection.class)) {
        return -1;
      }
      Session session = connection.unwrap(JdbcConnection.class).getSession();
      if (session instanceof SessionLocal local) {
        return local.getDatabase().getWriteDelay();
      }
      return -1;
    } catch (LinkageError e) {
      // an H2 version whose engine classes differ: the SQL-level reading at build time serves
      return -1;
    }
  }
}
