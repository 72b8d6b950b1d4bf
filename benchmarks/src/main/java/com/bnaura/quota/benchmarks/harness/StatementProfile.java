package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.benchmarks.state.BenchCatalog;
import com.bnaura.quota.model.OperationId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Counts what calls send to the database, through a {@link CountingDataSource}, divided by the
 * calls: one contender's call on the SPREAD clinics ({@link #contender}), and each kind of
 * operation alone on an idle clinic ({@link #operations}).
 *
 * <p>A profile's {@code roundTripsPerCall} counts statement executions, a batch as one; {@code
 * commitsPerCall} counts explicit commits plus writes that committed themselves in auto-commit mode
 * (a commit is one log flush); an explicit commit is one more exchange on the wire, so {@code
 * exchangesPerCall} is round trips plus explicit commits and rollbacks.
 */
final class StatementProfile {
  private static final int OPERATION_WARMUP_CALLS = 10;
  private static final int OPERATION_MEASURED_CALLS = 40;

  /** The operation kinds profiled alone, in the order of the results. */
  static final List<String> OPERATIONS = List.of("consume-with-customer", "reserve", "commit",
      "release", "top-up", "plan-change");

  private StatementProfile() {}

  /**
   * Profiles {@code calls} calls of {@code contender}, built over {@code counting}, on {@code set},
   * after half as many uncounted.
   */
  static Map<String, Object> contender(String database, Contender contender,
      CountingDataSource counting, ClinicSet set, int calls) {
    SplittableRandom random = new SplittableRandom(7);
    String tag = "profile-" + Long.toString(System.nanoTime(), 36) + "-";
    for (int i = 0; i < calls / 2; i++) {
      contender.attempt(set, random.nextInt(set.size()), tag + "w" + i);
    }
    counting.reset();
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      contender.attempt(set, random.nextInt(set.size()), tag + "m" + i);
    }
    long totalNanos = System.nanoTime() - t0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", database);
    m.put("contender", contender.name());
    m.putAll(summary(counting.snapshot(), calls, totalNanos));
    return m;
  }

  /**
   * Profiles each of {@link #OPERATIONS} through {@code counted} (a service over {@code counting}),
   * each call on a clinic of its own that {@code registrar} registered and nothing else touches; a
   * commit's or release's reservation is made first, uncounted. Counts up to {@code calls} calls of
   * each (40 at most) after up to 10 uncounted.
   */
  static List<Map<String, Object>> operations(String database, OursEngine registrar,
      QuotaService counted, CountingDataSource counting, int calls) {
    List<Map<String, Object>> rows = new ArrayList<>();
    String tag = Long.toString(System.nanoTime(), 36);
    int warmup = Math.min(OPERATION_WARMUP_CALLS, calls);
    int measured = Math.min(OPERATION_MEASURED_CALLS, calls);
    for (String operation : OPERATIONS) {
      ClinicSet set = new ClinicSet("pf" + OPERATIONS.indexOf(operation) + tag,
          warmup + measured, BenchCatalog.LARGE_UNITS);
      registrar.prepare(set);
      long nanos = 0;
      counting.counting(false);
      try {
        for (int i = 0; i < set.size(); i++) {
          if (i == warmup) {
            counting.reset();
            nanos = 0;
          }
          nanos += once(operation, counted, counting, set.id(i), tag + "-" + i);
        }
      } finally {
        counting.counting(true);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("database", database);
      m.put("operation", operation);
      m.putAll(summary(counting.snapshot(), measured, nanos));
      rows.add(m);
    }
    return rows;
  }

  /** Runs one {@code operation} on {@code clinic}, counted; returns the nanoseconds it took. */
  private static long once(String operation, QuotaService quotas, CountingDataSource counting,
      String clinic, String key) {
    UsageRequest scan = UsageRequest.builder(clinic, OperationId.QUICK_SCAN, key)
        .user("staff-1")
        .customerRef("cust-" + key)
        .build();
    Reserved held = null;
    if (operation.equals("commit") || operation.equals("release")) {
      held = expect(Reserved.class, quotas.tryReserve(scan), operation, clinic);
    }
    counting.counting(true);
    long t0 = System.nanoTime();
    Object result;
    try {
      result = switch (operation) {
        case "consume-with-customer" -> expect(Consumed.class, quotas.tryConsume(scan), operation,
            clinic);
        case "reserve" -> expect(Reserved.class, quotas.tryReserve(scan), operation, clinic);
        case "commit" -> expect(Committed.class,
            quotas.tryCommit(CommitRequest.of(clinic, held.id().value())), operation, clinic);
        case "release" -> expect(Released.class,
            quotas.tryRelease(clinic, held.id().value()), operation, clinic);
        case "top-up" -> expect(ToppedUp.class,
            quotas.purchaseTopUp(TopUpRequest.units(clinic, 10, key)), operation, clinic);
        case "plan-change" -> expect(PlanChanged.class, quotas.changePlan(new PlanChangeRequest(
            clinic, BenchCatalog.SMALL, PlanChangeRequest.Timing.IMMEDIATELY, key)), operation,
            clinic);
        default -> throw new IllegalArgumentException("operation must be one of " + OPERATIONS
            + ", was " + operation);
      };
    } finally {
      counting.counting(false);
    }
    long nanos = System.nanoTime() - t0;
    if (result == null) {
      throw new IllegalStateException(operation + " on " + clinic + " answered nothing");
    }
    return nanos;
  }

  private static <T> T expect(Class<T> type, Object result, String operation, String clinic) {
    if (!type.isInstance(result)) {
      throw new IllegalStateException(operation + " on " + clinic + " answered " + result);
    }
    return type.cast(result);
  }

  /** The counts of {@code calls} calls, per call. */
  static Map<String, Object> summary(Map<String, long[]> counts, int calls, long totalNanos) {
    double n = calls;
    long statements = 0;
    long batches = 0;
    long commits = 0;
    long autocommits = 0;
    long rollbacks = 0;
    long jdbcNanos = 0;
    Map<String, Double> byKind = new TreeMap<>();
    List<Map<String, Object>> texts = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      String sql = e.getKey();
      long count = e.getValue()[0];
      jdbcNanos += e.getValue()[1];
      switch (sql) {
        case CountingDataSource.COMMIT -> commits += count;
        case CountingDataSource.ROLLBACK -> rollbacks += count;
        case CountingDataSource.AUTOCOMMIT -> autocommits += count;
        default -> {
          statements += count;
          boolean batch = sql.startsWith("BATCH(");
          if (batch) {
            batches += count;
          }
          String kind = CountingDataSource.kind(batch ? sql.substring(sql.indexOf(')') + 2) : sql);
          byKind.merge(batch ? "BATCH " + kind : kind, count / n, Double::sum);
        }
      }
      Map<String, Object> text = new LinkedHashMap<>();
      text.put("sql", sql);
      text.put("perCall", count / n);
      text.put("usPerCall", e.getValue()[1] / 1_000.0 / n);
      texts.add(text);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", calls);
    m.put("roundTripsPerCall", statements / n);
    m.put("batchesPerCall", batches / n);
    m.put("commitsPerCall", (commits + autocommits) / n);
    m.put("explicitCommitsPerCall", commits / n);
    m.put("autocommitWritesPerCall", autocommits / n);
    m.put("rollbacksPerCall", rollbacks / n);
    m.put("exchangesPerCall", (statements + commits + rollbacks) / n);
    m.put("jdbcUsPerCall", jdbcNanos / 1_000.0 / n);
    m.put("totalUsPerCall", totalNanos / 1_000.0 / n);
    m.put("byKind", byKind);
    m.put("statements", texts);
    return m;
  }
}
