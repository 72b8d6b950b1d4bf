package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteConflict;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the engine met on a store shared with other instances: each apply that conflicted
 * (another instance wrote the clinic first, so the engine decided again) and each locked run
 * ({@link QuotaStore#locked}) it fell back to. The store's own retries of transient failures are
 * its {@code retries()}.
 */
final class ConflictCounts implements InvocationHandler {
  private final QuotaStore delegate;
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder lockedRuns = new LongAdder();

  private ConflictCounts(QuotaStore delegate) {
    this.delegate = delegate;
  }

  /** Counts around {@code store}; {@link #of} reads them back. */
  static QuotaStore counting(QuotaStore store) {
    return (QuotaStore) Proxy.newProxyInstance(QuotaStore.class.getClassLoader(),
        new Class<?>[] {QuotaStore.class}, new ConflictCounts(store));
  }

  /** The counts of a store {@link #counting} made. */
  static ConflictCounts of(QuotaStore counting) {
    return (ConflictCounts) Proxy.getInvocationHandler(counting);
  }

  /** Applies that conflicted since the store was made. */
  long conflicts() {
    return conflicts.sum();
  }

  /** Locked runs since the store was made. */
  long lockedRuns() {
    return lockedRuns.sum();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(this, args);
    }
    boolean apply = method.getName().equals("apply");
    if (method.getName().equals("locked")) {
      lockedRuns.increment();
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      if (apply && e.getCause() instanceof WriteConflict) {
        conflicts.increment();
      }
      throw e.getCause();
    }
  }
}
