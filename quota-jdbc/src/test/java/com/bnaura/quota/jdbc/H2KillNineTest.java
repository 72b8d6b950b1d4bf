package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.LedgerReplay;
import com.bnaura.quota.testing.ReliabilityReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of an application on the embedded default (RELIABILITY T16): a child JVM runs {@link
 * H2CrashMain} on {@code JdbcQuotaStore.h2(dir)} and prints every call the moment it returns; the
 * test kills it with SIGKILL at a seeded random moment, starts it again on the same folder, and
 * after the last kill reopens the folder and checks that every acknowledged call is in the
 * database exactly once with the effect it was acknowledged with, that sending it again replays
 * its first outcome and charges nothing, and that every clinic's ledger keeps its invariants.
 *
 * <p>The kills come after a seeded random count of acknowledged calls plus a seeded random pause,
 * so each life does work however slow the machine is. System properties: {@code h2kill9.kills}
 * (lives, each ended by a kill), {@code h2kill9.threads}, {@code h2kill9.acks} (the most calls a
 * life acknowledges before its kill) and {@code seed}; quota-jdbc's pom passes short values to
 * every build and longer ones under {@code -Preliability}.
 */
final class H2KillNineTest {
  private static final int CLINICS = 6;
  private static final Path ROOT = Path.of("target", "h2kill9");

  @Test
  void killNine_neverLosesAnAcknowledgedWrite_andEveryResendReplays() throws Exception {
    int kills = Integer.getInteger("h2kill9.kills", 5);
    int threads = Integer.getInteger("h2kill9.threads", 8);
    int maxAcks = Integer.getInteger("h2kill9.acks", 400);
    long seed = Long.getLong("seed", new SplittableRandom().nextLong());

    Result result = run("db", false, kills, threads, maxAcks, seed);

    ReliabilityReport.add("faults_survived", "h2_kill9.kills", kills);
    ReliabilityReport.add("faults_survived", "h2_kill9.acknowledged", result.acks().size());
    ReliabilityReport.add("faults_survived", "h2_kill9.lost", result.check().lost.size());
    ReliabilityReport.add("faults_survived", "h2_kill9.replayed", result.check().replayed);
    assertKeptItsWord(result, kills, maxAcks, seed);
  }

  /**
   * The same over a pool the host opened on an H2 file URL with H2's default write delay, as the
   * Spring starter and the example app get their store: the builder makes it write each commit.
   */
  @Test
  void killNine_ofAStoreOnTheHostsOwnH2Pool_losesNothingEither() throws Exception {
    int kills = 1;
    int maxAcks = 160;
    long seed = Long.getLong("seed", new SplittableRandom().nextLong());

    Result result = run("hostdb", true, kills, 8, maxAcks, seed);

    assertKeptItsWord(result, kills, maxAcks, seed);
    assertThat(Files.readString(ROOT.resolve("hostdb-L0.err")))
        .contains("Aura Quota set WRITE_DELAY 0 on the H2 database")
        .contains("WRITE_DELAY=500");
  }

  /** What one run acknowledged and what the check after it found. */
  private record Result(List<Ack> acks, Check check) {}

  private static void assertKeptItsWord(Result result, int kills, int maxAcks, long seed) {
    Check check = result.check();
    assertThat(result.acks().size()).as("acknowledged calls")
        .isGreaterThanOrEqualTo(kills * (maxAcks / 4));
    assertThat(check.lost).as("acknowledged calls missing after kill -9 (seed %d)", seed).isEmpty();
    assertThat(check.mismatched).as("re-sends that did not replay (seed %d)", seed).isEmpty();
    assertThat(check.ledgerGrew).as("ledgers that grew from re-sends (seed %d)", seed).isEmpty();
    assertThat(check.replayed).isEqualTo(result.acks().size());
  }

