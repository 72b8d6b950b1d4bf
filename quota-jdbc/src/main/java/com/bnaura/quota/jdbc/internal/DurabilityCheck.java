package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.jdbc.JdbcQuotaStore.Durability;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, once when a store is built, whether a commit the database acknowledges is in the
 * database before the call returns, and keeps it so on H2: the one place in quota-jdbc that knows
 * each database's durability settings.
 *
 * <ul>
 *   <li><b>H2</b> (a file database, embedded or behind an H2 server): by default H2 acknowledges a
 *       commit and writes it to the file up to {@code WRITE_DELAY} (500) ms later, from a
 *       background thread, so a {@code kill -9} loses the last half second of acknowledged
 *       commits. With {@code WRITE_DELAY} 0 the committing thread writes the commit's chunk to the
 *       file ({@code FileChannel.write}, that is {@code pwrite(2)}) before the commit returns: it
 *       is in the operating system's page cache and survives the death of the process, but H2
 *       calls no {@code fsync} on commit, so an operating system crash or power loss can lose the
 *       commits the kernel had not yet written back. A database found with a delay is set to
 *       {@code WRITE_DELAY 0}, with one WARN line saying so, rather than refused: the host's URL
 *       then needs no change, and the host's own tables gain the same guarantee. It is refused,
 *       with an error naming {@code WRITE_DELAY}, only when the store's user may not change the
 *       setting (it needs admin rights).
 *   <li>An H2 database opens at the delay its URL names, or 500 ms, whatever was set before it
 *       closed, and a connection whose URL names {@code WRITE_DELAY} sets it for the whole
 *       database when it connects. So on an embedded database every write transaction of the
 *       store looks at the delay in force once it has committed, on its own connection (a field
 *       read, under a lock so that it cannot see a repair half done); if it finds one it sets
 *       {@code WRITE_DELAY 0} again and runs {@code CHECKPOINT}, which writes every commit made so
 *       far, before the call returns. Through an H2 server the delay is the server's: it is
 *       checked and set when the store is built.
 *   <li><b>PostgreSQL</b> flushes its write-ahead log before acknowledging a commit unless {@code
 *       synchronous_commit} is {@code off} or {@code fsync} is {@code off}; <b>MariaDB</b> unless
 *       {@code innodb_flush_log_at_trx_commit} is 0 or 2, or the binary log is on and {@code
 *       sync_binlog} is not 1 (InnoDB then relies on the binary log, which an operating system
 *       crash can cut short, to recover a commit). Such
 *       a server is the operator's choice: it is used, with one WARN line naming the setting.
 *   <li>In-memory H2 ({@code jdbc:h2:mem:}) keeps nothing across a restart by design and is left
 *       alone.
 * </ul>
 */
public final class DurabilityCheck {
  private static final Logger log = LoggerFactory.getLogger(DurabilityCheck.class);

  /** A database whose durability settings could not be read. */
  private static final DurabilityCheck UNKNOWN = new DurabilityCheck(Durability.UNKNOWN, false);

  private final Durability durability;
  private final boolean guardsCommits;
  private final Object repairLock = new Object();

  private DurabilityCheck(Durability durability, boolean guardsCommits) {
    this.durability = durability;
    this.guardsCommits = guardsCommits;
  }

