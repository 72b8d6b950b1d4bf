/**
 * The JDBC store's implementation: not API. {@code JdbcTransaction} buffers one clinic's
 * transaction, {@code RecordMappers} converts rows, {@code Dialects} holds every database
 * difference, {@code SqlFailures} decides what is retried, {@code DurabilityCheck} finds out and
 * keeps what an acknowledged commit survives.
 */
package com.bnaura.quota.jdbc.internal;
