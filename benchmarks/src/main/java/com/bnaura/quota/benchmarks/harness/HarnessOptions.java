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
 * @param databases {@code postgresql} and/or {@code h2}; empty runs no load cases
 * @param postgresUrl the JDBC URL of the PostgreSQL server (a private schema is created in it)
 * @param threads the thread counts of every case
 * @param kinds the cases: {@code HOT}, {@code SPREAD} and {@code EXHAUST}
 * @param contenders the contenders to run, empty for all
 * @param spreadClinics how many clinics the SPREAD case spreads over
 * @param warmupMillis how long each case runs before it is measured
 * @param durationMillis how long each case is measured
 * @param jmh {@code off}, {@code smoke} (one short iteration each, in this JVM) or {@code full}
 * @param jmhInclude a regular expression of the JMH benchmarks to run, empty for all
 * @param profile whether to count the statements of each contender's call
 * @param jfr whether to record a JFR profile and summarise where the client's CPU went
 * @param chargeBatching the {@code JdbcQuotaStore.Builder.chargeBatching} of our engine as {@code
 *     [maxCharges, maxStatements]}, or empty for the store's default
 */
public record HarnessOptions(
    Path out,
    List<String> databases,
    String postgresUrl,
    List<Integer> threads,
    List<CaseKind> kinds,
    List<String> contenders,
    int spreadClinics,
    long warmupMillis,
    long durationMillis,
    String jmh,
    String jmhInclude,
    boolean profile,
    boolean jfr,
    List<Integer> chargeBatching) {

  /** The environment variable naming the PostgreSQL server. */
  public static final String POSTGRES_URL_ENV = "QUOTA_BENCH_POSTGRES_URL";

  /** The PostgreSQL server used when {@value #POSTGRES_URL_ENV} is unset. */
  public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Validates and copies. */
  public HarnessOptions {
    databases = List.copyOf(databases);
    threads = List.copyOf(threads);
    kinds = List.copyOf(kinds);
    contenders = List.copyOf(contenders);
    chargeBatching = List.copyOf(chargeBatching);
    if (!chargeBatching.isEmpty() && chargeBatching.size() != 2) {
      throw new IllegalArgumentException(
          "--charge-batching takes default or maxCharges,maxStatements, was " + chargeBatching);
    }
    for (String db : databases) {
      if (!db.equals("postgresql") && !db.equals("h2")) {
        throw new IllegalArgumentException("--databases takes postgresql and h2, not " + db);
      }
    }
    for (int t : threads) {
      if (t < 1 || t > 256) {
        throw new IllegalArgumentException("--threads must be 1..256, was " + t);
      }
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

  /** Parses {@code args}; every option has a default, see {@code benchmarks/README.md}. */
  public static HarnessOptions parse(String... args) {
    String env = System.getenv(POSTGRES_URL_ENV);
    Path out = Path.of("target", "results.json");
    List<String> databases = List.of("postgresql", "h2");
    String url = env == null || env.isBlank() ? DEFAULT_POSTGRES_URL : env;
    List<Integer> threads = List.of(1, 8, 32);
    List<CaseKind> kinds = List.of(CaseKind.HOT, CaseKind.SPREAD, CaseKind.EXHAUST);
    List<String> contenders = List.of();
    int spread = 10_000;
    long warmup = 1_000;
    long duration = 3_000;
    String jmh = "off";
    String include = "";
    boolean profile = true;
    boolean jfr = false;
    List<Integer> batching = List.of();
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
          case "--postgres-url" -> url = value;
          case "--threads" -> threads = split(value).stream().map(Integer::valueOf).toList();
          case "--cases" -> kinds = split(value).stream()
              .map(s -> CaseKind.valueOf(s.toUpperCase(Locale.ROOT))).toList();
          case "--contenders" -> contenders = split(value);
          case "--spread-clinics" -> spread = Integer.parseInt(value);
          case "--warmup-ms" -> warmup = Long.parseLong(value);
          case "--duration-ms" -> duration = Long.parseLong(value);
          case "--jmh" -> jmh = value;
          case "--jmh-include" -> include = value;
          case "--profile" -> profile = onOff(name, value);
          case "--jfr" -> jfr = onOff(name, value);
          case "--charge-batching" -> batching = value.equals("default") ? List.of()
              : split(value).stream().map(Integer::valueOf).toList();
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes whole numbers, not " + value, e);
      }
    }
    return new HarnessOptions(out, databases, url, threads, kinds, contenders, spread, warmup,
        duration, jmh, include, profile, jfr, batching);
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
