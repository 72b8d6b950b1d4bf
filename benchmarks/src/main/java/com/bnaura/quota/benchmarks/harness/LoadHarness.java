package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.benchmarks.state.BenchCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * The side-by-side load harness: in one invocation, on PostgreSQL, H2 and MariaDB, N threads call
 * each contender for a fixed time after a warm-up, and the results (throughput, latency
 * percentiles, granted against stored units, ratios to the floor and to Bucket4j, the statements
 * each operation sends, several instances on one PostgreSQL, and the targets of the engine
 * redesign) go to one JSON file.
 *
 * <p>The contenders are ours ({@code tryConsume}; {@code tryReserve} + {@code tryCommit}; the
 * clinic app's quick scan with a user and a new customer; the same with 20 % repeat customers),
 * the floor (one hand-written conditional {@code UPDATE}), Bucket4j's PostgreSQL or MySQL proxy
 * manager ({@code SELECT ... FOR UPDATE}), and the old system's unlocked read-then-write. The cases
 * are HOT (every thread on one clinic), SPREAD (10,000 clinics) and EXHAUST (one clinic with a
 * 100-unit quota, run dry), at 1, 8 and 32 threads. Ours and the floor must grant exactly what
 * they store in every case, or the run fails.
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
    Map<String, Object> profiles = new LinkedHashMap<>();
    profiles.put("contenders", new ArrayList<Map<String, Object>>());
    profiles.put("operations", new ArrayList<Map<String, Object>>());
    List<InstanceRun> instanceRuns = new ArrayList<>();
    Map<String, Object> databases = new LinkedHashMap<>();
    JfrProfile jfr = options.jfr() && !options.databases().isEmpty()
        ? JfrProfile.start(options.out().toAbsolutePath().resolveSibling("harness.jfr")) : null;
    try {
      for (String name : options.databases()) {
        runDatabase(name, options, cases, profiles, instanceRuns, databases);
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
    results.put("instances", instanceRuns.stream().map(InstanceRun::toJson).toList());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> operations = (List<Map<String, Object>>) profiles.get("operations");
    results.put("targets", Targets.evaluate(cases, operations, statusP99(jmh),
        jmh == null ? Optional.empty() : jmh.statusHitRate(), instanceRuns).stream()
        .map(Targets.Target::toJson).toList());
    boolean correct = cases.stream().allMatch(CaseResult::correct)
        && instanceRuns.stream().allMatch(InstanceRun::exact);
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
      Map<String, Object> profiles, List<InstanceRun> instanceRuns,
      Map<String, Object> databases) {
    int poolSize = Math.max(options.maxThreads(), 8);
    say("database " + name + ": setting up");
    BenchDatabase db = switch (name) {
      case BenchDatabase.POSTGRESQL -> BenchDatabase.postgres(options.postgresUrl(), poolSize);
      case BenchDatabase.MARIADB -> BenchDatabase.mariadb(options.mariadbUrl(), poolSize);
      default -> BenchDatabase.h2(poolSize, true);
    };
    OPEN.add(db);
    BenchDatabase delayed = null;
    try {
      Map<String, Object> description = new LinkedHashMap<>(db.description());
      if (name.equals(BenchDatabase.H2) && options.runs(FloorContender.WRITE_DELAY_NAME)) {
        delayed = BenchDatabase.h2(poolSize, false);
        OPEN.add(delayed);
        SqlTables.create(delayed, FloorContender.TABLE);
        description.put(FloorContender.WRITE_DELAY_NAME, delayed.description());
      }
      description.put(Bucket4jContender.NAME, Bucket4jContender.supports(name)
          ? "Bucket4j " + (name.equals(BenchDatabase.MARIADB)
              ? "MySQL select-for-update proxy manager over MySQL Connector/J"
              : "PostgreSQL select-for-update proxy manager")
          : "n/a: Bucket4j has no backend for " + name);
      databases.put(name, description);
      SqlTables.create(db, FloorContender.TABLE);
      SqlTables.create(db, OldPatternContender.TABLE);
      if (Bucket4jContender.supports(name)) {
        Bucket4jContender.createTable(db);
      }
      OursEngine ours = new OursEngine(db, db.pool(), true);
      List<Contender> contenders = contenders(db, db.pool(), ours, delayed, options);
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
                options.durationMillis(), db::analyze);
            cases.add(r);
            say(Report.line(r));
          }
        }
      }
      if (options.profile()) {
        profile(name, db, ours, spread, options, profiles);
      }
      if (name.equals(BenchDatabase.POSTGRESQL) && !options.instances().isEmpty()) {
        say("  several instances on " + name + " (" + options.instanceThreads()
            + " threads each)");
        instanceRuns.addAll(Instances.run(db, ours, options,
            new EnumMap<>(Map.of(CaseKind.HOT, hot, CaseKind.SPREAD, spread)), "postgres"));
      }
    } finally {
      if (delayed != null) {
        OPEN.remove(delayed);
        delayed.close();
      }
      OPEN.remove(db);
      db.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static void profile(String name, BenchDatabase db, OursEngine ours, ClinicSet spread,
      HarnessOptions options, Map<String, Object> profiles) {
    CountingDataSource counting = new CountingDataSource(db.pool());
    OursEngine counted = new OursEngine(db, counting, false);
    List<Map<String, Object>> byContender = (List<Map<String, Object>>) profiles.get("contenders");
    if (options.kinds().contains(CaseKind.SPREAD)) {
      say("  statement profile of " + options.profileCalls() + " calls (1 thread, SPREAD)");
      // the set's rows were made when the cases ran; the counting contenders only read them
      for (Contender c : contenders(db, counting, counted, null, options)) {
        Map<String, Object> p = StatementProfile.contender(name, c, counting, spread,
            options.profileCalls());
        byContender.add(p);
        say(String.format(Locale.ROOT, "  %-20s %5.2f round trips, %4.2f commits per call,"
            + " %7.1f us in JDBC of %7.1f us", c.name(), (Double) p.get("roundTripsPerCall"),
            (Double) p.get("commitsPerCall"), (Double) p.get("jdbcUsPerCall"),
            (Double) p.get("totalUsPerCall")));
      }
    }
    say("  statement profile of each operation alone on an idle clinic");
    for (Map<String, Object> p : StatementProfile.operations(name, ours, counted.quotas(),
        counting, options.profileCalls())) {
      ((List<Map<String, Object>>) profiles.get("operations")).add(p);
      say(String.format(Locale.ROOT, "  %-22s %5.2f round trips, %4.2f commits per call",
          p.get("operation"), (Double) p.get("roundTripsPerCall"), (Double) p.get("commitsPerCall")));
    }
  }

  /**
   * The contenders {@code options} names, over {@code dataSource} (a pool of {@code db}, or a
   * counting wrapper of it); {@code delayed}, if not null, is the H2 database of the floor that
   * keeps H2's write delay.
   */
  private static List<Contender> contenders(BenchDatabase db, javax.sql.DataSource dataSource,
      OursEngine ours, BenchDatabase delayed, HarnessOptions options) {
    List<Contender> all = new ArrayList<>();
    for (String name : HarnessOptions.OURS) {
      all.add(new OursContender(ours, name));
    }
    all.add(new FloorContender(FloorContender.NAME, db, dataSource));
    if (delayed != null) {
      all.add(new FloorContender(FloorContender.WRITE_DELAY_NAME, delayed, delayed.pool()));
    }
    boolean counting = dataSource instanceof CountingDataSource;
    if (db.name().equals(BenchDatabase.POSTGRESQL)) {
      all.add(new Bucket4jContender(db.name(), dataSource));
    } else if (db.name().equals(BenchDatabase.MARIADB) && !counting) {
      // on its own pool (MySQL Connector/J), which the statement profile does not count
      all.add(new Bucket4jContender(db.name(), db.mysqlDriverPool()));
    }
    all.add(new OldPatternContender(db, dataSource));
    return all.stream().filter(c -> options.runs(c.name())).toList();
  }

  private static Map<String, Object> settings(HarnessOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("databases", o.databases());
    m.put("threads", o.threads());
    m.put("cases", o.kinds());
    m.put("contenders", o.contenders().isEmpty() ? HarnessOptions.CONTENDERS : o.contenders());
    m.put("spreadClinics", o.spreadClinics());
    m.put("warmupMillis", o.warmupMillis());
    m.put("durationMillis", o.durationMillis());
    m.put("unitMilliPerCall", Contender.UNIT_MILLI);
    m.put("scanMilliPerCall", 200);
    m.put("scanRepeatShare", RepeatCustomers.REPEAT_SHARE);
    m.put("scanRepeatWindow", RepeatCustomers.REPEAT_WINDOW.toString());
    m.put("exhaustQuotaMilli", BenchCatalog.SMALL_UNITS * ClinicSet.MILLI);
    m.put("exhaustStopsAfterRefusalsInARow", CaseRunner.STOP_AFTER_REFUSALS);
    m.put("jmh", o.jmh());
    m.put("instances", o.instances());
    m.put("instanceThreads", o.instanceThreads());
    m.put("instanceWarmupMillis", o.instanceWarmupMillis());
    m.put("instanceContenders", o.instanceContenders());
    m.put("ourStore", "JdbcQuotaStore.builder(pool).build(), the store's defaults");
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
      for (String ours : HarnessOptions.OURS) {
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

  /** The status read's p99 from the JMH rows, if StatusReadBenchmark ran in SampleTime mode. */
  static Optional<Double> statusP99(JmhSuite.Outcome jmh) {
    return jmh == null ? Optional.empty() : jmh.rows().stream()
        .filter(r -> "StatusReadBenchmark.dashboard:read".equals(r.get("benchmark"))
            && r.get("p99Us") instanceof Double)
        .map(r -> (Double) r.get("p99Us"))
        .findFirst();
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
