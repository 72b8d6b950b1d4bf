package com.bnaura.quota.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load harness's settings, parsed from {@code --name value} arguments.
 *
 * @param out where the JSON results go
 * @param databases any of {@code postgresql}, {@code h2} and {@code mariadb}; empty runs no load
 *     cases
 * @param postgresUrl the JDBC URL of the PostgreSQL server (a private schema is created in it)
 * @param mariadbUrl the JDBC URL of the MariaDB server (a private database is created on it)
 * @param threads the thread counts of every case
 * @param kinds the cases: {@code HOT}, {@code SPREAD} and {@code EXHAUST}
 * @param contenders the contenders to run, empty for all
 * @param spreadClinics how many clinics the SPREAD case spreads over
 * @param warmupMillis how long each case runs before it is measured
 * @param durationMillis how long each case is measured
 * @param jmh {@code off}, {@code smoke} (one short iteration each, in this JVM) or {@code full}
 * @param jmhInclude a regular expression of the JMH benchmarks to run, empty for all
 * @param profile whether to count the statements of each contender's call and of each operation
 * @param profileCalls how many calls of each contender the statement profile counts (after half as
 *     many uncounted), and at most how many of each operation
 * @param jfr whether to record a JFR profile and summarise where the client's CPU went
 * @param instances the instance counts of the several-instances run on PostgreSQL, empty for none
 * @param instanceThreads the calling threads of each instance
 * @param instanceWarmupMillis how long each instance (a fresh JVM) runs before it is measured
 * @param instanceContenders ours' contenders each instance count runs
 */
