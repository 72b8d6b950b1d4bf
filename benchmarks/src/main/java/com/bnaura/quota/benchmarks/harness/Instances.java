package com.bnaura.quota.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several instances on one PostgreSQL: for each case (HOT and SPREAD), each of ours' contenders
 * and each instance count N, N child JVMs ({@link InstanceMain}, the harness's own classpath) run
 * the case at once, each with its own engine and pool on the harness's schema. The parent sums
 * their throughput, keeps each one's p99 and retries, checks that together they granted exactly
 * what the database stored, and reads the CPU of the machine and of the server's processes over
 * the measurement window. The server runs on the same machine as the instances: the machine's CPU
 * includes theirs.
 */
final class Instances {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final long READY_TIMEOUT_SECONDS = 120;

  private Instances() {}

  /**
   * Runs every combination on {@code db}: each case of {@code sets} on its clinics, which {@code
   * engine} registers first; the server's processes are named {@code serverCommand}.
   */
  static List<InstanceRun> run(BenchDatabase db, OursEngine engine, HarnessOptions options,
      Map<CaseKind, ClinicSet> sets, String serverCommand) {
    List<InstanceRun> runs = new ArrayList<>();
    for (Map.Entry<CaseKind, ClinicSet> e : sets.entrySet()) {
      CaseKind kind = e.getKey();
      ClinicSet set = e.getValue();
      engine.prepare(set);
      for (String contender : options.instanceContenders()) {
        for (int n : options.instances()) {
          InstanceRun run = once(db, engine, options, set, kind, contender, n, serverCommand);
          runs.add(run);
          LoadHarness.say(String.format(Locale.ROOT,
              "  %d instance(s) %-7s %-16s %9.0f ops/s in all, p99 %s us, conflicts %d (locked runs"
                  + " %d), store retries %d, machine CPU"
                  + " %.0f%%, server CPU %.0f%%%s",
              n, kind, contender, run.totalOpsPerSec(), run.p99Us().stream()
                  .map(p -> String.format(Locale.ROOT, "%.0f", p)).toList(), run.conflicts(),
              run.lockedRuns(), run.retries(),
              run.machineCpuPercent(), run.serverCpuPercent(),
              run.exact() ? "" : "  NOT EXACT: granted " + Report.units(run.grantedMilli())
                  + " stored " + Report.units(run.storedMilli()) + " held "
                  + Report.units(run.heldMilli()) + " errors " + run.errors()));
        }
      }
    }
    return runs;
  }

  private static InstanceRun once(BenchDatabase db, OursEngine engine, HarnessOptions options,
      ClinicSet set, CaseKind kind, String contender, int n, String serverCommand) {
    long stored0 = engine.stored(set);
    List<Process> processes = new ArrayList<>();
    List<CompletableFuture<String>> outputs = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(n);
    ExecutorService readers = Executors.newFixedThreadPool(n);
    try {
      for (int i = 0; i < n; i++) {
        Process p = start(db, options, set, kind, contender, i);
        processes.add(p);
        outputs.add(CompletableFuture.supplyAsync(() -> read(p, ready), readers));
      }
      if (!ready.await(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(n + " instances were not ready within "
            + READY_TIMEOUT_SECONDS + " s");
      }
      for (Process p : processes) {
        OutputStream go = p.getOutputStream();
        go.write("go\n".getBytes(StandardCharsets.UTF_8));
        go.flush();
      }
      // each instance measures from 50 ms after its start plus the warm-up (CaseRunner)
      TimeUnit.MILLISECONDS.sleep(options.instanceWarmupMillis() + 50);
      long machine0 = CpuClock.machineBusyNanos();
      Map<Long, Long> server0 = CpuClock.processNanos(serverCommand);
      long t0 = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(options.durationMillis());
      long machine1 = CpuClock.machineBusyNanos();
      Map<Long, Long> server1 = CpuClock.processNanos(serverCommand);
      double window = (System.nanoTime() - t0) * (double) Runtime.getRuntime().availableProcessors();
      List<Map<String, Object>> perInstance = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!processes.get(i).waitFor(options.durationMillis() + 120_000, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("instance " + i + " did not finish");
        }
        String out = outputs.get(i).join();
        if (processes.get(i).exitValue() != 0) {
          throw new IllegalStateException("instance " + i + " exited with "
              + processes.get(i).exitValue() + ": " + out);
        }
        perInstance.add(figures(out));
      }
      long stored = engine.stored(set) - stored0;
      return new InstanceRun(kind, contender, n, options.instanceThreads(),
          perInstance.stream().mapToDouble(m -> number(m, "opsPerSec")).sum(),
          perInstance.stream().map(m -> (long) number(m, "ops")).toList(),
          perInstance.stream().map(m -> number(m, "p99Us")).toList(),
          perInstance.stream().mapToLong(m -> (long) number(m, "grantedMilli")).sum(), stored,
          engine.held(set),
          perInstance.stream().mapToLong(m -> (long) number(m, "retries")).sum(),
          perInstance.stream().mapToLong(m -> (long) number(m, "conflicts")).sum(),
          perInstance.stream().mapToLong(m -> (long) number(m, "lockedRuns")).sum(),
          perInstance.stream().mapToLong(m -> (long) number(m, "errors")).sum(),
          machine0 < 0 ? -1 : 100.0 * (machine1 - machine0) / window,
          server1.isEmpty() ? -1 : 100.0 * CpuClock.used(server0, server1) / window,
          perInstance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      processes.forEach(Process::destroy);
      readers.shutdownNow();
    }
  }

  private static Process start(BenchDatabase db, HarnessOptions options, ClinicSet set,
      CaseKind kind, String contender, int instance) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms256m", "-Xmx512m", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
        "-cp", System.getProperty("java.class.path"),
        InstanceMain.class.getName(),
        "--case", kind.name(), "--contender", contender,
        "--threads", Integer.toString(options.instanceThreads()),
        "--prefix", set.prefix(), "--clinics", Integer.toString(set.size()),
        "--warmup-ms", Long.toString(options.instanceWarmupMillis()),
        "--duration-ms", Long.toString(options.durationMillis()),
        "--instance", Integer.toString(instance));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(InstanceMain.URL_ENV, db.jdbcUrl());
    return builder.start();
  }

  /**
   * Reads an instance's stdout: counts {@code ready} down at its ready line (or at its end, when
   * the instance died first), returns the rest.
   */
  private static String read(Process p, CountDownLatch ready) {
    StringBuilder rest = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      boolean seen = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!seen && line.equals(InstanceMain.READY)) {
          seen = true;
          ready.countDown();
        } else {
          rest.append(line).append('\n');
        }
      }
      if (!seen) {
        ready.countDown();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rest.toString();
  }

  /** The figures an instance printed after its ready line: the JSON object of its run. */
  static Map<String, Object> figures(String out) {
    return JSON.readValue(out, new TypeReference<Map<String, Object>>() {});
  }

  private static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalStateException("an instance printed no number " + key + ": " + m);
    }
    return n.doubleValue();
  }
}
