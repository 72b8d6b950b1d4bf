package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaStoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates and upgrades the app's own tables with Flyway at start-up: the scripts in {@code
 * classpath:db/clinic-app}, their history in {@value #HISTORY_TABLE}. The quota store keeps its
 * tables and history ({@code quota_schema_history}) apart, so neither migration sees the other's.
 */
@Component
class AppSchema {

  /** The table that records which of the app's migrations ran. */
  static final String HISTORY_TABLE = "clinic_app_schema_history";

  private static final Logger log = LoggerFactory.getLogger(AppSchema.class);

  AppSchema(DataSource dataSource) {
    try {
      MigrateResult result = Flyway.configure(AppSchema.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/clinic-app")
          .table(HISTORY_TABLE)
          // the schema may already hold the quota store's tables; version 0 leaves V1 to run
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        log.info("clinic app schema migrated to version {}", result.targetSchemaVersion);
      }
    } catch (RuntimeException e) {
      throw new QuotaStoreException("migrate the clinic app's schema", e);
    }
  }

  /** Marks a dependency: a bean that takes this one runs after the migration. */
  void requireMigrated() {
    // the constructor migrated or failed the start-up
  }
}
