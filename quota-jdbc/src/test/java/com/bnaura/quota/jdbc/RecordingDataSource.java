package com.bnaura.quota.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A {@code DataSource} that records what the store sends: every statement (its SQL and the string
 * values bound to it; each statement of a JDBC batch on its own) and every commit, and can make
 * each commit take longer, as a slower disk would.
 */
final class RecordingDataSource extends DelegatingDataSource {
  /** One statement sent: its SQL and the strings bound to it. */
  record Sent(String sql, List<String> binds) {
    /** Whether the SQL or a bound value names {@code value}. */
    boolean names(String value) {
      return sql.contains("'" + value + "'") || binds.contains(value);
    }
  }

  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger commits = new AtomicInteger();
  private volatile long commitDelayMillis;

  RecordingDataSource(DataSource delegate) {
    super(delegate);
  }

  /** Makes every commit from now on take {@code millis} longer. */
  RecordingDataSource commitDelay(long millis) {
    commitDelayMillis = millis;
    return this;
  }

  /** Statements sent since the last {@link #reset()}. */
  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Commits since the last {@link #reset()}. */
  int commits() {
    return commits.get();
  }

  /** Forgets what was recorded. */
  void reset() {
    sent.clear();
    commits.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection real) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("commit")) {
        long delay = commitDelayMillis;
        if (delay > 0) {
          Thread.sleep(delay);
        }
        invoke(real, method, args);
        commits.incrementAndGet();
        return null;
      }
      Object result = invoke(real, method, args);
      if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")) {
        return prepared(ps, (String) args[0]);
      }
      if (result instanceof Statement s && method.getName().equals("createStatement")) {
        return plain(s);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, handler);
  }

  private PreparedStatement prepared(PreparedStatement real, String sql) {
    List<String> binds = new ArrayList<>();
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (name.startsWith("set") && args != null && args.length == 2 && args[1] instanceof String v) {
        binds.add(v);
      } else if (name.equals("addBatch")) {
        sent.add(new Sent(sql, List.copyOf(binds)));
        binds.clear();
      } else if (name.equals("execute") || name.equals("executeQuery")
          || name.equals("executeUpdate") || name.equals("executeLargeUpdate")) {
        sent.add(new Sent(sql, List.copyOf(binds)));
      }
      return invoke(real, method, args);
    };
    return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, handler);
  }

  private Statement plain(Statement real) {
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if ((name.equals("addBatch") || name.startsWith("execute")) && args != null
          && args.length >= 1 && args[0] instanceof String sql) {
        sent.add(new Sent(sql, List.of()));
      }
      return invoke(real, method, args);
    };
    return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Statement.class}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
