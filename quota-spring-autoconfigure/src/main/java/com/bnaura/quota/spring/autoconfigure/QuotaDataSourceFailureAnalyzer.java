package com.bnaura.quota.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the quota store could not choose among the
 * application's DataSources, and how to name the one it uses.
 */
final class QuotaDataSourceFailureAnalyzer
    extends AbstractFailureAnalyzer<QuotaDataSourceException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, QuotaDataSourceException cause) {
    String candidates = String.join(", ", cause.candidates());
    String description = cause.requested() == null
        ? "Aura Quota keeps its balances in one DataSource, but the application defines "
            + cause.candidates().size() + " (" + candidates + ") and none is @Primary, so it "
            + "cannot tell which one holds the quota tables."
        : QuotaDataSourceException.PROPERTY + " is '" + cause.requested() + "', but no "
            + "DataSource bean has that name. The DataSources are: " + candidates + ".";
    String first = cause.candidates().isEmpty() ? "quotaDataSource" : cause.candidates().get(0);
    String action = "Name the DataSource of the quota tables with the property "
        + QuotaDataSourceException.PROPERTY + " (for example " + QuotaDataSourceException.PROPERTY
        + "=" + first + "), or mark one DataSource @Primary, or define your own QuotaStore bean "
        + "(JdbcQuotaStore.builder(dataSource).build()).";
    return new FailureAnalysis(description, action, cause);
  }
}
