/**
 * Relational storage for Aura Quota through jOOQ: {@link com.bnaura.quota.jdbc.JdbcQuotaStore} on
 * H2 (the embedded default), PostgreSQL or MariaDB, and {@link
 * com.bnaura.quota.jdbc.JdbcQuotaSchema} for its Flyway migrations.
 *
 * <pre>{@code
 * QuotaService quotas = QuotaService.builder()
 *     .store(JdbcQuotaStore.builder(dataSource).build())
 *     .build();
 * }</pre>
 */
package com.bnaura.quota.jdbc;