  /**
   * Checks the database of {@code dataSource}, a {@code dialect} database, on one connection.
   *
   * @throws QuotaStoreException if an H2 file database delays its writes and cannot be changed
   */
  public static DurabilityCheck of(DataSource dataSource, SQLDialect dialect) {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection, dialect);
    } catch (SQLException e) {
      return unread(dialect, e);
    }
  }

  /**
   * Checks the database of {@code dsl} on one of its connections.
   *
   * @throws QuotaStoreException if an H2 file database delays its writes and cannot be changed
   */
  public static DurabilityCheck of(DSLContext dsl) {
    try {
      return dsl.connectionResult(connection -> of(connection, dsl.dialect()));
    } catch (org.jooq.exception.DataAccessException e) {
      return unread(dsl.dialect(), e);
    }
  }

  /**
   * The check of a database whose settings could not be read when the store was built (no
   * connection to be had then, as when a server is at its connection limit): building the store
   * does not fail for it. An H2 database is then guarded after each commit, which makes an
   * embedded one write every commit from the first; a server's settings stay unknown.
   */
  private static DurabilityCheck unread(SQLDialect dialect, Exception cause) {
    log.warn("Aura Quota could not read the durability settings of the {} database when the "
        + "store was built ({}); {}", dialect.family(), cause.getMessage(),
        dialect.family() == SQLDialect.H2
            ? "each commit is checked to be written to the file as it is made"
            : "a server set to acknowledge commits before flushing them goes unreported");
    return new DurabilityCheck(Durability.UNKNOWN, dialect.family() == SQLDialect.H2);
  }

  private static DurabilityCheck of(Connection connection, SQLDialect dialect)
      throws SQLException {
    switch (dialect.family()) {
      case H2:
        return h2(connection);
      case POSTGRES:
      case MARIADB:
        return server(connection, dialect.family());
      default:
        return UNKNOWN;
    }
  }

  /** What an acknowledged commit survives, as found when the store was built. */
  public Durability durability() {
    return durability;
  }

  /** Whether {@link #afterCommit} must run after each write transaction. */
  public boolean guardsCommits() {
    return guardsCommits;
  }

  /**
   * Makes sure the commit just made on {@code connection} is in the database file before the
   * caller hears of it: if the embedded H2 database runs with a write delay again, sets it to 0
   * and writes everything committed so far.
   */
  public void afterCommit(Connection connection) throws SQLException {
    synchronized (repairLock) {
      int delay = H2Sessions.embeddedWriteDelay(connection);
      if (delay > 0) {
        log.warn("Aura Quota found the H2 database {} writing commits up to {} ms after "
            + "acknowledging them (WRITE_DELAY={}; the database was reopened, or a connection "
            + "whose URL names WRITE_DELAY set it); it set WRITE_DELAY 0 again and wrote every "
            + "commit to the file", url(connection), delay, delay);
        repair(connection);
      }
    }
  }

  private static DurabilityCheck h2(Connection connection) throws SQLException {
    String url = url(connection);
    if (h2InMemory(url)) {
      return new DurabilityCheck(Durability.IN_MEMORY, false);
    }
    int embedded = H2Sessions.embeddedWriteDelay(connection);
    int delay = embedded >= 0 ? embedded : h2ServerWriteDelay(connection);
    if (delay > 0) {
      try {
        repair(connection);
      } catch (SQLException e) {
        throw new QuotaStoreException("make the H2 database " + url + " write each commit",
            "H2 acknowledges commits there up to " + delay + " ms before writing them to the file "
            + "(WRITE_DELAY=" + delay + "), so a crash would lose acknowledged charges, and the "
            + "store could not set WRITE_DELAY 0 (" + e.getMessage() + "). Add ;WRITE_DELAY=0 to "
            + "the database URL, or connect as a user with admin rights");
      }
      log.warn("Aura Quota set WRITE_DELAY 0 on the H2 database {}: it acknowledged commits up to "
          + "{} ms before writing them to the file (WRITE_DELAY={}), so a crash would have lost "
          + "acknowledged charges; now every commit is written before it returns. Add "
          + ";WRITE_DELAY=0 to the database URL to make this the database's own setting.",
          url, delay, delay);
    }
    return new DurabilityCheck(Durability.WRITTEN, embedded >= 0);
  }

  /**
   * Sets the write delay to 0, then writes what is not written yet: a {@code SET} that finds the
   * stored setting already 0 writes nothing, and commits made while the delay was in force may
   * still be waiting for the background writer.
   */
  private static void repair(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET WRITE_DELAY 0");
      s.execute("CHECKPOINT");
    }
  }

  /**
   * The write delay of an H2 server's database, from both {@code WRITE_DELAY} rows of its settings
   * (the stored one and the one in force): the larger, so that a delay is never missed.
   */
  private static int h2ServerWriteDelay(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
            + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      int delay = 0;
      while (r.next()) {
        delay = Math.max(delay, Integer.parseInt(r.getString(1).trim()));
      }
      return delay;
    }
  }

  /**
   * Whether an H2 URL names an in-memory database: {@code jdbc:h2:mem:...}, or {@code
   * jdbc:h2:tcp://host/mem:...} on a server.
   */
  static boolean h2InMemory(String url) {
    String name = url.startsWith("jdbc:h2:") ? url.substring("jdbc:h2:".length()) : url;
    if (name.startsWith("tcp://") || name.startsWith("ssl://")) {
      int slash = name.indexOf('/', "tcp://".length());
      name = slash < 0 ? "" : name.substring(slash + 1);
    }
    return name.startsWith("mem:");
  }

  private static DurabilityCheck server(Connection connection, SQLDialect family) {
    String database = family == SQLDialect.POSTGRES ? "PostgreSQL" : "MariaDB";
    List<String> delays;
    try {
      delays = family == SQLDialect.POSTGRES ? postgresDelays(connection)
          : mariaDbDelays(connection);
    } catch (SQLException e) {
      log.warn("Aura Quota could not read the durability settings of this {} server ({}); "
          + "whether it flushes each commit before acknowledging it is unknown", database,
          e.getMessage());
      return UNKNOWN;
    }
    if (delays.isEmpty()) {
      return new DurabilityCheck(Durability.FLUSHED, false);
    }
    log.warn("Aura Quota: this {} server acknowledges commits before they are flushed to disk ({});"
        + " a server crash or power loss can lose the last acknowledged charges. The store uses it"
        + " as configured; see quota-jdbc's README, section Durability.", database,
        String.join(", ", delays));
    return new DurabilityCheck(Durability.NOT_FLUSHED, false);
  }

  /** The PostgreSQL settings that let a commit be acknowledged before its WAL is flushed. */
  private static List<String> postgresDelays(Connection connection) throws SQLException {
    List<String> delays = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(
            "select current_setting('synchronous_commit'), current_setting('fsync')")) {
      r.next();
      if ("off".equalsIgnoreCase(r.getString(1))) {
        delays.add("synchronous_commit=off");
      }
      if ("off".equalsIgnoreCase(r.getString(2))) {
        delays.add("fsync=off");
      }
    }
    return delays;
  }

  /** The MariaDB settings that let a commit be acknowledged before it is flushed. */
  private static List<String> mariaDbDelays(Connection connection) throws SQLException {
    List<String> delays = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(
            "select @@innodb_flush_log_at_trx_commit, @@log_bin, @@sync_binlog")) {
      r.next();
      long flush = r.getLong(1);
      boolean binlog = r.getLong(2) != 0;
      long syncBinlog = r.getLong(3);
      // 1 flushes at commit, 3 at prepare and at commit; 2 and 0 flush once a second
      if (flush == 0 || flush == 2) {
        delays.add("innodb_flush_log_at_trx_commit=" + flush);
      }
      if (binlog && syncBinlog != 1) {
        delays.add("sync_binlog=" + syncBinlog + " with the binary log on");
      }
    }
    return delays;
  }

  private static String url(Connection connection) throws SQLException {
    // H2 reports its URL without the settings (so without a password setting)
    String url = connection.getMetaData().getURL();
    return url == null ? "(no URL)" : url;
  }
}
