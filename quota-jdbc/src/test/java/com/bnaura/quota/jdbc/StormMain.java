package com.bnaura.quota.jdbc;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application instance of the multi-JVM storm, run as its own process: many threads reserve,
 * commit (sometimes partly), release, abandon, consume and top up on skewed clinics against a
 * shared database, writing a history line before ({@code invoke}) and after ({@code ok}, {@code
 * fail} or {@code info} for an unknown outcome) every call.
 *
 * <p>Beside its history it writes {@code <historyFile>.lat}: the latency of every acknowledged
 * reserve, commit and consume as an HdrHistogram, and how many operations completed in each second
 * of the run. Its summary line counts, by SQLSTATE, the database errors the store saw ({@code
 * sql_40001=...}) and the connection attempts the server refused ({@code connect_53300=...}).
 *
 * <p>{@code java -cp <test classpath> com.bnaura.quota.jdbc.StormMain <jdbcUrl> <instance>
 * <threads> <seconds> <seed> <clinics> <historyFile> [<poolSize> [<connectionTimeoutMillis>]]}
 */
public final class StormMain {
  private StormMain() {}

  /** Runs the storm and prints one summary line. */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    String url = args[0];
    String instance = args[1];
    int threads = Integer.parseInt(args[2]);
    long seconds = Long.parseLong(args[3]);
    long seed = Long.parseLong(args[4]);
    int clinics = Integer.parseInt(args[5]);
    Path history = Path.of(args[6]);
    int poolSize = args.length > 7 ? Integer.parseInt(args[7]) : 8;
    long connectionTimeout = args.length > 8 ? Long.parseLong(args[8]) : 30_000;