public record HarnessOptions(
    Path out,
    List<String> databases,
    String postgresUrl,
    String mariadbUrl,
    List<Integer> threads,
    List<CaseKind> kinds,
    List<String> contenders,
    int spreadClinics,
    long warmupMillis,
    long durationMillis,
    String jmh,
    String jmhInclude,
    boolean profile,
    int profileCalls,
    boolean jfr,
    List<Integer> instances,
    int instanceThreads,
    long instanceWarmupMillis,
    List<String> instanceContenders) {

  /** The environment variable naming the PostgreSQL server. */
  public static final String POSTGRES_URL_ENV = "QUOTA_BENCH_POSTGRES_URL";

  /** The PostgreSQL server used when {@value #POSTGRES_URL_ENV} is unset. */
  public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** The environment variable naming the MariaDB server. */
  public static final String MARIADB_URL_ENV = "QUOTA_BENCH_MARIADB_URL";

  /** The MariaDB server used when {@value #MARIADB_URL_ENV} is unset. */
  public static final String DEFAULT_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

  /** Every contender, in the order they run. */
  public static final List<String> CONTENDERS = List.of(OursContender.CONSUME,
      OursContender.RESERVE_COMMIT, OursContender.SCAN, OursContender.SCAN_REPEAT,
      FloorContender.NAME, FloorContender.WRITE_DELAY_NAME, Bucket4jContender.NAME,
      OldPatternContender.NAME);

  /** Ours' contenders, the ones an instance can run. */
  public static final List<String> OURS = List.of(OursContender.CONSUME,
      OursContender.RESERVE_COMMIT, OursContender.SCAN, OursContender.SCAN_REPEAT);

  private static final List<String> DATABASES = List.of(BenchDatabase.POSTGRESQL,
      BenchDatabase.H2, BenchDatabase.MARIADB);

  /** Validates and copies. */
  public HarnessOptions {
    databases = List.copyOf(databases);
    threads = List.copyOf(threads);
    kinds = List.copyOf(kinds);
    contenders = List.copyOf(contenders);
    instances = List.copyOf(instances);
    instanceContenders = List.copyOf(instanceContenders);
    for (String db : databases) {
      if (!DATABASES.contains(db)) {
        throw new IllegalArgumentException("--databases takes " + String.join(", ", DATABASES)
            + " or none, not " + db);
      }
    }
    for (String c : contenders) {
      if (!CONTENDERS.contains(c)) {
        throw new IllegalArgumentException("--contenders takes " + String.join(", ", CONTENDERS)
            + ", not " + c);
      }
    }
    for (String c : instanceContenders) {
      if (!OURS.contains(c)) {
        throw new IllegalArgumentException("--instance-contenders takes " + String.join(", ", OURS)
            + ", not " + c);
      }
    }
    for (int t : threads) {
      if (t < 1 || t > 256) {
        throw new IllegalArgumentException("--threads must be 1..256, was " + t);
      }
    }
    for (int n : instances) {
      if (n < 1 || n > 8) {
        throw new IllegalArgumentException("--instances must be 1..8, was " + n);
      }
    }
    if (instanceThreads < 1 || instanceThreads > 256) {
      throw new IllegalArgumentException("--instance-threads must be 1..256, was " + instanceThreads);
    }
    if (profileCalls < 1) {
      throw new IllegalArgumentException("--profile-calls must be at least 1, was " + profileCalls);
    }
    if (instanceWarmupMillis < 0) {
      throw new IllegalArgumentException("--instance-warmup-ms must be >= 0, was "
          + instanceWarmupMillis);
    }
    if (spreadClinics < 1) {
      throw new IllegalArgumentException("--spread-clinics must be at least 1, was " + spreadClinics);
    }
    if (warmupMillis < 0 || durationMillis < 1) {
      throw new IllegalArgumentException("--warmup-ms must be >= 0 and --duration-ms >= 1");
    }
    if (!List.of("off", "smoke", "full").contains(jmh)) {
      throw new IllegalArgumentException("--jmh takes off, smoke or full, not " + jmh);
    }
  }

  /** The largest thread count: the size of the connection pool. */
  public int maxThreads() {
    return threads.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  /** Whether {@code contender} runs: named by {@code --contenders}, or all when none is named. */
  public boolean runs(String contender) {
    return contenders.isEmpty() || contenders.contains(contender);
  }

  /** Parses {@code args}; every option has a default, see {@code benchmarks/README.md}. */
  public static HarnessOptions parse(String... args) {
    Path out = Path.of("target", "results.json");
    List<String> databases = DATABASES;
    String postgresUrl = env(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL);
    String mariadbUrl = env(MARIADB_URL_ENV, DEFAULT_MARIADB_URL);
    List<Integer> threads = List.of(1, 8, 32);
    List<CaseKind> kinds = List.of(CaseKind.HOT, CaseKind.SPREAD, CaseKind.EXHAUST);
    List<String> contenders = List.of();
    int spread = 10_000;
    long warmup = 1_000;
    long duration = 3_000;
    String jmh = "off";
    String include = "";
    boolean profile = true;
    int profileCalls = 500;
    boolean jfr = false;
    List<Integer> instances = List.of();
    int instanceThreads = 16;
    long instanceWarmup = 3_000;
    List<String> instanceContenders = List.of(OursContender.CONSUME, OursContender.SCAN);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      try {
        switch (name) {
          case "--out" -> out = Path.of(value);
          case "--databases" -> databases = value.equals("none") ? List.of() : split(value);
          case "--postgres-url" -> postgresUrl = value;
          case "--mariadb-url" -> mariadbUrl = value;
          case "--threads" -> threads = numbers(value);
          case "--cases" -> kinds = split(value).stream()
              .map(s -> CaseKind.valueOf(s.toUpperCase(Locale.ROOT))).toList();
          case "--contenders" -> contenders = split(value);
          case "--spread-clinics" -> spread = Integer.parseInt(value);
          case "--warmup-ms" -> warmup = Long.parseLong(value);
          case "--duration-ms" -> duration = Long.parseLong(value);
          case "--jmh" -> jmh = value;
          case "--jmh-include" -> include = value;
          case "--profile" -> profile = onOff(name, value);
          case "--profile-calls" -> profileCalls = Integer.parseInt(value);
          case "--jfr" -> jfr = onOff(name, value);
          case "--instances" -> instances = value.equals("none") ? List.of() : numbers(value);
          case "--instance-threads" -> instanceThreads = Integer.parseInt(value);
          case "--instance-warmup-ms" -> instanceWarmup = Long.parseLong(value);
          case "--instance-contenders" -> instanceContenders = split(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes whole numbers, not " + value, e);
      }
    }
    return new HarnessOptions(out, databases, postgresUrl, mariadbUrl, threads, kinds, contenders,
        spread, warmup, duration, jmh, include, profile, profileCalls, jfr, instances,
        instanceThreads, instanceWarmup, instanceContenders);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static List<Integer> numbers(String value) {
    return split(value).stream().map(Integer::valueOf).toList();
  }

  private static boolean onOff(String name, String value) {
    return switch (value) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException(name + " takes on or off, not " + value);
    };
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String s : Arrays.asList(value.split(","))) {
      if (!s.isBlank()) {
        parts.add(s.trim());
      }
    }
    return parts;
  }
}
