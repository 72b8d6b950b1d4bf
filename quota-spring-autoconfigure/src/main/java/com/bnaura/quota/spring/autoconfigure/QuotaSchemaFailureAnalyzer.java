package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.jdbc.QuotaSchemaException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the quota tables could not be created or upgraded:
 * which migration failed, the database's own message, and what to do. Without quota-jdbc on the
 * class path Spring Boot skips this analyzer, as it skips any it cannot load.
 */
final class QuotaSchemaFailureAnalyzer extends AbstractFailureAnalyzer<QuotaSchemaException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, QuotaSchemaException cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String migration = cause.failedMigration()
        .map(m -> "Migration " + m + " of the quota tables failed")
        .orElse("The quota tables could not be migrated");
    // the database's own words; H2 appends the whole script after the first line
    String reason = root.getMessage() == null ? root.toString()
        : root.getMessage().lines().findFirst().orElse(root.toString());
    String description = migration + " (scripts: " + cause.vendor() + ", " + cause.location()
        + ", history table " + cause.historyTable() + "): " + reason;
    String action = "Fix the cause the database gave above and start again: the migrations that "
        + "succeeded are kept and the failed one runs again. If it failed part-way on MariaDB "
        + "(its DDL is not transactional), undo what it created and delete its failed row from "
        + cause.historyTable() + " first. If a checksum mismatch is reported, the database was "
        + "migrated by other scripts: check " + QuotaProperties.PREFIX + ".jdbc.table-prefix and "
        + QuotaProperties.PREFIX + ".jdbc.schema point at this application's tables. To manage "
        + "the schema yourself, set " + QuotaProperties.PREFIX + ".jdbc.migrate=false.";
    return new FailureAnalysis(description, action, cause);
  }
}
