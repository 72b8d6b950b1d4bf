package com.bnaura.quota.benchmarks.harness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A database the harness runs on, with one connection pool every contender shares: a private
 * schema on a PostgreSQL server or a private database on a MariaDB server (dropped on {@link
 * #close()}), or an H2 file database in a temporary directory (deleted on {@link #close()}).
 */
final class BenchDatabase implements AutoCloseable {
  /** The name of a PostgreSQL database. */
  static final String POSTGRESQL = "postgresql";

  /** The name of an H2 file database. */
  static final String H2 = "h2";

  /** The name of a MariaDB database. */
  static final String MARIADB = "mariadb";

  private final String name;
  private final String url;
  private final HikariDataSource pool;
  private final Runnable cleanup;
  private final Map<String, Object> description;
  private HikariDataSource mysqlDriverPool;

  private BenchDatabase(String name, String url, HikariDataSource pool, Runnable cleanup,
      Map<String, Object> description) {
    this.name = name;
    this.url = url;
    this.pool = pool;
    this.cleanup = cleanup;
    this.description = description;
  }

  /** A new schema {@code bench_xxxxxxxx} on the server at {@code url}, with a pool of {@code size}. */
  static BenchDatabase postgres(String url, int size) {
    String schema = "bench_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    execute(url, "create schema " + schema);
    String separator = url.contains("?") ? "&" : "?";
    HikariDataSource pool;
    try {
      pool = pool(url + separator + "currentSchema=" + schema, size, "bench-postgresql");
    } catch (RuntimeException e) {
      execute(url, "drop schema if exists " + schema + " cascade");
      throw e;
    }
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("schema", schema);
    description.put("url", redact(url));
    description.put("poolSize", size);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      description.put("server", scalar(s, "select version()"));
      for (String setting : new String[] {"synchronous_commit", "fsync", "shared_buffers",
          "max_connections"}) {
        description.put(setting, scalar(s, "show " + setting));
      }
    } catch (SQLException e) {
      pool.close();
      execute(url, "drop schema if exists " + schema + " cascade");
      throw new IllegalStateException("cannot read the PostgreSQL server's settings: " + e, e);
    }
    String schemaUrl = url + separator + "currentSchema=" + schema;
    return new BenchDatabase(POSTGRESQL, schemaUrl, pool,
        () -> execute(url, "drop schema if exists " + schema + " cascade"), description);
  }

  /**
   * A pool of {@code size} on the schema or database another process created at {@code url}
   * ({@link #jdbcUrl()} of a {@code BenchDatabase}); closing it leaves the schema in place.
   */
  static BenchDatabase attach(String name, String url, int size) {
    HikariDataSource pool = pool(url, size, "bench-" + name + "-instance");
    return new BenchDatabase(name, url, pool, () -> { }, Map.of("url", redact(url)));
  }

  /**
   * A new database {@code bench_xxxxxxxx} on the MariaDB server at {@code url} (whose own database
   * is only used to create and drop it), with a pool of {@code size}.
   */
  static BenchDatabase mariadb(String url, int size) {
    String database = "bench_" + UUID.randomUUID().toString().substring(0, 8)
        .toLowerCase(Locale.ROOT);
    execute(url, "create database " + database);
    String benchUrl = withDatabase(url, database);
    HikariDataSource pool;
    try {
      pool = pool(benchUrl, size, "bench-mariadb");
    } catch (RuntimeException e) {
      execute(url, "drop database if exists " + database);
      throw e;
    }
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("database", database);
    description.put("url", redact(url));
    description.put("poolSize", size);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      description.put("server", scalar(s, "select version()"));
      for (String setting : new String[] {"innodb_flush_log_at_trx_commit", "sync_binlog",
          "log_bin", "innodb_buffer_pool_size", "max_connections", "tx_isolation"}) {
        description.put(setting, scalar(s, "select @@" + setting));
      }
    } catch (SQLException e) {
      pool.close();
      execute(url, "drop database if exists " + database);
      throw new IllegalStateException("cannot read the MariaDB server's settings: " + e, e);
    }
    return new BenchDatabase(MARIADB, benchUrl, pool,
        () -> execute(url, "drop database if exists " + database), description);
  }

  /**
   * {@code url} naming {@code database} instead of its own: {@code
   * jdbc:mariadb://127.0.0.1:3306/test?user=root} becomes {@code
   * jdbc:mariadb://127.0.0.1:3306/bench_1?user=root}.
   */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    if (hosts < 0) {
      throw new IllegalArgumentException("url must look like jdbc:mariadb://host:port/db, was "
          + redact(url));
    }
    int query = url.indexOf('?', hosts + 2);
    String head = query < 0 ? url : url.substring(0, query);
    String tail = query < 0 ? "" : url.substring(query);
    int path = head.indexOf('/', hosts + 2);
    return (path < 0 ? head : head.substring(0, path)) + "/" + database + tail;
  }

  /**
   * A new H2 file database in a temporary directory, with a pool of {@code size}. {@code durable}
   * puts {@code WRITE_DELAY=0} in the URL, the setting our store forces on an H2 database (every
   * commit written to the file before it returns); otherwise H2's default write delay (commits
   * written up to 500 ms after they return) stays.
   */
  static BenchDatabase h2(int size, boolean durable) {
    Path directory;
    try {
      directory = Files.createTempDirectory("aura-quota-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String settings = (durable ? ";WRITE_DELAY=0" : "") + ";LOCK_TIMEOUT=10000";
    String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("bench") + settings
        + ";DB_CLOSE_ON_EXIT=FALSE";
    HikariDataSource pool = pool(url, size, durable ? "bench-h2" : "bench-h2-write-delay");
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("url", "jdbc:h2:file:<temporary directory>/bench" + settings);
    description.put("poolSize", size);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      description.put("server", "H2 " + c.getMetaData().getDatabaseProductVersion());
      description.put("writeDelayMillis", scalar(s, "select setting_value from"
          + " information_schema.settings where setting_name = 'WRITE_DELAY'"));
    } catch (SQLException e) {
      pool.close();
      deleteRecursively(directory);
      throw new IllegalStateException("cannot open H2 in " + directory + ": " + e, e);
    }
    return new BenchDatabase(H2, url, pool, () -> deleteRecursively(directory), description);
  }

  /** {@value #POSTGRESQL}, {@value #H2} or {@value #MARIADB}. */
  String name() {
    return name;
  }

  /** The JDBC URL of the harness's schema or database (for child instances); may hold a password. */
  String jdbcUrl() {
    return url;
  }

  /** The shared pool. */
  DataSource pool() {
    return pool;
  }

  /** The server, its settings and the pool, for the results. */
  Map<String, Object> description() {
    return description;
  }

  /**
   * A second pool on this MariaDB database through MySQL Connector/J, the driver Bucket4j's MySQL
   * proxy manager is written for (it recognises that driver's deadlock exceptions), with as many
   * connections as the shared pool; opened on first use, closed with this database.
   */
  synchronized DataSource mysqlDriverPool() {
    if (!name.equals(MARIADB)) {
      throw new IllegalStateException("only a MariaDB database has a MySQL-driver pool, not " + name);
    }
    if (mysqlDriverPool == null) {
      mysqlDriverPool = pool(url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"),
          pool.getMaximumPoolSize(), "bench-mariadb-mysql-driver");
    }
    return mysqlDriverPool;
  }

  /** Runs DDL or a one-off statement on a pooled connection. */
  void execute(String sql) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + name + ": " + e, e);
    }
  }

  /**
   * Gathers the planner's statistics of the store's tables, as a running database's autovacuum
   * (or MariaDB's persistent statistics) has them: without them PostgreSQL plans the load of a
   * clinic holding every row of a table as if that table were nearly empty. It runs after the
   * clinics are registered and again at the end of every case's warm-up: statistics taken while
   * a table was empty make PostgreSQL plan a point update of it as a sequential scan, and a
   * connection keeps that plan (a prepared statement's generic plan) until the table's statistics
   * change, so each call then reads the whole table, more with every row the case adds.
   */
  void analyze() {
    switch (name) {
      case POSTGRESQL, H2 -> execute("analyze");
      case MARIADB -> execute("analyze table quota_clinic_account, usage_metrics,"
          + " quota_reservation, quota_idempotency, quota_repeat_window, ai_usage_logs");
      default -> throw new IllegalStateException("no analyze for " + name);
    }
  }

  /** A {@code long} from a one-row query with one bind value. */
  long queryLong(String sql, String bind) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, bind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + name + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      synchronized (this) {
        if (mysqlDriverPool != null) {
          mysqlDriverPool.close();
        }
      }
      pool.close();
    } finally {
      cleanup.run();
    }
  }

  private static Object scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static HikariDataSource pool(String url, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:h2:")) {
      config.setUsername("sa");
      config.setPassword("");
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName(name);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + redact(url) + ": " + e, e);
    }
  }

  /** The URL without a password, for the results. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
