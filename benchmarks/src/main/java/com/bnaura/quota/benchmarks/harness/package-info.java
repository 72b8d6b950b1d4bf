/**
 * The load harness: ours, the hand-written floor, Bucket4j's PostgreSQL backend and the old
 * read-then-write pattern, called by N threads on PostgreSQL and H2, with HdrHistogram latencies,
 * a granted-against-stored check in every case, a JDBC statement count and a JFR CPU profile.
 * Entry point: {@link com.bnaura.quota.benchmarks.harness.LoadHarness}.
 */
package com.bnaura.quota.benchmarks.harness;
