package com.bnaura.quota.jdbc;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures consumes per second and write-sets per commit for group-commit settings: {@code
 * threads} callers consume on random clinics of {@code clinics} for {@code seconds} each setting,
 * on a fresh database each time. Not a test; the figures go to benchmarks/README.md.
 *
 * <pre>{@code
 * java -cp <test classpath> com.bnaura.quota.jdbc.GroupCommitMeasure postgres 32 1000 10 1,1 32,2 32,4
 * }</pre>
 */
public final class GroupCommitMeasure {
  private GroupCommitMeasure() {}

  /** Runs the measurement: {@code db threads clinics seconds maxWriteSets,maxInFlight...}. */
  public static void main(String[] args) throws Exception {
    String db = args[0];
    int threads = Integer.parseInt(args[1]);
    int clinics = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    for (int i = 4; i < args.length; i++) {
      String[] setting = args[i].split(",");
      int writeSets = Integer.parseInt(setting[0]);
      int inFlight = Integer.parseInt(setting[1]);
      HikariDataSource pool = switch (db) {
        case "h2" -> TestDatabases.h2();
        case "postgres" -> TestDatabases.postgres("measure");
        case "mariadb" -> TestDatabases.mariadb("measure");
        default -> throw new IllegalArgumentException("db is h2, postgres or mariadb: " + db);
      };
      try {
        RecordingDataSource recording = new RecordingDataSource(pool);
        JdbcQuotaStore store = JdbcQuotaStore.builder(recording)
            .groupCommit(writeSets, inFlight).build();
        QuotaService quotas = QuotaService.builder().store(store)
            .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
        for (int c = 0; c < clinics; c++) {
          quotas.registerClinic(ClinicRegistration.builder("m" + c, "enterprise").build());
        }
        recording.reset();
        long commitsBefore = store.commits();
        AtomicLong done = new AtomicLong();
        AtomicLong keys = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          running.add(executor.submit(() -> {
            while (System.nanoTime() < end) {
              String clinic = "m" + ThreadLocalRandom.current().nextInt(clinics);
              Object r = quotas.tryConsume(UsageRequest.builder(clinic, OperationId.QUICK_SCAN,
                  "k" + keys.incrementAndGet()).build());
              if (!(r instanceof Consumed)) {
                throw new IllegalStateException("not consumed: " + r);
              }
              done.incrementAndGet();
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
        executor.shutdown();
        long commits = store.commits() - commitsBefore;
        System.out.printf("%s threads=%d clinics=%d groupCommit(%d,%d): %.0f consumes/s, "
                + "%d commits, %.2f write-sets/commit, %d retries%n", db, threads, clinics,
            writeSets, inFlight, done.get() / (double) seconds, commits,
            done.get() / (double) Math.max(1, commits), store.retries());
      } finally {
        TestDatabases.drop(pool);
      }
    }
  }
}
