package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.testing.LedgerInvariants;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    Map<String, Long> acknowledged = new HashMap<>();
    Set<String> unknown = new HashSet<>();
    long operations = 0;
    for (Path history : histories) {
      for (String line : Files.readAllLines(history)) {
        String[] f = line.split(" ");
        if (f[0].equals("ok")) {
          operations++;
          if (f[1].equals("charge")) {
            acknowledged.put(f[2] + " " + f[3], Long.parseLong(f[4]));
          }
        } else if (f[0].equals("info") || f[0].equals("fail")) {
          unknown.add(f[1] + " " + f[2]);
        }
      }
    }
    assertThat(operations).as("the storm did work").isGreaterThan(200);

    long chargedInDb = 0;
    for (int c = 0; c < CLINICS; c++) {
      ClinicId clinic = ClinicId.of("storm-" + c);
      LedgerInvariants.check(store, clinic);
      Map<String, Integer> chargesPerKey = new HashMap<>();
      for (LedgerEntry e : store.ledger(clinic, Instant.MIN, Instant.MAX)) {
        if (e.kind() == LedgerKind.COMMIT || e.kind() == LedgerKind.CHARGE) {
          String key = clinic + " " + e.key().orElseThrow().value();
          chargesPerKey.merge(key, 1, Integer::sum);
          chargedInDb += e.units().milli();
          assertThat(acknowledged.containsKey(key) || unknown.contains(key))
              .as("charge %s was acknowledged to a client (or its outcome was unknown)", key)
              .isTrue();
        }
      }
      assertThat(chargesPerKey.values()).as("no key charged twice at %s", clinic)
          .allMatch(n -> n == 1);
      for (PeriodRecord p : store.periods(clinic)) {
        assertThat(store.reservations(clinic, p.period().start()))
            .noneMatch(r -> r.state() == ReservationState.PENDING);
        if (c % 2 == 0) {
          assertThat(p.overageUnits()).as("BLOCK clinic %s never in overage", clinic)
              .isEqualTo(Units.ZERO);
        }
      }
    }
    long acknowledgedUnits = acknowledged.values().stream().mapToLong(Long::longValue).sum();
    assertThat(unknown).as("operations with an unknown outcome").isEmpty();
    assertThat(chargedInDb).as("units charged in the database = units acknowledged to clients")
        .isEqualTo(acknowledgedUnits);
    System.out.println("multi-JVM storm: " + operations + " operations acknowledged, "
        + acknowledged.size() + " charges, " + Units.ofMilli(acknowledgedUnits) + " units, "
        + Files.readString(dir.resolve("instance-0.out")).lines()
            .filter(l -> l.startsWith("STORM")).findFirst().orElse("") + " | "
        + Files.readString(dir.resolve("instance-1.out")).lines()
            .filter(l -> l.startsWith("STORM")).findFirst().orElse(""));
  }

  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file);
  }
}
