/**
 * The JDBC store's implementation: not API. {@code ClinicLoader} loads a clinic in one statement,
 * {@code SingleStatementWriteSets} writes a write-set in one statement on PostgreSQL and H2,
 * {@code WriteSetStatements} as one batch on MariaDB, {@code JdbcStoreSupport} runs them in a
 * transaction and {@code GroupCommit} shares one transaction among concurrent callers;
 * {@code RecordMappers} converts rows, {@code Dialects} holds every database difference, {@code
 * SqlFailures} decides what is retried, {@code DurabilityCheck} finds out and keeps what an
 * acknowledged commit survives.
 */
package com.bnaura.quota.jdbc.internal;
