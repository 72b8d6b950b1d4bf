package com.bnaura.quota.jdbc;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.jdbc.internal.Dialects;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.SQLDialect;

/**
 * Creates and upgrades the store's tables with Flyway, apart from the host's own migrations.
 *
 * <p>The scripts live in {@code classpath:com/bnaura/quota/jdbc/schema/standard} (H2 and PostgreSQL)
 * and {@code .../schema/mariadb}, and their history in the table {@value #HISTORY_TABLE}, so
 * a host application's Flyway (which reads {@code db/migration} and {@code flyway_schema_history})
 * never sees them. Tables: {@code quota_clinic_account}, {@code usage_metrics}, {@code
 * quota_reservation}, {@code quota_idempotency}, {@code quota_repeat_window}, {@code ai_usage_logs}
 * and {@code quota_billing_line}.
 */
public final class JdbcQuotaSchema {

  /** The table that records which of the store's migrations ran. */
  public static final String HISTORY_TABLE = "quota_schema_history";

  private JdbcQuotaSchema() {}

  /**
   * Migrates the schema of {@code dataSource} to the latest version, detecting the dialect.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws QuotaStoreException if a migration fails
   */
  public static List<String> migrate(DataSource dataSource) {
    return migrate(dataSource, Dialects.detect(dataSource));
  }

  /**
   * Migrates the schema of {@code dataSource}, a database of {@code dialect}, to the latest version.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws QuotaStoreException if a migration fails
   */
  public static List<String> migrate(DataSource dataSource, SQLDialect dialect) {
    String vendor = Dialects.vendor(Dialects.supported(dialect));
    try {
      MigrateResult result = Flyway.configure(JdbcQuotaSchema.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:com/bnaura/quota/jdbc/schema/" + vendor)
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      return result.migrations.stream().map(m -> m.version).toList();
    } catch (RuntimeException e) {
      throw new QuotaStoreException("migrate quota schema (" + vendor + ")", e);
    }
  }
}
