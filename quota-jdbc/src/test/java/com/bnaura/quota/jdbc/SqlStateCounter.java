package com.bnaura.quota.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that passes everything through to a real one and counts, by SQLSTATE, every
 * {@link SQLException} a caller sees: from borrowing a connection, from a statement, from a
 * commit. Wrapped around a pool it counts what the store saw (each one a retry or a typed error);
 * wrapped around the driver under a pool it counts refused connection attempts.
 */
public final class SqlStateCounter extends DelegatingDataSource {
  private final boolean connectionsOnly;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts the failures of {@code delegate}. */
  public SqlStateCounter(DataSource delegate) {
    this(delegate, false);
  }

  private SqlStateCounter(DataSource delegate, boolean connectionsOnly) {
    super(delegate);
    this.connectionsOnly = connectionsOnly;
  }

  /**
   * Counts the connection attempts to {@code url} that fail (plain driver connections, no pool);
   * what later fails on a connection it opened is not counted.
   */
  public static SqlStateCounter driver(String url) {
    return new SqlStateCounter(new DriverDataSource(url), true);
  }

  /** How many failures with {@code sqlState} were seen. */
  public long count(String sqlState) {
    LongAdder n = counts.get(sqlState);
    return n == null ? 0 : n.sum();
  }

  /** Every SQLSTATE seen, with its count. */
  public Map<String, Long> counts() {
    Map<String, Long> all = new TreeMap<>();
    counts.forEach((k, v) -> all.put(k, v.sum()));
    return all;
  }

  private void seen(SQLException e) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    LongAdder n = counts.computeIfAbsent(state, k -> new LongAdder());
    n.increment();
    if (Boolean.getBoolean("sqlstate.trace") && n.sum() == 1) {
      new Exception("first SQLSTATE " + state + " seen", e).printStackTrace(System.out);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      return wrap(delegate.getConnection());
    } catch (SQLException e) {
      seen(e);
      throw e;
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    try {
      return wrap(delegate.getConnection(user, password));
    } catch (SQLException e) {
      seen(e);
      throw e;
    }
  }

  private Connection wrap(Connection real) {
    if (connectionsOnly) {
      return real;
    }
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, counting(real));
  }

  private InvocationHandler counting(Object real) {
    return (proxy, method, args) -> {
      Object result = invoke(real, method, args);
      if (result instanceof Statement statement && method.getReturnType().isInterface()) {
        return Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {method.getReturnType()}, counting(statement));
      }
      return result;
    };
  }

  private Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) {
        seen(sql);
      }
      throw e.getCause();
    }
  }

  /** Plain {@link DriverManager} connections to one URL. */
  private static final class DriverDataSource implements DataSource {
    private final String url;

    DriverDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // no log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
