/**
 * The JDBC store's implementation: not API. {@code ClinicLoader} loads a clinic in one statement,
 * {@code PostgresWriteSets} writes a write-set in one statement on PostgreSQL and {@code
 * WriteSetStatements} as one batch on H2 and MariaDB, {@code JdbcStoreSupport} runs them in a
 * transaction and {@code GroupCommit} shares one transaction among concurrent callers;
 * {@code RecordMappers} converts rows, {@code Dialects} holds every database difference, {@code
 * SqlFailures} decides what is retried, {@code DurabilityCheck} finds out and keeps what an
 * acknowledged commit survives.
 */
package com.bnaura.quota.jdbc.internal;
