package com.bnaura.quota.benchmarks;

import com.bnaura.quota.benchmarks.state.DashboardState;
import com.bnaura.quota.benchmarks.state.ThreadKeys;
import com.bnaura.quota.benchmarks.state.ZipfCursor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The quota status read on the dashboard mix (SPEC §6, §8): the cached {@code status(clinicId)} of
 * 10,000 clinics on the in-memory store, read with Zipf skew by one thread while another charges a
 * Zipf-drawn clinic every millisecond. The figure that matters is {@code dashboard:read}; {@code
 * dashboard:write} only paces the writes. The status cache's hit rate is printed after each
 * iteration (see {@code DashboardState}).
 *
 * <p>Run it alone (the full suite is {@code ./mvnw -B -Pbench -pl benchmarks -am verify
 * -DskipTests}):
 *
 * <pre>
 * ./mvnw -B -Pbench -pl benchmarks -am verify -DskipTests \
 *     -Dbench.args="--jmh full --jmh-include StatusReadBenchmark --databases none"
 * </pre>
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StatusReadBenchmark {

  /** A dashboard polls the status of a Zipf-drawn clinic. */
  @Benchmark
  @Group("dashboard")
  @GroupThreads(1)
  public Object read(DashboardState dashboard, ZipfCursor cursor) {
    return dashboard.readStatus(dashboard.clinic(cursor.next()));
  }

  /** Now and then a clinic is charged, which a cached read must see. */
  @Benchmark
  @Group("dashboard")
  @GroupThreads(1)
  public Object write(DashboardState dashboard, ZipfCursor cursor, ThreadKeys keys) {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(dashboard.writePauseMicros));
    return dashboard.write(cursor.next(), keys.nextKey());
  }
}
