/**
 * The load harness: ours (consume, reserve then commit, and the clinic app's scan with new and
 * repeat customers), the hand-written floor, Bucket4j's PostgreSQL and MySQL backends and the old
 * read-then-write pattern, called by N threads on PostgreSQL, H2 and MariaDB, with HdrHistogram
 * latencies, a granted-against-stored check in every case, JDBC statement counts per contender and
 * per operation, several instances at once on one PostgreSQL, a JFR CPU profile, and the redesign's
 * targets ({@link com.bnaura.quota.benchmarks.harness.Targets}). Entry point: {@link
 * com.bnaura.quota.benchmarks.harness.LoadHarness}.
 */
package com.bnaura.quota.benchmarks.harness;
