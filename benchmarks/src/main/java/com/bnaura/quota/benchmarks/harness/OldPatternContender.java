package com.bnaura.quota.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The old system's pattern: read the usage, check it against the quota in the application, then
 * write back the value read plus what was asked, each statement in its own autocommit transaction
 * and nothing locked in between. Concurrent callers overwrite each other: updates are lost and
 * more is granted than the quota allows.
 *
 * <pre>
 * SELECT current_usage, quota_limit FROM bench_old_usage WHERE clinic_id = ?
 * -- if current_usage + n &lt;= quota_limit:
 * UPDATE bench_old_usage SET current_usage = :read_plus_n WHERE clinic_id = ?
 * </pre>
 */
final class OldPatternContender implements Contender {

  /** The contender's name. */
  static final String NAME = "old-pattern";

  /** Its table. */
  static final String TABLE = "bench_old_usage";

  private static final String SELECT = "select current_usage, quota_limit from " + TABLE
      + " where clinic_id = ?";
  private static final String UPDATE = "update " + TABLE + " set current_usage = ? where clinic_id = ?";

  private final BenchDatabase database;
  private final DataSource dataSource;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  OldPatternContender(BenchDatabase database, DataSource dataSource) {
    this.database = database;
    this.dataSource = dataSource;
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
      SqlTables.insert(dataSource, TABLE, set);
    }
  }

  @Override
  public Attempt attempt(ClinicSet set, int index, String key) {
    String clinic = set.id(index);
    try (Connection c = dataSource.getConnection()) {
      long used;
      long quota;
      try (PreparedStatement read = c.prepareStatement(SELECT)) {
        read.setString(1, clinic);
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no usage row for " + clinic);
          }
          used = rs.getLong(1);
          quota = rs.getLong(2);
        }
      }
      if (used + UNIT_MILLI > quota) {
        return Attempt.REFUSED;
      }
      try (PreparedStatement write = c.prepareStatement(UPDATE)) {
        write.setLong(1, used + UNIT_MILLI);
        write.setString(2, clinic);
        write.executeUpdate();
      }
      return Attempt.granted(UNIT_MILLI);
    } catch (SQLException e) {
      throw new IllegalStateException("old-pattern read/write failed: " + e, e);
    }
  }

  @Override
  public long stored(ClinicSet set) {
    return SqlTables.used(database, TABLE, set);
  }
}
