package com.bnaura.quota.benchmarks;

import com.bnaura.quota.benchmarks.state.H2State;
import com.bnaura.quota.benchmarks.state.InMemoryState;
import com.bnaura.quota.benchmarks.state.ThreadKeys;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code tryConsume} of one clinical analysis (1 unit) with a new idempotency key, on a clinic
 * drawn uniformly from 1,000: on the in-memory store and on the embedded H2 file database. Every
 * call must be granted.
 *
 * <p>Run it alone (the full suite is {@code ./mvnw -B -Pbench -pl benchmarks -am verify
 * -DskipTests}):
 *
 * <pre>
 * ./mvnw -B -Pbench -pl benchmarks -am verify -DskipTests \
 *     -Dbench.args="--jmh full --jmh-include ConsumeBenchmark --databases none"
 * </pre>
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConsumeBenchmark {

  /** Consume on the in-memory store. */
  @Benchmark
  public Object inMemory(InMemoryState state, ThreadKeys keys) {
    return state.engine().consume(keys);
  }

  /** Consume on embedded H2. */
  @Benchmark
  public Object h2(H2State state, ThreadKeys keys) {
    return state.engine().consume(keys);
  }
}
