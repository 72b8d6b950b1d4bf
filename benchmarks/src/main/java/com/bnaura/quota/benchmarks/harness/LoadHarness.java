package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.benchmarks.state.BenchCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The side-by-side load harness: in one invocation, on PostgreSQL and on H2, N threads call each
 * contender for a fixed time after a warm-up, and the results (throughput, latency percentiles,
 * granted against stored units, ratios to the floor and to Bucket4j) go to one JSON file.
 *
 * <p>The contenders are ours ({@code tryConsume}, and {@code tryReserve} + {@code tryCommit}), the
 * floor (one hand-written conditional {@code UPDATE}), Bucket4j's PostgreSQL proxy manager
 * ({@code SELECT ... FOR UPDATE}), and the old system's unlocked read-then-write. The cases are
 * HOT (every thread on one clinic), SPREAD (10,000 clinics) and EXHAUST (one clinic with a 100-unit
 * quota, run dry), at 1, 8 and 32 threads. Ours and the floor must grant exactly what they store in
 * every case, or the run fails.
 *
 * <p>The full run, JMH suite included, writes {@code benchmarks/target/results.json}:
 *
 * <pre>
 * ./mvnw -B -Pbench -pl benchmarks -am verify -DskipTests
 * </pre>
 *
 * <p>PostgreSQL is read from {@code QUOTA_BENCH_POSTGRES_URL} (default {@value
 * HarnessOptions#DEFAULT_POSTGRES_URL}); the harness works in a private schema and drops it at the
 * end. Options are listed in {@code benchmarks/README.md}.
 */
public final class LoadHarness {
  private static final Set<BenchDatabase> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(BenchDatabase::close),
        "bench-cleanup"));
  }

  private LoadHarness() {}

  /** Runs the harness; exits with 1 if ours or the floor granted other than they stored. */
  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Map<String, Object> results = run(HarnessOptions.parse(args));
    System.exit(Boolean.TRUE.equals(results.get("correct")) ? 0 : 1);
  }

  /** Runs everything {@code options} asks for and writes the results; returns them too. */
  public static Map<String, Object> run(HarnessOptions options) {
    long started = System.nanoTime();
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Object> machine = MachineInfo.describe();
    machine.put("note", "shared machine: other builds and tests may have been running");
    results.put("machine", machine);
    results.put("settings", settings(options));

    JmhSuite.Outcome jmh = null;
    if (!options.jmh().equals("off")) {
      say("JMH (" + options.jmh() + ")");
      jmh = JmhSuite.run(options.jmh(), options.jmhInclude(),
          options.out().toAbsolutePath().resolveSibling("status-cache.tsv"));
      results.put("jmh", jmh.rows());
      Map<String, Object> cache = new LinkedHashMap<>();
      cache.put("hitRate", jmh.statusHitRate().orElse(null));
      cache.put("lastIteration", jmh.statusCacheStats().orElse(null));
      cache.put("everyIteration", jmh.statusCacheIterations());
      results.put("statusCache", cache);
    }

    List<CaseResult> cases = new ArrayList<>();
    List<Map<String, Object>> profiles = new ArrayList<>();
    Map<String, Object> databases = new LinkedHashMap<>();
    JfrProfile jfr = options.jfr() && !options.databases().isEmpty()
        ? JfrProfile.start(options.out().toAbsolutePath().resolveSibling("harness.jfr")) : null;
    try {
      for (String name : options.databases()) {
        runDatabase(name, options, cases, profiles, databases);
      }
      if (jfr != null) {
        String top = Integer.toString(options.maxThreads());
        results.put("cpuProfile", jfr.summarize(key -> key.endsWith("|" + top)
            && !key.contains("|EXHAUST|")));
      }
    } finally {
      if (jfr != null) {
        jfr.close();
      }
    }
    results.put("databases", databases);
    results.put("cases", cases.stream().map(CaseResult::toJson).toList());
    results.put("ratios", ratios(cases));
    results.put("statementProfile", profiles);
    boolean correct = cases.stream().allMatch(CaseResult::correct);
    results.put("targets", targets(cases, jmh, options));
    results.put("correct", correct);
    machine.put("loadAverageAfter", MachineInfo.loadAverage());
    results.put("elapsedSeconds", (System.nanoTime() - started) / 1e9);

    write(options.out(), Json.write(results));
    write(options.out().toAbsolutePath().resolveSibling(
        options.out().getFileName().toString().replaceFirst("\\.json$", "") + ".md"),
        Report.markdown(results, cases));
    say("results: " + options.out().toAbsolutePath());
    say(correct ? "correct: ours and the floor granted exactly what they stored in every case"
        : "NOT CORRECT: see the cases with correct=false");
    return results;
  }

  private static void runDatabase(String name, HarnessOptions options, List<CaseResult> cases,
      List<Map<String, Object>> profiles, Map<String, Object> databases) {
    int poolSize = Math.max(options.maxThreads(), 8);
    boolean postgres = name.equals("postgresql");
    say("database " + name + ": setting up");
    BenchDatabase db = postgres ? BenchDatabase.postgres(options.postgresUrl(), poolSize)
        : BenchDatabase.h2(poolSize);
    OPEN.add(db);
    try {
      databases.put(name, db.description());
      SqlTables.create(db, FloorContender.TABLE);
      SqlTables.create(db, OldPatternContender.TABLE);
      if (postgres) {
        Bucket4jContender.createTable(db);
      }
      List<Contender> contenders = contenders(db, db.pool(), postgres, true, options);
      ClinicSet hot = new ClinicSet("hot", 1, BenchCatalog.LARGE_UNITS);
      ClinicSet spread = new ClinicSet("spread", options.spreadClinics(), BenchCatalog.LARGE_UNITS);
      for (Contender c : contenders) {
        long t0 = System.nanoTime();
        if (options.kinds().contains(CaseKind.HOT)) {
          c.prepare(hot);
        }
        if (options.kinds().contains(CaseKind.SPREAD)) {
          c.prepare(spread);
        }
        say(String.format(Locale.ROOT, "  prepared %-20s in %5.1f s", c.name(),
            (System.nanoTime() - t0) / 1e9));
      }
      for (CaseKind kind : options.kinds()) {
        for (int threads : options.threads()) {
          for (Contender c : contenders) {
            ClinicSet set = switch (kind) {
              case HOT -> hot;
              case SPREAD -> spread;
              case EXHAUST -> new ClinicSet("x" + threads + "-" + c.name(), 1,
                  BenchCatalog.SMALL_UNITS);
            };
            if (kind == CaseKind.EXHAUST) {
              c.prepare(set);
            }
            CaseResult r = CaseRunner.run(name, c, set, kind, threads, options.warmupMillis(),
                options.durationMillis());
            cases.add(r);
            say(Report.line(r));
          }
        }
      }
      if (options.profile() && options.kinds().contains(CaseKind.SPREAD)) {
        say("  statement profile (1 thread, SPREAD)");
        CountingDataSource counting = new CountingDataSource(db.pool());
        for (Contender c : contenders(db, counting, postgres, false, options)) {
          Map<String, Object> p = StatementProfile.run(name, c, counting, spread);
          profiles.add(p);
          say(String.format(Locale.ROOT, "  %-20s %5.2f statements + %4.2f commits per call,"
              + " %7.1f us in JDBC of %7.1f us", c.name(), (Double) p.get("statementsPerCall"),
              (Double) p.get("commitsPerCall"), (Double) p.get("jdbcUsPerCall"),
              (Double) p.get("totalUsPerCall")));
        }
      }
    } finally {
      OPEN.remove(db);
      db.close();
    }
  }

  private static List<Contender> contenders(BenchDatabase db, javax.sql.DataSource dataSource,
      boolean postgres, boolean migrate, HarnessOptions options) {
    OursEngine ours = new OursEngine(db, dataSource, migrate, options.chargeBatching());
    List<Contender> all = new ArrayList<>();
    all.add(new OursContender(ours, false));
    all.add(new OursContender(ours, true));
    all.add(new FloorContender(db, dataSource));
    if (postgres) {
      all.add(new Bucket4jContender(dataSource));
    }
    all.add(new OldPatternContender(db, dataSource));
    return options.contenders().isEmpty() ? all
        : all.stream().filter(c -> options.contenders().contains(c.name())).toList();
  }

  private static Map<String, Object> settings(HarnessOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("databases", o.databases());
    m.put("threads", o.threads());
    m.put("cases", o.kinds());
    m.put("spreadClinics", o.spreadClinics());
    m.put("warmupMillis", o.warmupMillis());
    m.put("durationMillis", o.durationMillis());
    m.put("unitMilliPerCall", Contender.UNIT_MILLI);
    m.put("exhaustQuotaMilli", BenchCatalog.SMALL_UNITS * ClinicSet.MILLI);
    m.put("exhaustStopsAfterRefusalsInARow", CaseRunner.STOP_AFTER_REFUSALS);
    m.put("jmh", o.jmh());
    m.put("chargeBatching", o.chargeBatching().isEmpty()
        ? List.of(JdbcQuotaStore.DEFAULT_BATCH_CHARGES, JdbcQuotaStore.DEFAULT_BATCH_STATEMENTS)
        : o.chargeBatching());
    return m;
  }

  /** Ours ÷ floor and ours ÷ Bucket4j for every timed case. */
  static List<Map<String, Object>> ratios(List<CaseResult> cases) {
    Map<String, Map<String, CaseResult>> byCase = cases.stream()
        .filter(r -> r.kind() != CaseKind.EXHAUST)
        .collect(Collectors.groupingBy(CaseResult::caseKey, LinkedHashMap::new,
            Collectors.toMap(CaseResult::contender, Function.identity(), (a, b) -> b,
                LinkedHashMap::new)));
    List<Map<String, Object>> rows = new ArrayList<>();
    byCase.forEach((key, byContender) -> {
      for (String ours : List.of(OursContender.CONSUME, OursContender.RESERVE_COMMIT)) {
        CaseResult o = byContender.get(ours);
        if (o == null) {
          continue;
        }
        CaseResult floor = byContender.get(FloorContender.NAME);
        CaseResult b4j = byContender.get(Bucket4jContender.NAME);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", o.database());
        m.put("case", o.kind().name());
        m.put("threads", o.threads());
        m.put("ours", ours);
        m.put("oursOverFloorOpsPerSec", floor == null ? null : o.opsPerSec() / floor.opsPerSec());
        m.put("oursOverFloorP99", floor == null ? null : o.p99Us() / floor.p99Us());
        m.put("oursOverBucket4jOpsPerSec", b4j == null ? null : o.opsPerSec() / b4j.opsPerSec());
        m.put("oursOverBucket4jP99", b4j == null ? null : o.p99Us() / b4j.p99Us());
        rows.add(m);
      }
    });
    return rows;
  }

  private static List<Map<String, Object>> targets(List<CaseResult> cases, JmhSuite.Outcome jmh,
      HarnessOptions options) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int threads = options.threads().contains(32) ? 32 : options.maxThreads();
    Optional<CaseResult> ours = find(cases, "postgresql", CaseKind.SPREAD, threads,
        OursContender.CONSUME);
    Optional<CaseResult> floor = find(cases, "postgresql", CaseKind.SPREAD, threads,
        FloorContender.NAME);
    Optional<CaseResult> b4j = find(cases, "postgresql", CaseKind.SPREAD, threads,
        Bucket4jContender.NAME);
    String where = "PostgreSQL consume SPREAD " + threads + " threads";
    rows.add(target(where + ": ops/s >= 0.8 x floor", ratio(ours, floor, CaseResult::opsPerSec),
        0.8, true));
    rows.add(target(where + ": ops/s >= 1.5 x Bucket4j", ratio(ours, b4j, CaseResult::opsPerSec),
        1.5, true));
    rows.add(target(where + ": p99 <= 1.5 x floor p99", ratio(ours, floor, CaseResult::p99Us),
        1.5, false));
    Optional<Double> statusP99 = jmh == null ? Optional.empty() : jmh.rows().stream()
        .filter(r -> "StatusReadBenchmark.dashboard:read".equals(r.get("benchmark"))
            && r.containsKey("p99Us"))
        .map(r -> (Double) r.get("p99Us"))
        .findFirst();
    rows.add(target("status read (dashboard mix, in-process): p99 < 2 us", statusP99, 2.0, false));
    rows.add(target("status read (dashboard mix): cache hit rate >= 99%",
        jmh == null ? Optional.empty() : jmh.statusHitRate(), 0.99, true));
    Map<String, Object> exact = new LinkedHashMap<>();
    exact.put("target", "ours and the floor grant exactly what they store, in every case");
    exact.put("value", null);
    exact.put("met", cases.isEmpty() ? null : cases.stream().allMatch(CaseResult::correct));
    rows.add(exact);
    return rows;
  }

  private static Optional<Double> ratio(Optional<CaseResult> a, Optional<CaseResult> b,
      java.util.function.ToDoubleFunction<CaseResult> metric) {
    return a.isPresent() && b.isPresent()
        ? Optional.of(metric.applyAsDouble(a.get()) / metric.applyAsDouble(b.get()))
        : Optional.empty();
  }

  private static Map<String, Object> target(String name, Optional<Double> value, double bound,
      boolean atLeast) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", name);
    m.put("value", value.orElse(null));
    m.put("met", value.map(v -> atLeast ? v >= bound : name.contains("<=") ? v <= bound : v < bound)
        .orElse(null));
    return m;
  }

  private static Optional<CaseResult> find(List<CaseResult> cases, String database, CaseKind kind,
      int threads, String contender) {
    return cases.stream().filter(r -> r.database().equals(database) && r.kind() == kind
        && r.threads() == threads && r.contender().equals(contender)).findFirst();
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
