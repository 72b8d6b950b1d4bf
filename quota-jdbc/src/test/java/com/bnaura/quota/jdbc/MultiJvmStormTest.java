package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two application instances as separate JVM processes hammer one PostgreSQL database (RELIABILITY
 * T3, shortened): afterwards every ledger invariant holds for every clinic, no reservation is left
 * pending, BLOCK clinics never went into overage, and every charge a client saw acknowledged is in
 * the ledger exactly once — no lost update, no double charge. Longer with {@code
 * -Dstorm.seconds=120 -Dstorm.threads=32}.
 */
final class MultiJvmStormTest {
  private static final int CLINICS = 40;

  @Test
  void twoJvms_sharingPostgres_loseNothingAndChargeOnce() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("storm");
    try {
      run(pool);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private void run(HikariDataSource pool) throws Exception {
    JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
    QuotaService setup = QuotaService.builder().store(store).clock(Clock.systemUTC()).build();
    for (int c = 0; c < CLINICS; c++) {
      setup.registerClinic(ClinicRegistration.builder("storm-" + c, "starter")
          .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
    }
    int seconds = Integer.getInteger("storm.seconds", 12);
    int threads = Integer.getInteger("storm.threads", 16);
    Path dir = Files.createDirectories(Path.of("target", "storm"));
    List<Process> processes = new ArrayList<>();
    List<Path> histories = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < 2; i++) {
      Path history = dir.resolve("instance-" + i + ".log");
      Files.deleteIfExists(history);
      histories.add(history);
      processes.add(new ProcessBuilder(java, "-Xmx384m", "-XX:ActiveProcessorCount=2",
          "-cp", System.getProperty("java.class.path"), StormMain.class.getName(),
          pool.getJdbcUrl(), "i" + i, Integer.toString(threads), Integer.toString(seconds),
          Long.toString(4242 + i), Integer.toString(CLINICS), history.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("instance-" + i + ".out").toFile())
          .start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(seconds + 120, TimeUnit.SECONDS)).as("storm instance finished").isTrue();
      assertThat(p.exitValue()).as("storm instance exit code; see target/storm/*.out").isZero();
    }
    Thread.sleep(2_100); // the storm's reservation TTL, so abandoned holds are due
    setup.expireReservations();

    StormReconciler.Summary summary = StormReconciler.reconcile(store, CLINICS, histories);

    assertThat(summary.operations()).as("the storm did work").isGreaterThan(200);
    System.out.println("multi-JVM storm: " + summary + " | "
        + Files.readString(dir.resolve("instance-0.out")).lines()
            .filter(l -> l.startsWith("STORM")).findFirst().orElse("") + " | "
        + Files.readString(dir.resolve("instance-1.out")).lines()
            .filter(l -> l.startsWith("STORM")).findFirst().orElse(""));
  }

}