  private static Result run(String folder, boolean hostPool, int kills, int threads, int maxAcks,
      long seed) throws Exception {
    System.out.println("H2KillNineTest " + folder + " seed=" + seed + " kills=" + kills
        + " threads=" + threads + " acks<=" + maxAcks + " (re-run with -Dseed=" + seed + ")");
    Path dir = fresh(ROOT.resolve(folder));
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      QuotaService setup = H2CrashMain.service(store);
      for (int c = 0; c < CLINICS; c++) {
        setup.registerClinic(ClinicRegistration.builder(H2CrashMain.clinic(c), "starter")
            .overagePolicy(c % 2 == 0 ? OveragePolicy.BLOCK : OveragePolicy.AUTO).build());
      }
    }

    SplittableRandom random = new SplittableRandom(seed);
    List<Ack> acks = new ArrayList<>();
    for (int life = 0; life < kills; life++) {
      int threshold = maxAcks / 4 + random.nextInt(maxAcks - maxAcks / 4 + 1);
      long pauseMillis = random.nextInt(250);
      long started = System.nanoTime();
      Life child = Life.start(dir, folder + "-L" + life, threads, random.nextLong(), hostPool);
      child.awaitAcks(threshold);
      Thread.sleep(pauseMillis);
      List<Ack> acknowledged = child.killNine();
      System.out.println(folder + " life L" + life + ": killed after " + acknowledged.size()
          + " acknowledged calls, " + (System.nanoTime() - started) / 1_000_000 + " ms ("
          + child.startupMillis() + " ms to open the store)");
      acks.addAll(acknowledged);
    }

