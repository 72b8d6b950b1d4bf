package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.benchmarks.state.BenchCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child instance of the several-instances run ({@link Instances}): one JVM with its own engine
 * and pool on the PostgreSQL schema the parent created and filled, running one case of one of ours'
 * contenders. It prints {@value #READY} on stdout when its pool is open, waits for a line on stdin
 * (every instance starts together), runs the case and prints its figures as one JSON object on
 * stdout. Nothing else goes to stdout.
 *
 * <p>The schema's JDBC URL comes from the environment variable {@value #URL_ENV}; the arguments are
 * {@code --case --contender --threads --prefix --clinics --warmup-ms --duration-ms --instance}.
 */
public final class InstanceMain {
  /** The environment variable holding the JDBC URL of the schema. */
  static final String URL_ENV = "QUOTA_BENCH_INSTANCE_URL";

  /** The line an instance prints when it is ready to start. */
  static final String READY = "ready";

  private InstanceMain() {}

  /** Runs one case as a child instance; exits with 1 if it cannot. */
  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    String url = System.getenv(URL_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(URL_ENV + " must name the schema's JDBC URL");
    }
    CaseKind kind = CaseKind.valueOf(require(a, "--case"));
    int threads = Integer.parseInt(require(a, "--threads"));
    ClinicSet set = new ClinicSet(require(a, "--prefix"), Integer.parseInt(require(a, "--clinics")),
        BenchCatalog.LARGE_UNITS);
    try (BenchDatabase db = BenchDatabase.attach(BenchDatabase.POSTGRESQL, url,
        Math.max(threads, 2))) {
      OursEngine engine = new OursEngine(db, db.pool(), false);
      OursContender contender = new OursContender(engine, require(a, "--contender"));
      engine.stored(set);
      System.out.println(READY);
      System.out.flush();
      awaitGo();
      long retries = engine.retries();
      long conflicts = engine.conflicts().conflicts();
      long lockedRuns = engine.conflicts().lockedRuns();
      CaseResult r = CaseRunner.run(BenchDatabase.POSTGRESQL, contender, set, kind, threads,
          Long.parseLong(require(a, "--warmup-ms")), Long.parseLong(require(a, "--duration-ms")),
          () -> { });
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("instance", Integer.valueOf(require(a, "--instance")));
      out.putAll(r.toJson());
      // what the database stored over the case is every instance's work: the parent judges it
      for (String key : new String[] {"storedMilli", "grantedEqualsStored", "heldMilli",
          "lostUpdates", "overspendMilli", "correct"}) {
        out.remove(key);
      }
      out.put("retries", engine.retries() - retries);
      out.put("conflicts", engine.conflicts().conflicts() - conflicts);
      out.put("lockedRuns", engine.conflicts().lockedRuns() - lockedRuns);
      System.out.println(Json.write(out));
      System.out.flush();
    }
    System.exit(0);
  }

  private static void awaitGo() {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      if (in.readLine() == null) {
        throw new IllegalStateException("the parent closed stdin before the start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String require(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
