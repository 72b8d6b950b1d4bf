package com.bnaura.quota.jdbc;

import com.bnaura.quota.jdbc.internal.Dialects;
import com.bnaura.quota.jdbc.internal.PrefixedScripts;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.SQLDialect;

/**
 * Creates and upgrades the store's tables with Flyway, apart from the host's own migrations.
 *
 * <p>The scripts live in {@code classpath:com/bnaura/quota/jdbc/schema/standard} (H2 and PostgreSQL)
 * and {@code .../schema/mariadb}, and their history in the table {@value #HISTORY_TABLE}, so
 * a host application's Flyway (which reads {@code db/migration} and {@code flyway_schema_history})
 * never sees them. Tables: {@code quota_clinic_account}, {@code usage_metrics}, {@code
 * quota_reservation}, {@code quota_idempotency}, {@code quota_repeat_window}, {@code ai_usage_logs},
 * {@code quota_billing_line}, {@code quota_grant}, {@code quota_auto_top_up}, {@code
 * quota_payment}, {@code quota_usage_counter}, {@code quota_budget}, {@code quota_event} (the
 * outbox) and {@code quota_lease}.
 *
 * <p>A {@link TableLocation} puts them elsewhere: with a table prefix every table, constraint and
 * index name and the history table take the prefix, and with a schema the tables and their
 * history are created in that schema (created first if it does not exist). A store built over the
 * same database must be given the same location. Without either, the scripts run exactly as they
 * are written, so a database migrated before the option existed validates and upgrades unchanged.
 */
public final class JdbcQuotaSchema {

  /** The table that records which of the store's migrations ran. */
  public static final String HISTORY_TABLE = "quota_schema_history";

  private JdbcQuotaSchema() {}

  /**
   * Migrates the schema of {@code dataSource} to the latest version, detecting the dialect.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws QuotaSchemaException if a migration fails or the history does not validate
   */
  public static List<String> migrate(DataSource dataSource) {
    return migrate(dataSource, Dialects.detect(dataSource));
  }

  /**
   * Migrates the schema of {@code dataSource}, a database of {@code dialect}, to the latest version.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws QuotaSchemaException if a migration fails or the history does not validate
   */
  public static List<String> migrate(DataSource dataSource, SQLDialect dialect) {
    return migrate(dataSource, dialect, TableLocation.DEFAULT);
  }

  /**
   * Migrates the store's tables at {@code location} in {@code dataSource}, a database of {@code
   * dialect}, to the latest version.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws QuotaSchemaException if a migration fails or the history does not validate
   */
  public static List<String> migrate(DataSource dataSource, SQLDialect dialect,
      TableLocation location) {
    String vendor = Dialects.vendor(Dialects.supported(dialect));
    Flyway flyway = configure(dataSource, dialect, location).load();
    try {
      MigrateResult result = flyway.migrate();
      return result.migrations.stream().map(m -> m.version).toList();
    } catch (RuntimeException e) {
      throw new QuotaSchemaException(vendor, location, failedMigration(flyway), e);
    }
  }

  /**
   * The migration a failed {@code migrate} stopped at: the one the history marks failed (a
   * database whose DDL is not transactional, MariaDB, records it) or else the first pending one (a
   * transactional database rolled it back); null when there is none or the history cannot be read.
   */
  private static String failedMigration(Flyway flyway) {
    try {
      return Arrays.stream(flyway.info().all())
          .filter(m -> m.getState().isFailed() || m.getState() == MigrationState.PENDING)
          .findFirst()
          .map(m -> m.getVersion() + " (" + m.getScript() + ")")
          .orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The Flyway configuration that migrates the tables at {@code location}. */
  static FluentConfiguration configure(DataSource dataSource, SQLDialect dialect,
      TableLocation location) {
    String folder = "com/bnaura/quota/jdbc/schema/" + Dialects.vendor(Dialects.supported(dialect));
    ClassLoader loader = JdbcQuotaSchema.class.getClassLoader();
    FluentConfiguration flyway = Flyway.configure(loader)
        .dataSource(dataSource)
        .table(location.historyTable())
        .baselineOnMigrate(true)
        .baselineVersion("0");
    if (location.tablePrefix().isEmpty()) {
      flyway.locations("classpath:" + folder);
    } else {
      flyway.resourceProvider(new PrefixedScripts(loader, folder, location.tablePrefix()));
    }
    if (!location.schema().isEmpty()) {
      flyway.schemas(Dialects.unquoted(dialect, location.schema()));
    }
    return flyway;
  }
}
