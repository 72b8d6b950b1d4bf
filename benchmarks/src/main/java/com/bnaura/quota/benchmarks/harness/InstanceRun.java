package com.bnaura.quota.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code instances} child JVMs at once on one PostgreSQL schema, each calling one of
 * ours' contenders from its own engine and pool.
 *
 * @param kind the case, {@link CaseKind#HOT} or {@link CaseKind#SPREAD}
 * @param contender ours' contender every instance ran
 * @param instances how many JVMs ran at once
 * @param threadsPerInstance the calling threads of each
 * @param totalOpsPerSec the instances' calls per second, added up
 * @param opsPerInstance each instance's calls in its measurement window
 * @param p99Us each instance's p99 latency (0 for an instance that finished no call in its window)
 * @param grantedMilli what the instances said they granted, added up (warm-up included)
 * @param storedMilli what the database stored over the run
 * @param heldMilli what reservations still held after the run
 * @param retries the transactions and reads the instances' stores ran again after a transient
 *     failure, added up
 * @param conflicts the write-sets that met another instance's write and were decided again, added
 *     up
 * @param lockedRuns the batches decided and applied holding their clinic after conflicts in a
 *     row, added up
 * @param errors calls that threw, added up
 * @param machineCpuPercent the whole machine's busy CPU over the measurement window, in percent of
 *     all its cores (the client JVMs run on the same machine and are included)
 * @param serverCpuPercent the database server's processes' CPU over the window, in percent of all
 *     cores, or -1 if the server's processes are not visible
 * @param perInstance each instance's figures as it printed them
 */
record InstanceRun(
    CaseKind kind,
    String contender,
    int instances,
    int threadsPerInstance,
    double totalOpsPerSec,
    List<Long> opsPerInstance,
    List<Double> p99Us,
    long grantedMilli,
    long storedMilli,
    long heldMilli,
    long retries,
    long conflicts,
    long lockedRuns,
    long errors,
    double machineCpuPercent,
    double serverCpuPercent,
    List<Map<String, Object>> perInstance) {

  /** Copies. */
  InstanceRun {
    opsPerInstance = List.copyOf(opsPerInstance);
    p99Us = List.copyOf(p99Us);
    perInstance = List.copyOf(perInstance);
  }

  /** Whether the instances together granted exactly what the database stored and hold nothing. */
  boolean exact() {
    return grantedMilli == storedMilli && heldMilli == 0 && errors == 0;
  }

  /** Whether every instance finished calls in its measurement window, so its p99 is measured. */
  boolean measured() {
    return !opsPerInstance.isEmpty() && opsPerInstance.stream().allMatch(n -> n > 0);
  }

  /** The run as a JSON object. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", kind.name());
    m.put("contender", contender);
    m.put("instances", instances);
    m.put("threadsPerInstance", threadsPerInstance);
    m.put("totalOpsPerSec", totalOpsPerSec);
    m.put("opsPerInstance", opsPerInstance);
    m.put("p99UsPerInstance", p99Us);
    m.put("grantedMilli", grantedMilli);
    m.put("storedMilli", storedMilli);
    m.put("heldMilli", heldMilli);
    m.put("exact", exact());
    m.put("retries", retries);
    m.put("conflicts", conflicts);
    m.put("lockedRuns", lockedRuns);
    m.put("errors", errors);
    m.put("machineCpuPercent", machineCpuPercent);
    m.put("serverCpuPercent", serverCpuPercent);
    m.put("perInstance", perInstance);
    return m;
  }
}
