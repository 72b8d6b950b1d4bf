package com.bnaura.quota.jdbc.faults;

import com.bnaura.quota.jdbc.DelegatingDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that wraps a real one and injects faults on demand: a commit that commits
 * and then reports a broken connection (a lost acknowledgement), a commit that fails before it
 * commits, an SQLSTATE thrown on the Nth statement, a connection refused with an SQLSTATE, or a
 * delay on every statement.
 */
public final class FaultyDataSource extends DelegatingDataSource {
  private final AtomicReference<Fault> commitFault = new AtomicReference<>(Fault.NONE);
  private final AtomicInteger commitFaults = new AtomicInteger();
  private final AtomicInteger statementCountdown = new AtomicInteger(-1);
  private final AtomicReference<String> statementState = new AtomicReference<>();
  private final AtomicInteger statementFaultsLeft = new AtomicInteger();
  private volatile long statementDelayMillis;
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger connectionFaultsLeft = new AtomicInteger();
  private final AtomicReference<String> connectionState = new AtomicReference<>();

  /** What the next commits do. */
  public enum Fault {
    /** Nothing unusual. */
    NONE,
    /** Commit, then throw SQLSTATE 08006 as if the connection broke before the reply. */
    COMMIT_THEN_THROW,
    /** Throw SQLSTATE 08006 without committing (the transaction is rolled back). */
    THROW_BEFORE_COMMIT
  }

  /** Wraps {@code delegate}. */
  public FaultyDataSource(DataSource delegate) {
    super(delegate);
  }

  /** The next {@code times} commits do {@code fault}. */
  public FaultyDataSource onCommit(Fault fault, int times) {
    commitFault.set(fault);
    commitFaults.set(times);
    return this;
  }

  /**
   * Statement number {@code n} from now (1 = the next) throws {@code sqlState}; then the next
   * {@code repeat - 1} statements after it do too.
   */
  public FaultyDataSource failStatement(int n, String sqlState, int repeat) {
    statementState.set(sqlState);
    statementFaultsLeft.set(repeat);
    statementCountdown.set(n);
    return this;
  }

  /** The next {@code times} connections asked for are refused with {@code sqlState}. */
  public FaultyDataSource refuseConnections(int times, String sqlState) {
    connectionState.set(sqlState);
    connectionFaultsLeft.set(times);
    return this;
  }

  /** Every statement waits {@code millis} before it runs. */
  public FaultyDataSource delayStatements(long millis) {
    this.statementDelayMillis = millis;
    return this;
  }

  /** Turns every fault off. */
  public void heal() {
    commitFault.set(Fault.NONE);
    commitFaults.set(0);
    statementCountdown.set(-1);
    statementFaultsLeft.set(0);
    statementDelayMillis = 0;
    connectionFaultsLeft.set(0);
  }

  /** Statements executed through this data source. */
  public int statements() {
    return statements.get();
  }

  /** Faults injected so far. */
  public int injected() {
    return injected.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    refuseIfAsked();
    return wrap(delegate.getConnection());
  }

  private void refuseIfAsked() throws SQLException {
    if (connectionFaultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      injected.incrementAndGet();
      throw new SQLException("injected: FATAL: sorry, too many clients already",
          connectionState.get());
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    refuseIfAsked();
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection real) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("commit")) {
        Fault fault = commitFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? commitFault.get() : Fault.NONE;
        if (fault == Fault.THROW_BEFORE_COMMIT) {
          injected.incrementAndGet();
          real.rollback();
          throw new SQLException("injected: connection lost before commit", "08006");
        }
        invoke(real, method, args);
        if (fault == Fault.COMMIT_THEN_THROW) {
          injected.incrementAndGet();
          throw new SQLException("injected: connection lost after commit", "08006");
        }
        return null;
      }
      Object result = invoke(real, method, args);
      if (result instanceof Statement statement) {
        return wrapStatement(statement, method.getReturnType());
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, handler);
  }

  private Object wrapStatement(Statement real, Class<?> type) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().startsWith("execute")) {
        statements.incrementAndGet();
        long delay = statementDelayMillis;
        if (delay > 0) {
          Thread.sleep(delay);
        }
        int left = statementCountdown.get();
        if (left > 0 && statementCountdown.decrementAndGet() == 0) {
          if (statementFaultsLeft.decrementAndGet() > 0) {
            statementCountdown.set(1);
          }
          injected.incrementAndGet();
          throw new SQLException("injected SQLSTATE " + statementState.get(), statementState.get());
        }
      }
      return invoke(real, method, args);
    };
    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

}