    SqlStateCounter connects = SqlStateCounter.driver(url);
    HikariConfig config = new HikariConfig();
    config.setDataSource(connects);
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(connectionTimeout);
    config.setLeakDetectionThreshold(2000);
    // start even when the server has no connection to spare; the pool keeps trying
    config.setInitializationFailTimeout(-1);
    config.setPoolName("storm-" + instance);
    Map<String, AtomicLong> counts = new HashMap<>();
    for (String k : List.of("reserve", "commit", "release", "abandon", "consume", "topup",
        "refused", "info", "fail", "resent", "planchange", "snapshots", "violations")) {
      counts.put(k, new AtomicLong());
    }
    List<String> earlier = Files.exists(history) ? Files.readAllLines(history) : List.of();
    SqlStateCounter seen;
    long started = System.nanoTime();
    try (HikariDataSource pool = new HikariDataSource(config);
        BufferedWriter out = Files.newBufferedWriter(history, StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
      seen = new SqlStateCounter(pool);
      QuotaService quotas = QuotaService.builder()
          .store(JdbcQuotaStore.builder(seen).dialect(org.jooq.SQLDialect.POSTGRES).migrate(false)
              .build())
          .clock(Clock.systemUTC())
          .reservationTtl(Duration.ofSeconds(2))
          .customerRefKey("storm-customer-key-0123456789".getBytes())
          .build();
      resume(quotas, earlier, out, counts);
      if (!earlier.isEmpty()) {
        System.out.println("RESUMED " + instance + " resent_on_start=" + counts.get("resent").get());
        System.out.flush();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      List<Thread> workers = new ArrayList<>();
      SplittableRandom seeds = new SplittableRandom(seed);
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = seeds.split();
        String prefix = instance + "-" + t + "-";
        Thread worker = new Thread(() -> {
          long seq = 0;
          while (System.nanoTime() < deadline) {
            String clinic = "storm-" + zipf(random, clinics);
            String key = prefix + seq++;
            try {
              step(quotas, random, clinic, key, out, counts);
            } catch (QuotaStoreException e) {
              // a retry with the same key outlasted its budget: the outcome stays unknown
              counts.get("info").incrementAndGet();
              write(out, "info " + clinic + " " + key + " " + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
              counts.get("fail").incrementAndGet();
              write(out, "fail " + clinic + " " + key + " " + e);
            }
          }
        }, "storm-" + prefix);
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      quotas.expireReservations();
    }
    LATENCY.write(Path.of(history + ".lat"), (System.nanoTime() - started) / 1_000_000);
    StringBuilder summary = new StringBuilder("STORM " + instance + " storeRetries="
        + STORE_RETRIES.get());
    counts.forEach((k, v) -> summary.append(' ').append(k).append('=').append(v.get()));
    seen.counts().forEach((k, v) -> summary.append(" sql_").append(k).append('=').append(v));
    connects.counts().forEach((k, v) -> summary.append(" connect_").append(k).append('=').append(v));
    System.out.println(summary);
  }

  /**
   * Re-sends every call a previous run of this instance invoked without recording its completion
   * (it was killed), with the same idempotency key: each either was applied (and now replays) or
   * was not (and now runs once). A reservation whose follow-up never started is released.
   */
  private static void resume(QuotaService quotas, List<String> earlier, BufferedWriter out,
      Map<String, AtomicLong> counts) {
    Map<String, String[]> open = new java.util.LinkedHashMap<>();
    Map<String, String> reservations = new HashMap<>();
    Map<String, String[]> requests = new HashMap<>();
    for (String line : earlier) {
      String[] f = line.split(" ");
      if (f.length < 4) {
        continue;
      }
      String id = f[2] + " " + f[3];
      if (f[0].equals("invoke")) {
        open.put(id, f);
        if (f.length >= 6) {
          requests.put(id, f);
        }
      } else if (f[0].equals("ok") && f[1].equals("reserved")) {
        reservations.put(id, f[4]);
        open.put(id, new String[] {"decide", "pending", f[2], f[3]});
      } else if (f[0].equals("ok") || f[0].equals("info") || f[0].equals("fail")) {
        open.remove(id);
      }
    }
    for (String[] f : open.values()) {
      String op = f[1];
      String clinic = f[2];
      String key = f[3];
      counts.get("resent").incrementAndGet();
      String reservation = reservations.get(clinic + " " + key);
      String[] request = requests.get(clinic + " " + key);
      switch (op) {
        case "plan" -> {
          // a plan change is idempotent by its key; the plan itself is not in the history line
          write(out, "ok plan " + clinic + " " + key);
        }
        case "topup" -> {
          resilient(() -> quotas.purchaseTopUp(TopUpRequest.units(clinic, 5, key)));
          write(out, "ok topup " + clinic + " " + key + " 5000");
        }
        case "consume" -> {
          Object r = resilient(() -> quotas.tryConsume(usage(clinic, key, request[4], request[5])));
          recordOutcome(out, clinic, key, r);
        }
        case "reserve", "pending", "commit", "release" -> {
          String id = reservation;
          if (id == null) {
            // the reserve itself may or may not have happened: the same key tells
            Object r = resilient(() -> quotas.tryReserve(usage(clinic, key, request[4], request[5])));
            if (!(r instanceof Reserved res)) {
              recordOutcome(out, clinic, key, r);
              continue;
            }
            id = res.id().value();
          }
          String reservationId = id;
          if (op.equals("commit") && f.length >= 5) {
            Units actual = Units.ofMilli(Long.parseLong(f[4]));
            Object c = resilient(() -> quotas.tryCommit(CommitRequest.builder(clinic, reservationId)
                .actualUnits(actual).build()));
            recordOutcome(out, clinic, key, c);
          } else {
            resilient(() -> quotas.tryRelease(clinic, reservationId));
            write(out, "ok release " + clinic + " " + key);
          }
        }
        default -> throw new IllegalStateException("unknown history op " + op);
      }
    }
  }

  /**
   * Reads the clinic's balance during the storm and checks conservation on it: used + reserved +
   * remaining = granted, and the add-on identity. A broken read is written as a violation.
   */
  private static void snapshot(QuotaService quotas, String clinic, BufferedWriter out,
      Map<String, AtomicLong> counts) {
    com.bnaura.quota.Balance b = resilient(() -> quotas.balance(clinic));
    counts.get("snapshots").incrementAndGet();
    boolean ok = b.unlimited()
        || b.monthlyUsed().plus(b.monthlyReserved()).plus(b.monthlyRemaining())
            .equals(b.monthlyAllowance());
    if (!ok) {
      counts.get("violations").incrementAndGet();
      write(out, "violation " + clinic + " snapshot " + b);
    }
  }

  private static UsageRequest usage(String clinic, String key, String operation, String customer) {
    return UsageRequest.builder(clinic, operation, key).customerRef(customer).build();
  }

  private static void recordOutcome(BufferedWriter out, String clinic, String key, Object result) {
    if (result instanceof Committed c) {
      write(out, "ok charge " + clinic + " " + key + " " + c.charge().units().milli());
    } else if (result instanceof Consumed c) {
      write(out, "ok charge " + clinic + " " + key + " " + c.charge().units().milli());
    } else if (result instanceof Refused r) {
      write(out, "ok refused " + clinic + " " + key + " " + r.code());
    } else {
      write(out, "ok other " + clinic + " " + key);
    }
  }

  /** Latency of acknowledged calls and completions per second, written when the storm ends. */
  static final StormLatency LATENCY = new StormLatency();

  /** Store failures retried with the same key (the outcome of the first try is unknown). */
  static final AtomicLong STORE_RETRIES = new AtomicLong();

  /**
   * Calls {@code call}, retrying a {@link QuotaStoreException} (database down, connection lost,
   * acknowledgement lost) with the same idempotency key, with capped exponential backoff and jitter,
   * for up to 60 seconds.
   */
  static <T> T resilient(java.util.function.Supplier<T> call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long backoff = 20;
    SplittableRandom jitter = new SplittableRandom();
    while (true) {
      try {
        return call.get();
      } catch (QuotaStoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        STORE_RETRIES.incrementAndGet();
        sleep(backoff / 2 + jitter.nextLong(backoff / 2 + 1));
        backoff = Math.min(2_000, backoff * 2);
      }
    }
  }

  private static void step(QuotaService quotas, SplittableRandom random, String clinic, String key,
      BufferedWriter out, Map<String, AtomicLong> counts) {
    int dice = random.nextInt(100);
    if (dice < 4) {
      snapshot(quotas, clinic, out, counts);
      return;
    }
    if (dice < 5) {
      String plan = random.nextBoolean() ? "starter" : "professional";
      write(out, "invoke plan " + clinic + " " + key);
      resilient(() -> quotas.changePlan(com.bnaura.quota.PlanChangeRequest.of(clinic, plan, key)));
      counts.get("planchange").incrementAndGet();
      write(out, "ok plan " + clinic + " " + key);
      return;
    }
    OperationId op = random.nextBoolean() ? OperationId.QUICK_SCAN : OperationId.CLINICAL_ANALYSIS;
    String customer = "c" + random.nextInt(40);
    UsageRequest request = usage(clinic, key, op.value(), customer);
    if (dice < 7) {
      write(out, "invoke topup " + clinic + " " + key);
      if (LATENCY.time("topup", () -> resilient(() -> quotas.purchaseTopUp(
          TopUpRequest.units(clinic, 5, key)))) instanceof ToppedUp) {
        counts.get("topup").incrementAndGet();
        write(out, "ok topup " + clinic + " " + key + " 5000");
      }
      return;
    }
    if (dice < 17) {
      write(out, "invoke consume " + clinic + " " + key + " " + op + " " + customer);
      Object result = LATENCY.time("consume", () -> resilient(() -> quotas.tryConsume(request)));
      if (result instanceof Consumed c) {
        counts.get("consume").incrementAndGet();
        write(out, "ok charge " + clinic + " " + key + " " + c.charge().units().milli());
      } else {
        counts.get("refused").incrementAndGet();
        write(out, "ok refused " + clinic + " " + key + " " + ((Refused) result).code());
      }
      return;
    }
    write(out, "invoke reserve " + clinic + " " + key + " " + op + " " + customer);
    Object result = LATENCY.time("reserve", () -> resilient(() -> quotas.tryReserve(request)));
    if (!(result instanceof Reserved r)) {
      counts.get("refused").incrementAndGet();
      write(out, "ok refused " + clinic + " " + key + " " + ((Refused) result).code());
      return;
    }
    counts.get("reserve").incrementAndGet();
    write(out, "ok reserved " + clinic + " " + key + " " + r.id().value());
    sleep(random.nextInt(20));
    int fate = random.nextInt(100);
    if (fate < 80) {
      Units held = r.hold().units();
      Units actual = random.nextInt(5) == 0 ? Units.ofMilli(held.milli() / 2) : held;
      // the actual units go into the history: a re-sent commit must be the same commit
      write(out, "invoke commit " + clinic + " " + key + " " + actual.milli());
      Object c = LATENCY.time("commit", () -> resilient(() -> quotas.tryCommit(
          CommitRequest.builder(clinic, r.id().value()).actualUnits(actual).build())));
      if (c instanceof Committed done) {
        counts.get("commit").incrementAndGet();
        write(out, "ok charge " + clinic + " " + key + " " + done.charge().units().milli()
            + (done.late() ? " late" : ""));
      } else {
        write(out, "ok refused " + clinic + " " + key + " " + ((Refused) c).code());
      }
    } else if (fate < 95) {
      write(out, "invoke release " + clinic + " " + key);
      LATENCY.time("release", () -> resilient(() -> quotas.tryRelease(clinic, r.id().value())));
      counts.get("release").incrementAndGet();
      write(out, "ok release " + clinic + " " + key);
    } else {
      counts.get("abandon").incrementAndGet();
      write(out, "ok abandon " + clinic + " " + key);
    }
  }

  /** A skewed pick: low numbers are hot. */
  private static int zipf(SplittableRandom random, int n) {
    double u = random.nextDouble();
    return (int) Math.min(n - 1, Math.floor(n * u * u * u));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(BufferedWriter out, String line) {
    synchronized (out) {
      try {
        out.write(line);
        out.newLine();
        out.flush();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
