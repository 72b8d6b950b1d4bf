package com.bnaura.quota.benchmarks.harness;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.mysql.Bucket4jMySQL;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;

/**
 * Bucket4j's PostgreSQL proxy manager, or on MariaDB its MySQL one, the {@code SELECT ... FOR
 * UPDATE} variant of each: one bucket per
 * clinic whose capacity is the clinic's quota in milli-units and which does not refill within a
 * run (the whole capacity comes back once every ten years), so {@code tryConsume} behaves as a
 * quota check. Each call locks the bucket's row, reads its serialized state, writes it back and
 * commits.
 */
final class Bucket4jContender implements Contender {

  /** The contender's name. */
  static final String NAME = "bucket4j";

  /** Its table. */
  static final String TABLE = "bench_bucket4j";

  private final ProxyManager<Long> buckets;
  private final DataSource dataSource;
  private final Map<Long, BucketProxy> proxies = new ConcurrentHashMap<>();
  private final Map<Long, BucketConfiguration> configurations = new ConcurrentHashMap<>();
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final Map<String, Used> usage = new ConcurrentHashMap<>();

  /** The contender on {@code dataSource}, a pool of a {@code database} that Bucket4j supports. */
  Bucket4jContender(String database, DataSource dataSource) {
    this.dataSource = dataSource;
    this.buckets = switch (database) {
      case BenchDatabase.POSTGRESQL -> Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
          .table(TABLE).idColumn("id").stateColumn("state").build();
      case BenchDatabase.MARIADB -> Bucket4jMySQL.selectForUpdateBasedBuilder(dataSource)
          .table(TABLE).idColumn("id").stateColumn("state").build();
      default -> throw new IllegalArgumentException("Bucket4j has no backend for " + database);
    };
  }

  /** Whether Bucket4j has a backend for {@code database}. */
  static boolean supports(String database) {
    return database.equals(BenchDatabase.POSTGRESQL) || database.equals(BenchDatabase.MARIADB);
  }

  /** Creates the bucket table in {@code database}, the layout Bucket4j documents for it. */
  static void createTable(BenchDatabase database) {
    String state = database.name().equals(BenchDatabase.MARIADB) ? "blob" : "bytea";
    database.execute("create table " + TABLE + " (id bigint primary key, state " + state + ")");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean mustBeExact() {
    return false;
  }

  @Override
  public void prepare(ClinicSet set) {
    if (prepared.add(set.prefix())) {
      insertRows(set);
      Parallel.forEach(set.size(), i -> bucket(set, i).getAvailableTokens());
    }
  }

  @Override
  public Attempt attempt(ClinicSet set, int index, String key) {
    boolean granted = bucket(set, index).tryConsume(UNIT_MILLI);
    used(set).touched.set(index, 1);
    return granted ? Attempt.granted(UNIT_MILLI) : Attempt.REFUSED;
  }

  /**
   * Reads the buckets called since the last read (reading all 10,000 takes seconds, each read
   * being a locking transaction) and sums what every bucket of the set has given out.
   */
  @Override
  public long stored(ClinicSet set) {
    Used used = used(set);
    Parallel.forEach(set.size(), i -> {
      if (used.touched.getAndSet(i, 0) == 1) {
        used.given.set(i, set.quotaMilli() - bucket(set, i).getAvailableTokens());
      }
    });
    long total = 0;
    for (int i = 0; i < set.size(); i++) {
      total += used.given.get(i);
    }
    return total;
  }

  private Used used(ClinicSet set) {
    return usage.computeIfAbsent(set.prefix(), p -> new Used(set.size()));
  }

  /** Per bucket of a set: called since the last read, and what it had given out then. */
  private static final class Used {
    final AtomicIntegerArray touched;
    final AtomicLongArray given;

    Used(int size) {
      touched = new AtomicIntegerArray(size);
      given = new AtomicLongArray(size);
    }
  }

  /**
   * Inserts the set's bucket rows with an empty state, the row Bucket4j's own first call inserts
   * before it locks it and writes the state, in statements of 1,000 rows: when 32 threads each
   * insert a new row next to the others' and lock it, InnoDB's gap locks stall MariaDB for minutes.
   */
  private void insertRows(ClinicSet set) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (int from = 0; from < set.size(); from += 1000) {
        StringBuilder sql = new StringBuilder("insert into " + TABLE + " (id, state) values ");
        for (int i = from; i < Math.min(set.size(), from + 1000); i++) {
          sql.append(i > from ? "," : "").append('(').append(key(set, i)).append(", null)");
        }
        st.executeUpdate(sql.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("inserting the buckets of " + set.prefix(), e);
    }
  }

  private static long key(ClinicSet set, int index) {
    return ((set.prefix().hashCode() & 0x7fff_ffffL) << 20) | index;
  }

  private BucketProxy bucket(ClinicSet set, int index) {
    long key = key(set, index);
    BucketConfiguration configuration = configuration(set);
    return proxies.computeIfAbsent(key, k -> buckets.builder().build(k, () -> configuration));
  }

  private BucketConfiguration configuration(ClinicSet set) {
    return configurations.computeIfAbsent(set.quotaMilli(), quota -> BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(quota).refillIntervally(quota, Duration.ofDays(3650)))
        .build());
  }
}