    long checking = System.nanoTime();
    Check check = Check.run(dir, acks);
    System.out.println("checked and re-sent in " + (System.nanoTime() - checking) / 1_000_000
        + " ms");
    System.out.println("H2KillNineTest " + folder + ": " + kills + " kill -9, " + acks.size()
        + " acknowledged calls, " + check.lost.size() + " lost, " + check.replayed
        + " replayed on re-send, " + check.mismatched.size() + " re-sends that differed");
    return new Result(acks, check);
  }

  /** One acknowledged call, as the child printed it. */
  record Ack(String line, String kind, String clinic, String key, long units, String outcome,
      String ref, String arg) {

    /** Parses a complete ACK line; a line cut short by the kill has no closing dot. */
    static Ack parse(String line) {
      String[] f = line.split(" ");
      if (f.length != 9 || !f[0].equals("ACK") || !f[8].equals(".")) {
        return null;
      }
      return new Ack(line, f[1], f[2], f[3], Long.parseLong(f[4]), f[5], f[6], f[7]);
    }
  }

  /** One process of {@link H2CrashMain}, and what it acknowledged. */
  private static final class Life {
    private final Process process;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Thread reader;
    private final Path errors;
    private final long started = System.nanoTime();
    private volatile long ready;

    private Life(Process process, Path errors) {
      this.process = process;
      this.errors = errors;
      this.reader = new Thread(this::read, "h2kill9-reader");
      reader.start();
    }

    static Life start(Path dir, String life, int threads, long seed, boolean hostPool)
        throws IOException {
      Path errors = ROOT.resolve(life + ".err");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // C1 only and the serial collector: the child lives seconds, so start-up is what counts
      Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:ActiveProcessorCount=2",
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), H2CrashMain.class.getName(),
          dir.toString(), life, Integer.toString(threads), Integer.toString(CLINICS),
          Long.toString(seed), hostPool ? "host" : "own")
          .redirectError(errors.toFile())
          .start();
      return new Life(p, errors);
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("READY")) {
            ready = System.nanoTime();
          }
          Ack ack = Ack.parse(line);
          if (ack != null) {
            synchronized (acks) {
              acks.add(ack);
            }
            count.incrementAndGet();
          }
        }
      } catch (IOException e) {
        // the pipe closed with the process
      }
    }

    /** Waits until the child acknowledged {@code n} calls; fails if it dies or stalls first. */
    void awaitAcks(int n) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (count.get() < n) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("child acknowledged " + count.get() + " of " + n
              + " calls and " + (process.isAlive() ? "stalled" : "died") + ": "
              + Files.readString(errors));
        }
        Thread.sleep(5);
      }
    }

    /** Kills the child with SIGKILL and returns every call it acknowledged. */
    List<Ack> killNine() throws Exception {
      process.toHandle().destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("killed child exits").isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      synchronized (acks) {
        return List.copyOf(acks);
      }
    }

    /** How long the child took to open the store, in milliseconds. */
    long startupMillis() {
      return ready == 0 ? -1 : (ready - started) / 1_000_000;
    }
  }

  /** Reopens the folder and checks every acknowledged call, then sends each again. */
  private static final class Check {
    final List<String> lost = new ArrayList<>();
    final List<String> mismatched = new ArrayList<>();
    final List<String> ledgerGrew = new ArrayList<>();
    long replayed;

    static Check run(Path dir, List<Ack> acks) throws SQLException {
      Check check = new Check();
      try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir);
          Connection sql = DriverManager.getConnection("jdbc:h2:file:"
              + dir.toAbsolutePath().resolve("quota") + ";WRITE_DELAY=0", "sa", "")) {
        QuotaService quotas = H2CrashMain.service(store);
        Map<String, List<LedgerEntry>> before = ledgers(store);
        Map<String, Map<String, List<LedgerEntry>>> byKey = new HashMap<>();
        Map<String, Map<String, List<LedgerEntry>>> byReservation = new HashMap<>();
        before.forEach((clinic, entries) -> {
          for (LedgerEntry e : entries) {
            e.key().ifPresent(k -> byKey.computeIfAbsent(clinic, c -> new HashMap<>())
                .computeIfAbsent(k.value(), x -> new ArrayList<>()).add(e));
            e.reservation().ifPresent(r -> byReservation.computeIfAbsent(clinic,
                c -> new HashMap<>()).computeIfAbsent(r.value(), x -> new ArrayList<>()).add(e));
          }
        });

        for (Ack ack : acks) {
          List<LedgerEntry> keyed = byKey.getOrDefault(ack.clinic(), Map.of())
              .getOrDefault(ack.key(), List.of());
          List<LedgerEntry> held = byReservation.getOrDefault(ack.clinic(), Map.of())
              .getOrDefault(ack.ref(), List.of());
          String problem = problem(sql, ack, keyed, held);
          if (problem != null) {
            check.lost.add(ack.line() + ": " + problem);
          }
        }

        for (Ack ack : acks) {
          String again = H2CrashMain.line(ack.kind(), ack.clinic(), ack.key(), resend(quotas, ack),
              ack.arg());
          if (again.equals(ack.line())) {
            check.replayed++;
          } else {
            check.mismatched.add(ack.line() + " -> " + again);
          }
        }

        Map<String, List<LedgerEntry>> after = ledgers(store);
        for (int c = 0; c < CLINICS; c++) {
          String clinic = H2CrashMain.clinic(c);
          if (!after.get(clinic).equals(before.get(clinic))) {
            check.ledgerGrew.add(clinic + ": " + before.get(clinic).size() + " -> "
                + after.get(clinic).size() + " entries");
          }
          LedgerInvariants.check(store, ClinicId.of(clinic));
          List<String> diffs = LedgerReplay.diffs(store, ClinicId.of(clinic));
          ReliabilityReport.add("nothing_lost", "model_replays", 1);
          ReliabilityReport.add("nothing_lost", "model_replay_diffs", diffs.size());
          assertThat(diffs).as("model replay of %s", clinic).isEmpty();
        }
      }
      return check;
    }

    /** What is wrong with the database's record of {@code ack}, or null when it is all there. */
    private static String problem(Connection sql, Ack ack, List<LedgerEntry> keyed,
        List<LedgerEntry> held) throws SQLException {
      boolean refused = ack.outcome().startsWith("refused:");
      switch (ack.kind()) {
        case "reserve", "consume", "topup" -> {
          int keys = keyRows(sql, ack.clinic(), ack.key());
          if (keys != 1) {
            return keys + " idempotency records";
          }
          if (refused) {
            return keyed.stream().anyMatch(e -> e.kind() != LedgerKind.UNBILLED)
                ? "a refused call left ledger entries " + keyed : null;
          }
          LedgerKind kind = switch (ack.kind()) {
            case "reserve" -> LedgerKind.HOLD;
            case "consume" -> LedgerKind.CHARGE;
            default -> LedgerKind.TOP_UP;
          };
          List<LedgerEntry> effect = (ack.kind().equals("reserve") ? held : keyed).stream()
              .filter(e -> e.kind() == kind).toList();
          if (effect.size() != 1) {
            return effect.size() + " " + kind + " entries";
          }
          long units = kind == LedgerKind.TOP_UP ? effect.get(0).units().milli()
              : effect.get(0).split().total().milli();
          if (units != ack.units()) {
            return kind + " of " + units + " milli-units, acknowledged " + ack.units();
          }
          if (kind == LedgerKind.HOLD && !ack.key().equals(reservationKey(sql, ack))) {
            return "reservation " + ack.ref() + " is not under key " + ack.key();
          }
          return null;
        }
        case "commit", "release" -> {
          boolean commit = ack.kind().equals("commit");
          String state = reservationState(sql, ack);
          String expected = commit ? "COMMITTED" : ack.outcome().equals("expired") ? "EXPIRED"
              : "RELEASED";
          if (refused) {
            return null;
          }
          if (!expected.equals(state)) {
            return "reservation " + ack.ref() + " is " + state;
          }
          List<LedgerEntry> effect = held.stream().filter(e -> commit
              ? e.kind() == LedgerKind.COMMIT
              : e.kind() == LedgerKind.UNHOLD && e.reason().orElse("").equals("RELEASED"))
              .toList();
          if (effect.size() != 1) {
            return effect.size() + (commit ? " COMMIT" : " RELEASED") + " entries";
          }
          long units = effect.get(0).split().total().milli();
          return units == ack.units() ? null
              : ack.kind() + " of " + units + " milli-units, acknowledged " + ack.units();
        }
        default -> throw new IllegalStateException(ack.line());
      }
    }

    private static Object resend(QuotaService quotas, Ack ack) {
      return switch (ack.kind()) {
        case "reserve" -> quotas.tryReserve(H2CrashMain.usage(ack.clinic(), ack.arg(), ack.key()));
        case "consume" -> quotas.tryConsume(H2CrashMain.usage(ack.clinic(), ack.arg(), ack.key()));
        case "topup" -> quotas.purchaseTopUp(TopUpRequest.units(ack.clinic(),
            Long.parseLong(ack.arg()), ack.key()));
        case "commit" -> quotas.tryCommit(H2CrashMain.commit(ack.clinic(), ack.ref(),
            Long.parseLong(ack.arg())));
        case "release" -> quotas.tryRelease(ack.clinic(), ack.ref());
        default -> throw new IllegalStateException(ack.line());
      };
    }

    private static Map<String, List<LedgerEntry>> ledgers(JdbcQuotaStore store) {
      Map<String, List<LedgerEntry>> all = new HashMap<>();
      for (int c = 0; c < CLINICS; c++) {
        String clinic = H2CrashMain.clinic(c);
        all.put(clinic, store.ledger(ClinicId.of(clinic), Instant.MIN, Instant.MAX));
      }
      return all;
    }

    private static int keyRows(Connection sql, String clinic, String key) throws SQLException {
      try (PreparedStatement s = sql.prepareStatement(
          "select count(*) from quota_idempotency where clinic_id = ? and idem_key = ?")) {
        s.setString(1, clinic);
        s.setString(2, key);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getInt(1);
        }
      }
    }

    private static String reservationState(Connection sql, Ack ack) throws SQLException {
      return reservationColumn(sql, ack, "res_state");
    }

    private static String reservationKey(Connection sql, Ack ack) throws SQLException {
      return reservationColumn(sql, ack, "idem_key");
    }

    private static String reservationColumn(Connection sql, Ack ack, String column)
        throws SQLException {
      try (PreparedStatement s = sql.prepareStatement("select " + column
          + " from quota_reservation where clinic_id = ? and reservation_id = ?")) {
        s.setString(1, ack.clinic());
        s.setString(2, ack.ref());
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getString(1) : "missing";
        }
      }
    }
  }

  /** {@code dir}, emptied of everything an earlier run left. */
  static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
