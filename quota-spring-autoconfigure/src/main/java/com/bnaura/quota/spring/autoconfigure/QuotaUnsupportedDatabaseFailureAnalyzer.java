package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.jdbc.UnsupportedDatabaseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the application's DataSource is a database the quota
 * store does not run on, which databases it does, and how to point it at one.
 */
final class QuotaUnsupportedDatabaseFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsupportedDatabaseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedDatabaseException cause) {
    String found = cause.product().isEmpty() ? "the SQL dialect " + cause.dialect()
        : cause.product();
    String description = "Aura Quota's JDBC store runs on " + UnsupportedDatabaseException.SUPPORTED
        + ", but the application's DataSource is " + found + ".";
    String action = "Point the DataSource at a supported database, for example "
        + "spring.datasource.url=jdbc:postgresql://localhost:5432/app, "
        + "jdbc:mariadb://localhost:3306/app or jdbc:h2:file:./data/app (with its driver on the "
        + "class path); with several DataSources, name the quota one with "
        + QuotaDataSourceException.PROPERTY + ". Or define your own QuotaStore bean, or set "
        + QuotaProperties.PREFIX + ".enabled=false.";
    return new FailureAnalysis(description, action, cause);
  }
}
