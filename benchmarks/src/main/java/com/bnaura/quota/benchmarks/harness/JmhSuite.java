package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.benchmarks.state.CacheReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and turns their results into JSON rows: {@code full} runs them as
 * annotated (forked JVM, 3 warm-up and 5 measured one-second iterations); {@code smoke} runs each
 * once for 200 ms in this JVM with few clinics, only to prove they still work.
 */
final class JmhSuite {
  /** Every benchmark of the module. */
  static final String ALL = "com\\.bnaura\\.quota\\.benchmarks\\.(StatusRead|Consume|ReserveCommit)Benchmark";

  private JmhSuite() {}

  /** What one run measured. */
  record Outcome(List<Map<String, Object>> rows, Optional<Double> statusHitRate,
      Optional<String> statusCacheStats, List<String> statusCacheIterations) {}

  static Outcome run(String mode, String include, Path cacheReport) {
    try {
      Files.deleteIfExists(cacheReport);
      Files.createDirectories(cacheReport.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(include == null || include.isBlank() ? ALL : include)
        .shouldFailOnError(true);
    String property = CacheReport.FILE_PROPERTY + "=" + cacheReport.toAbsolutePath();
    if (mode.equals("smoke")) {
      System.setProperty(CacheReport.FILE_PROPERTY, cacheReport.toAbsolutePath().toString());
      options.forks(0)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200))
          .param("clinics", "100");
    } else {
      options.jvmArgsAppend("-D" + property, "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true");
    }
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    } finally {
      if (mode.equals("smoke")) {
        System.clearProperty(CacheReport.FILE_PROPERTY);
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.',
          params.getBenchmark().lastIndexOf('.') - 1) + 1);
      // a group reports each of its methods as a secondary result; SampleTime adds percentiles
      List<String> methods = r.getSecondaryResults().keySet().stream()
          .filter(label -> !label.contains(":") && !label.matches("p\\d.*"))
          .toList();
      if (methods.isEmpty()) {
        rows.add(row(name, params.getMode(), r.getPrimaryResult()));
      }
      for (String label : methods) {
        rows.add(row(name + ":" + label, params.getMode(), r.getSecondaryResults().get(label)));
      }
    }
    List<String[]> reports = reports(cacheReport);
    Optional<String[]> last = reports.isEmpty() ? Optional.empty()
        : Optional.of(reports.get(reports.size() - 1));
    Optional<Double> rate = last.filter(f -> f.length > 1 && !f[1].equals("n/a"))
        .map(f -> Double.valueOf(f[1]));
    return new Outcome(rows, rate, last.filter(f -> f.length > 2).map(f -> f[2]),
        reports.stream().map(f -> String.join(" ", f)).toList());
  }

  private static Map<String, Object> row(String name, Mode mode,
      org.openjdk.jmh.results.Result<?> result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", name);
    m.put("mode", mode.shortLabel());
    m.put("unit", result.getScoreUnit());
    m.put("score", result.getScore());
    double toMicros = toMicros(result.getScoreUnit());
    if (mode == Mode.SampleTime) {
      var stats = result.getStatistics();
      m.put("samples", stats.getN());
      m.put("p50Us", stats.getPercentile(50) * toMicros);
      m.put("p99Us", stats.getPercentile(99) * toMicros);
      m.put("p999Us", stats.getPercentile(99.9) * toMicros);
    } else if (mode == Mode.Throughput) {
      m.put("opsPerSec", result.getScore() * perSecond(result.getScoreUnit()));
    }
    return m;
  }

  /** The factor from a JMH time unit ("us/op", "ms/op", "ns/op") to microseconds. */
  private static double toMicros(String unit) {
    if (unit.startsWith("ns")) {
      return 1e-3;
    } else if (unit.startsWith("ms")) {
      return 1e3;
    } else if (unit.startsWith("s/")) {
      return 1e6;
    }
    return 1;
  }

  /** The factor from a JMH throughput unit ("ops/us", "ops/ms", "ops/s") to operations a second. */
  private static double perSecond(String unit) {
    if (unit.endsWith("/us")) {
      return 1e6;
    } else if (unit.endsWith("/ns")) {
      return 1e9;
    } else if (unit.endsWith("/ms")) {
      return 1e3;
    }
    return 1;
  }

  /** Every report line of the status cache, one per iteration, warm-up included. */
  private static List<String[]> reports(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .map(line -> line.split("\t", 3))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
