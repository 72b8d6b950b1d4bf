package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.jdbc.HostileCalls.Hostile;
import com.bnaura.quota.jdbc.HostileCalls.Target;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import com.bnaura.quota.testing.ReliabilityReport;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY T11 at scale against the real stores: ten thousand (fifty thousand under {@code
 * -Preliability}) distinct hostile calls from {@link HostileCalls} into every public method of
 * {@link QuotaService} that takes caller data, on the embedded default ({@link
 * JdbcQuotaStore#h2(Path)}), PostgreSQL and MariaDB. Every call must be refused with the typed code
 * and field it deserves, none may be accepted, no SQL error (raw, or wrapped as a store failure)
 * may come out of one, and a checksum of every table taken after each batch must not move; a batch
 * that moved it is replayed call by call to name the call.
 *
 * <p>The calls are seeded: {@code -Dseed=42} replays a run, {@code -Dbad.inputs.store.calls=N}
 * changes how many.
 */
final class StoreHostileInputTest {
  private static final long DEFAULT_SEED = 20_261_201L;
  private static final int BATCH = 50;

  @Test
  void h2File_refusesEveryHostileCallAndKeepsEveryTable(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("quota")
        + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      run("h2", store, () -> DriverManager.getConnection(url, "sa", ""));
    }
  }

  @Test
  void postgres_refusesEveryHostileCallAndKeepsEveryTable() throws Exception {
    HikariDataSource pool = TestDatabases.postgres("hostile");
    try {
      run("postgresql", JdbcQuotaStore.builder(pool).build(), pool::getConnection);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  @Test
  void mariadb_refusesEveryHostileCallAndKeepsEveryTable() throws Exception {
    HikariDataSource pool = TestDatabases.mariadb("hostile");
    try {
      run("mariadb", JdbcQuotaStore.builder(pool).build(), pool::getConnection);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  /** How one hostile call went. */
  private enum Kind { REFUSED, ACCEPTED, SQL_LEAKED, STORE_FAILURE, WRONG }

  private record Verdict(Kind kind, String problem, int messageChars) {}

  private void run(String engine, QuotaStore store, Connections db) throws Exception {
    long seed = Long.getLong("seed", DEFAULT_SEED);
    int count = Integer.getInteger("bad.inputs.store.calls", 10_000);
    QuotaService quotas = QuotaService.builder()
        .store(store)
        .clock(MutableClock.at(HostileCalls.NOW))
        .catalog(HostileCalls.catalog())
        .customerRefKey("hostile-input-customer-key".getBytes(StandardCharsets.UTF_8))
        .build();
    Target target = HostileCalls.setUp(quotas);
    TableChecksums tables = new TableChecksums(db);
    HostileCalls calls = new HostileCalls(seed);

    Set<String> seen = new HashSet<>();
    Map<String, Long> byCategory = new TreeMap<>();
    Map<String, Long> byKind = new TreeMap<>();
    Map<String, Long> millisByCategory = new TreeMap<>();
    long checksumNanos = 0;
    long generationNanos = 0;
    List<String> failures = new ArrayList<>();
    List<Hostile> batch = new ArrayList<>();
    long tablesChanged = 0;
    long slowestNanos = 0;
    String slowest = "";
    int largest = 0;
    String largestCase = "";
    int tried = 0;
    int duplicates = 0;
    Map<String, String> before = tables.take();
    while (tried < count) {
      long made = System.nanoTime();
      Hostile hostile = calls.next();
      generationNanos += System.nanoTime() - made;
      if (!seen.add(hostile.description())) {
        duplicates++;
        assertThat(duplicates).as("the generator keeps repeating itself").isLessThan(count * 5);
        continue;
      }
      long start = System.nanoTime();
      Verdict verdict = attempt(hostile, target);
      long nanos = System.nanoTime() - start;
      tried++;
      byCategory.merge(hostile.category(), 1L, Long::sum);
      byKind.merge(verdict.kind().name(), 1L, Long::sum);
      millisByCategory.merge(hostile.category(), nanos, Long::sum);
      if (verdict.problem() != null && failures.size() < 40) {
        failures.add(engine + " seed=" + seed + " call " + tried + " [" + hostile.category() + "] "
            + hostile.description() + ": " + verdict.problem());
      }
      if (nanos > slowestNanos) {
        slowestNanos = nanos;
        slowest = hostile.description();
      }
      if (verdict.messageChars() > largest) {
        largest = verdict.messageChars();
        largestCase = hostile.description();
      }
      batch.add(hostile);
      if (batch.size() == BATCH || tried == count) {
        long sumStart = System.nanoTime();
        Map<String, String> after = tables.take();
        checksumNanos += System.nanoTime() - sumStart;
        if (!after.equals(before)) {
          tablesChanged++;
          failures.add(engine + " seed=" + seed + " tables " + changed(before, after)
              + " changed in the batch ending at call " + tried + ": " + locate(batch, target,
              tables));
          before = tables.take();
        }
        batch.clear();
      }
    }

    long accepted = byKind.getOrDefault(Kind.ACCEPTED.name(), 0L);
    long leaked = byKind.getOrDefault(Kind.SQL_LEAKED.name(), 0L);
    long storeFailures = byKind.getOrDefault(Kind.STORE_FAILURE.name(), 0L);
    System.out.printf(Locale.ROOT, "StoreHostileInputTest %s: seed=%d, %d distinct hostile calls "
            + "(%d repeats skipped), by category %s, outcomes %s, %d tables changed; largest "
            + "refusal %d chars (%s), slowest call %.1f ms (%s); ms spent by category %s, on "
            + "checksums %d, on making the calls %d%n", engine, seed, tried, duplicates, byCategory, byKind, tablesChanged,
        largest, largestCase, slowestNanos / 1e6, slowest, millis(millisByCategory),
        checksumNanos / 1_000_000, generationNanos / 1_000_000);
    ReliabilityReport.add("bad_inputs_tried", "stores." + engine, tried);
    ReliabilityReport.add("bad_inputs_tried", "total", tried);
    ReliabilityReport.add("bad_inputs_tried", "accepted_unexpectedly", accepted);
    ReliabilityReport.add("bad_inputs_tried", "tables_changed_by_rejected_input", tablesChanged);
    ReliabilityReport.add("bad_inputs_tried", "raw_sql_exceptions_leaked", leaked);
    ReliabilityReport.add("bad_inputs_tried", "store_errors_on_bad_input", storeFailures);
    byCategory.forEach((category, n) ->
        ReliabilityReport.add("bad_inputs_tried", "stores.by_category." + category, n));
    ReliabilityReport.max("bad_inputs_tried", "stores.largest_message_chars", largest);
    ReliabilityReport.max("bad_inputs_tried", "stores.slowest_call_ms",
        Math.max(1, Math.round(slowestNanos / 1e6)));

    assertThat(failures).as("hostile calls on %s (rerun with -Dseed=%d)", engine, seed).isEmpty();
    assertThat(tried).isEqualTo(count);
  }

  private static Map<String, Long> millis(Map<String, Long> nanos) {
    Map<String, Long> millis = new TreeMap<>();
    nanos.forEach((k, v) -> millis.put(k, v / 1_000_000));
    return millis;
  }

  /** Makes one call and judges its outcome against what the call must meet. */
  private static Verdict attempt(Hostile hostile, Target target) {
    Object outcome;
    try {
      outcome = hostile.call().apply(target);
    } catch (QuotaRefusedException e) {
      outcome = e.refused();
    } catch (RuntimeException e) {
      if (causedBySql(e)) {
        return new Verdict(Kind.SQL_LEAKED, "an SQL error came out: " + e, 0);
      }
      if (e instanceof QuotaStoreException) {
        return new Verdict(Kind.STORE_FAILURE, "bad input became a store failure: " + e, 0);
      }
      int chars = e.getMessage() == null ? 0 : e.getMessage().length();
      if (!hostile.factory()
          || !(e instanceof IllegalArgumentException || e instanceof NullPointerException)) {
        return new Verdict(Kind.WRONG, "threw " + e, chars);
      }
      if (hostile.field() != null && !(e instanceof InvalidArgumentException iae
          && iae.field().equals(hostile.field()))) {
        return new Verdict(Kind.WRONG, "threw " + e + " instead of naming " + hostile.field(),
            chars);
      }
      return new Verdict(Kind.REFUSED, null, chars);
    }
    if (!(outcome instanceof Refused refused)) {
      return new Verdict(Kind.ACCEPTED, "accepted: " + outcome, 0);
    }
    int chars = refused.message().length();
    if (hostile.factory()) {
      return new Verdict(Kind.WRONG, "refused " + refused + " where a value factory must throw",
          chars);
    }
    if (refused.code() != hostile.code()) {
      return new Verdict(Kind.WRONG, "refused " + refused.code() + " instead of " + hostile.code()
          + ": " + refused.message(), chars);
    }
    if (hostile.field() != null && !refused.field().orElse("").equals(hostile.field())) {
      return new Verdict(Kind.WRONG, "named field " + refused.field().orElse("<none>")
          + " instead of " + hostile.field() + ": " + refused.message(), chars);
    }
    return new Verdict(Kind.REFUSED, null, chars);
  }

  private static boolean causedBySql(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException || t.getClass().getName().startsWith("org.jooq")) {
        return true;
      }
    }
    return false;
  }

  /** Replays a batch that changed a table call by call and names the first call that changes one. */
  private static String locate(List<Hostile> batch, Target target, TableChecksums tables)
      throws SQLException {
    for (Hostile hostile : batch) {
      Map<String, String> before = tables.take();
      attempt(hostile, target);
      Map<String, String> after = tables.take();
      if (!after.equals(before)) {
        return "[" + hostile.category() + "] " + hostile.description() + " changed "
            + changed(before, after);
      }
    }
    List<String> names = batch.stream().map(Hostile::description).toList();
    return "no single call changed a table when replayed; the batch was " + names;
  }

  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    return before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
  }

  /** Opens a connection to the database under test, apart from the store's own. */
  @FunctionalInterface
  interface Connections {
    Connection open() throws SQLException;
  }

  /** A SHA-256 of every row of every table of the store, by table. */
  private static final class TableChecksums {
    private final Connections db;

    TableChecksums(Connections db) {
      this.db = db;
    }

    Map<String, String> take() throws SQLException {
      Map<String, String> sums = new LinkedHashMap<>();
      try (Connection c = db.open(); Statement s = c.createStatement()) {
        for (String table : TestDatabases.TABLES) {
          MessageDigest digest = sha256();
          long rows = 0;
          try (ResultSet rs = s.executeQuery("select * from " + table + " order by 1, 2")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              rows++;
              for (int i = 1; i <= meta.getColumnCount(); i++) {
                digest.update(String.valueOf(rs.getObject(i)).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
              }
              digest.update((byte) '\n');
            }
          }
          sums.put(table, rows + ":" + HexFormat.of().formatHex(digest.digest()));
        }
      }
      return sums;
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
