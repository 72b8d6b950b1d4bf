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
 * schema on a PostgreSQL server (dropped on {@link #close()}), or an H2 file database in a
 * temporary directory (deleted on {@link #close()}).
 */
final class BenchDatabase implements AutoCloseable {
  private final String name;
  private final HikariDataSource pool;
  private final Runnable cleanup;
  private final Map<String, Object> description;

  private BenchDatabase(String name, HikariDataSource pool, Runnable cleanup,
      Map<String, Object> description) {
    this.name = name;
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
    return new BenchDatabase("postgresql", pool,
        () -> execute(url, "drop schema if exists " + schema + " cascade"), description);
  }

  /** A new H2 file database in a temporary directory, with a pool of {@code size}. */
  static BenchDatabase h2(int size) {
    Path directory;
    try {
      directory = Files.createTempDirectory("aura-quota-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("bench")
        + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    HikariDataSource pool = pool(url, size, "bench-h2");
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("url", "jdbc:h2:file:<temporary directory>/bench;LOCK_TIMEOUT=10000");
    description.put("poolSize", size);
    try (Connection c = pool.getConnection()) {
      description.put("server", "H2 " + c.getMetaData().getDatabaseProductVersion());
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException("cannot open H2 in " + directory + ": " + e, e);
    }
    return new BenchDatabase("h2", pool, () -> deleteRecursively(directory), description);
  }

  /** {@code postgresql} or {@code h2}. */
  String name() {
    return name;
  }

  /** The shared pool. */
  DataSource pool() {
    return pool;
  }

  /** The server, its settings and the pool, for the results. */
  Map<String, Object> description() {
    return description;
  }

  /** Runs DDL or a one-off statement on a pooled connection. */
  void execute(String sql) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + name + ": " + e, e);
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
