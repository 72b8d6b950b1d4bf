package com.bnaura.quota.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Counts what one call of a contender sends to the database: a single thread calls it on the
 * SPREAD clinics through a {@link CountingDataSource}, and the statements, commits and time spent
 * inside JDBC are divided by the calls.
 */
final class StatementProfile {
  private static final int WARMUP_CALLS = 200;
  private static final int MEASURED_CALLS = 500;

  private StatementProfile() {}

  /** Profiles {@code contender}, built over {@code counting}, on {@code set}. */
  static Map<String, Object> run(String database, Contender contender, CountingDataSource counting,
      ClinicSet set) {
    SplittableRandom random = new SplittableRandom(7);
    String tag = "profile-" + Long.toString(System.nanoTime(), 36) + "-";
    for (int i = 0; i < WARMUP_CALLS; i++) {
      contender.attempt(set, random.nextInt(set.size()), tag + "w" + i);
    }
    counting.reset();
    long t0 = System.nanoTime();
    for (int i = 0; i < MEASURED_CALLS; i++) {
      contender.attempt(set, random.nextInt(set.size()), tag + "m" + i);
    }
    long totalNanos = System.nanoTime() - t0;
    Map<String, long[]> counts = counting.snapshot();

    double calls = MEASURED_CALLS;
    long statements = 0;
    long commits = 0;
    long rollbacks = 0;
    long jdbcNanos = 0;
    Map<String, Double> byKind = new TreeMap<>();
    List<Map<String, Object>> texts = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      String sql = e.getKey();
      long n = e.getValue()[0];
      jdbcNanos += e.getValue()[1];
      if (sql.equals("COMMIT")) {
        commits += n;
      } else if (sql.equals("ROLLBACK")) {
        rollbacks += n;
      } else {
        statements += n;
        String kind = CountingDataSource.kind(sql.startsWith("BATCH(")
            ? sql.substring(sql.indexOf(')') + 2) : sql);
        byKind.merge(kind, n / calls, Double::sum);
      }
      Map<String, Object> text = new LinkedHashMap<>();
      text.put("sql", sql);
      text.put("perCall", n / calls);
      text.put("usPerCall", e.getValue()[1] / 1_000.0 / calls);
      texts.add(text);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", database);
    m.put("contender", contender.name());
    m.put("calls", MEASURED_CALLS);
    m.put("statementsPerCall", statements / calls);
    m.put("commitsPerCall", commits / calls);
    m.put("rollbacksPerCall", rollbacks / calls);
    m.put("roundTripsPerCall", (statements + commits + rollbacks) / calls);
    m.put("jdbcUsPerCall", jdbcNanos / 1_000.0 / calls);
    m.put("totalUsPerCall", totalNanos / 1_000.0 / calls);
    m.put("byKind", byKind);
    m.put("statements", texts);
    return m;
  }
}
