package com.bnaura.quota.spring.autoconfigure;

import java.util.List;

/**
 * The JDBC store cannot tell which of the application's DataSources to use: there are several and
 * none is primary, or {@code bnaura.quota.jdbc.data-source} names a bean that is not a DataSource.
 * {@link QuotaDataSourceFailureAnalyzer} turns it into the start-up report.
 */
final class QuotaDataSourceException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The property that names the store's DataSource. */
  static final String PROPERTY = QuotaProperties.PREFIX + ".jdbc.data-source";

  private final List<String> candidates;
  private final String requested;

  private QuotaDataSourceException(String message, List<String> candidates, String requested) {
    super(message);
    this.candidates = List.copyOf(candidates);
    this.requested = requested;
  }

  /** Several DataSources, none primary, and {@value #PROPERTY} unset. */
  static QuotaDataSourceException ambiguous(List<String> candidates) {
    return new QuotaDataSourceException("the quota store needs one DataSource, but the "
        + "application has " + candidates.size() + " and none is primary: " + candidates
        + "; set " + PROPERTY, candidates, null);
  }

  /** {@value #PROPERTY} names {@code requested}, which is not a DataSource bean. */
  static QuotaDataSourceException unknown(String requested, List<String> candidates) {
    return new QuotaDataSourceException(PROPERTY + "=" + requested + " names no DataSource bean; "
        + "the DataSources are " + candidates, candidates, requested);
  }

  /** The names of the application's DataSource beans. */
  List<String> candidates() {
    return candidates;
  }

  /** The bean name {@value #PROPERTY} asked for, or null when it is unset. */
  String requested() {
    return requested;
  }
}
