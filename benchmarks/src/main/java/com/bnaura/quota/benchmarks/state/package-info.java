/**
 * The benchmarks' {@code @State} fixtures: services on the in-memory store and on embedded H2,
 * the dashboard mix with its Zipf skew, per-thread idempotency keys, and the benchmark catalog.
 */
package com.bnaura.quota.benchmarks.state;
