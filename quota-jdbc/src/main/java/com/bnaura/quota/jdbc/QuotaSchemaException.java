package com.bnaura.quota.jdbc;

import com.bnaura.quota.QuotaStoreException;
import java.util.Optional;

/**
 * Thrown when the store's tables could not be created or upgraded: a migration script failed, or
 * the migration history does not match the scripts (a script of an applied version changed, a
 * version failed earlier and was left marked failed). It names the database vendor, the {@link
 * TableLocation}, the history table and, when one was running, the migration that failed.
 */
public final class QuotaSchemaException extends QuotaStoreException {
  private static final long serialVersionUID = 1L;

  private final String vendor;
  private final String location;
  private final String historyTable;
  private final String failedMigration;

  QuotaSchemaException(String vendor, TableLocation location, String failedMigration,
      RuntimeException cause) {
    super("migrate quota schema (" + vendor + ", " + location
        + (failedMigration == null ? "" : ", migration " + failedMigration) + ")", cause);
    this.vendor = vendor;
    this.location = location.toString();
    this.historyTable = location.historyTable();
    this.failedMigration = failedMigration;
  }

  /** The folder of scripts that ran: {@code standard} (H2, PostgreSQL) or {@code mariadb}. */
  public String vendor() {
    return vendor;
  }

  /** Where the tables are, as {@link TableLocation#toString()} prints it. */
  public String location() {
    return location;
  }

  /** The Flyway history table of the store's migrations. */
  public String historyTable() {
    return historyTable;
  }

  /**
   * The migration that failed, for example {@code 5 (V5__example.sql)}, or empty when none was
   * running (the history did not validate, the database could not be reached).
   */
  public Optional<String> failedMigration() {
    return Optional.ofNullable(failedMigration);
  }
}
