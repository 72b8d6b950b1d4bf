package com.bnaura.quota.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/** The embedded default's connection pool: an H2 file database behind HikariCP. */
public final class H2DataSources {
  private H2DataSources() {}

  /**
   * A pool over the H2 database file {@code quota} in {@code directory}, which is created if
   * missing. Lock waits allow ten seconds, so many threads on one clinic queue rather than fail.
   */
  public static HikariDataSource file(Path directory) {
    Path base = directory.toAbsolutePath().resolve("quota");
    HikariConfig config = new HikariConfig();
    config.setPoolName("aura-quota-h2");
    config.setJdbcUrl("jdbc:h2:file:" + base + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }
}
