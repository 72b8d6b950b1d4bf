package com.bnaura.quota.benchmarks.harness;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC listener: wraps a {@link DataSource} and counts, per SQL text, how many statements were
 * executed and how long they took, plus every commit and rollback. A statement's execution is one
 * round trip to the server, and so is a batch ({@code executeBatch}, labelled {@code BATCH(n)}),
 * with the PostgreSQL, MariaDB and H2 drivers (a transaction's {@code BEGIN} travels with its first
 * statement). A statement that writes ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code
 * MERGE}, {@code WITH}) on a connection in auto-commit mode commits on its own: it is counted as
 * {@value #AUTOCOMMIT} as well, a commit that costs no round trip of its own.
 */
final class CountingDataSource implements DataSource {
  /** The label of an explicit commit. */
  static final String COMMIT = "COMMIT";

  /** The label of an explicit rollback. */
  static final String ROLLBACK = "ROLLBACK";

  /** The label of a write statement that committed itself (auto-commit mode). */
  static final String AUTOCOMMIT = "AUTOCOMMIT";

  private final DataSource delegate;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile boolean counting = true;

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Forgets everything counted so far. */
  void reset() {
    counters.clear();
  }

  /** Counts from now on ({@code true}, the default) or lets statements pass uncounted. */
  void counting(boolean on) {
    counting = on;
  }

  /**
   * Executions and nanoseconds per SQL text; commits, rollbacks and self-committed writes as
   * {@value #COMMIT}, {@value #ROLLBACK} and {@value #AUTOCOMMIT}.
   */
  Map<String, long[]> snapshot() {
    Map<String, long[]> copy = new TreeMap<>();
    counters.forEach((sql, c) -> copy.put(sql, new long[] {c.count.sum(), c.nanos.sum()}));
    return copy;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
  }

  private void count(String sql, long nanos) {
    if (!counting) {
      return;
    }
    Counter c = counters.computeIfAbsent(normalize(sql), k -> new Counter());
    c.count.increment();
    c.nanos.add(nanos);
  }

  static String normalize(String sql) {
    String s = sql.replaceAll("\\s+", " ").trim();
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  /** Whether a statement of this {@link #kind} changes rows. */
  static boolean writes(String kind) {
    return switch (kind) {
      case "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "UPSERT", "REPLACE" -> true;
      default -> false;
    };
  }

  /** The statement kind: {@code SELECT ... FOR UPDATE}, {@code SELECT}, {@code INSERT}, ... */
  static String kind(String sql) {
    String s = sql.trim().toLowerCase(Locale.ROOT);
    String first = s.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
    if (first.equals("SELECT") && s.contains(" for update")) {
      return "SELECT FOR UPDATE";
    }
    return first;
  }

  private static final class Counter {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection target;
    private Boolean autoCommit;

    ConnectionHandler(Connection target) {
      this.target = target;
    }

    /** Whether the connection is in auto-commit mode (read from the driver once, then tracked). */
    boolean autoCommit() throws SQLException {
      if (autoCommit == null) {
        autoCommit = target.getAutoCommit();
      }
      return autoCommit;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("setAutoCommit")) {
        Object result = call(target, method, args);
        autoCommit = (Boolean) args[0];
        return result;
      }
      if (name.equals("commit") || (name.equals("rollback") && (args == null || args.length == 0))) {
        long t0 = System.nanoTime();
        Object result = call(target, method, args);
        count(name.toUpperCase(Locale.ROOT), System.nanoTime() - t0);
        return result;
      }
      Object result = call(target, method, args);
      if (result instanceof Statement statement && !name.equals("unwrap")) {
        String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
        Class<?> type = result instanceof CallableStatement ? CallableStatement.class
            : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type},
            new StatementHandler(this, statement, sql));
      }
      return result;
    }
  }

  private final class StatementHandler implements InvocationHandler {
    private final ConnectionHandler connection;
    private final Statement target;
    private final String preparedSql;
    private int batched;

    StatementHandler(ConnectionHandler connection, Statement target, String preparedSql) {
      this.connection = connection;
      this.target = target;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("addBatch")) {
        batched++;
      }
      if (!name.startsWith("execute")) {
        return call(target, method, args);
      }
      String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
      long t0 = System.nanoTime();
      Object result = call(target, method, args);
      long nanos = System.nanoTime() - t0;
      String label = sql == null ? "?" : sql;
      if (name.equals("executeBatch")) {
        label = "BATCH(" + batched + ") " + label;
        batched = 0;
      }
      count(label, nanos);
      if (sql != null && writes(kind(sql)) && connection.autoCommit()) {
        count(AUTOCOMMIT, 0);
      }
      return result;
    }
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
