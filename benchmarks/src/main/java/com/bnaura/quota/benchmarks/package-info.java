/**
 * JMH benchmarks of the quota engine: the status read on the dashboard mix, consume, and reserve
 * then commit, on the in-memory store and on embedded H2. Their {@code @State} fixtures live in
 * {@link com.bnaura.quota.benchmarks.state}; the side-by-side load harness against the floor,
 * Bucket4j and the old pattern in {@link com.bnaura.quota.benchmarks.harness}.
 *
 * <p>Everything runs with {@code ./mvnw -B -Pbench -pl benchmarks -am verify -DskipTests}; see
 * {@code benchmarks/README.md}.
 */
package com.bnaura.quota.benchmarks;
