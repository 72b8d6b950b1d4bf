package com.bnaura.quota.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The floor: what a careful developer writes by hand, one autocommit conditional update. It grants
 * exactly what it stores, but keeps no ledger, no idempotency and no periods. On H2 it runs on a
 * database with {@code WRITE_DELAY=0}, the durability our store forces on H2 (every commit written
 * to the file before it returns); {@value #WRITE_DELAY_NAME} is the same update on an H2 database
 * of its own that keeps H2's default write delay, for comparison.
 *
 * <pre>
 * UPDATE bench_floor_usage SET current_usage = current_usage + ?
 *  WHERE clinic_id = ? AND current_usage + ? &lt;= quota_limit
 * </pre>
 */
final class FloorContender implements Contender {

  /** The contender's name. */
  static final String NAME = "floor";

  /** The name of the floor on an H2 database that keeps H2's default write delay. */
  static final String WRITE_DELAY_NAME = "floor-write-delay";

  /** Its table. */
  static final String TABLE = "bench_floor_usage";

  private static final String UPDATE = "update " + TABLE
      + " set current_usage = current_usage + ? where clinic_id = ? and current_usage + ? <= quota_limit";

  private final String name;
  private final BenchDatabase database;
  private final DataSource dataSource;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  /** The floor named {@code name} on {@code dataSource}, a pool of {@code database}. */
  FloorContender(String name, BenchDatabase database, DataSource dataSource) {
    this.name = name;
    this.database = database;
    this.dataSource = dataSource;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean mustBeExact() {
    return true;
  }

  @Override
  public void prepare(ClinicSet set) {
    if (prepared.add(set.prefix())) {
      SqlTables.insert(dataSource, TABLE, set);
    }
  }

  @Override
  public Attempt attempt(ClinicSet set, int index, String key) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setLong(1, UNIT_MILLI);
      ps.setString(2, set.id(index));
      ps.setLong(3, UNIT_MILLI);
      return ps.executeUpdate() == 1 ? Attempt.granted(UNIT_MILLI) : Attempt.REFUSED;
    } catch (SQLException e) {
      throw new IllegalStateException("floor update failed: " + e, e);
    }
  }

  @Override
  public long stored(ClinicSet set) {
    return SqlTables.used(database, TABLE, set);
  }
}
