package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.QuotaStoreException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;

/** The embedded default's connection pool: an H2 file database behind HikariCP. */
public final class H2DataSources {
  private H2DataSources() {}

  /**
   * A pool over the H2 database file {@code quota} in {@code directory}, which is created if
   * missing. {@code WRITE_DELAY=0} in the URL makes H2 write every commit to the file before the
   * commit returns, from the moment the database opens and on every connection (H2's default
   * writes it up to 500 ms later). Lock waits allow ten seconds, so many threads on one clinic
   * queue rather than fail. Each connection keeps 64 parsed statements ({@code QUERY_CACHE_SIZE};
   * H2 keeps 8), enough for every statement text the store sends.
   */
  public static HikariDataSource file(Path directory) {
    Path base = directory.toAbsolutePath().resolve("quota");
    HikariConfig config = new HikariConfig();
    config.setPoolName("aura-quota-h2");
    config.setJdbcUrl("jdbc:h2:file:" + base
        + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  /**
   * Turns a failure to open the database into a {@link QuotaStoreException} that says what to do,
   * naming the case of a file already opened by another process (H2 error 90020).
   */
  public static QuotaStoreException explain(Path directory, RuntimeException failure) {
    String where = "open H2 database in " + directory.toAbsolutePath();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
        return new QuotaStoreException(where, "the file is in use by another process. An H2 file "
            + "database serves one JVM; to share quota between application instances use "
            + "PostgreSQL or MariaDB (JdbcQuotaStore.builder(dataSource)), or give each instance "
            + "its own directory (system property aura.quota.h2.dir)");
      }
    }
    return new QuotaStoreException(where, failure);
  }
}
