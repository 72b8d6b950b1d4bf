package com.bnaura.quota.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one contender did in one case.
 *
 * @param database {@code postgresql}, {@code h2} or {@code mariadb}
 * @param contender the contender's name
 * @param kind the case
 * @param threads how many threads called at once
 * @param clinics how many clinics the calls spread over
 * @param quotaMilli each clinic's quota
 * @param measuredMillis how long the measurement window was
 * @param ops calls started and finished in the measurement window
 * @param refused of those, calls refused
 * @param free of those, calls granted without a charge (free repeat scans)
 * @param errors calls that threw, over the whole case
 * @param opsPerSec calls per second in the window
 * @param p50Us median latency of a call in the window
 * @param p99Us 99th percentile
 * @param p999Us 99.9th percentile
 * @param maxUs the slowest call
 * @param grantedMilli milli-units the contender said it granted, over the whole case (warm-up
 *     included)
 * @param storedMilli milli-units the database holds as used, the change over the case
 * @param heldMilli milli-units still held by reservations after the case
 * @param overspendMilli milli-units granted beyond each clinic's quota, summed over clinics
 * @param callerCpuUsPerOp CPU of the calling threads per call in the window: the client-side work
 *     of a call (engine, jOOQ, driver, pool), without JIT and GC
 * @param jvmCpuUsPerOp CPU of this whole JVM per call in the window (JIT and GC included)
 * @param machineCpuUsPerOp CPU of the whole machine per call in the window (includes the database
 *     server and any other load)
 * @param exact whether the contender must grant exactly what it stores
 * @param firstError the first error's message, or {@code null}
 */
public record CaseResult(
    String database,
    String contender,
    CaseKind kind,
    int threads,
    int clinics,
    long quotaMilli,
    long measuredMillis,
    long ops,
    long refused,
    long free,
    long errors,
    double opsPerSec,
    double p50Us,
    double p99Us,
    double p999Us,
    double maxUs,
    long grantedMilli,
    long storedMilli,
    long heldMilli,
    long overspendMilli,
    double callerCpuUsPerOp,
    double jvmCpuUsPerOp,
    double machineCpuUsPerOp,
    boolean exact,
    String firstError) {

  /**
   * Updates that were granted but not stored (the old pattern's overwrites), in calls of one unit;
   * 0 for a contender that stored what it granted.
   */
  public long lostUpdates() {
    return (grantedMilli - storedMilli) / Contender.UNIT_MILLI;
  }

  /**
   * Whether the case is correct: a contender that must be exact granted what it stores, holds
   * nothing, granted nothing beyond quota and never failed; others are not judged.
   */
  public boolean correct() {
    return !exact || (grantedMilli == storedMilli && heldMilli == 0 && overspendMilli == 0
        && errors == 0);
  }

  /** The key of the case without the contender, to pair contenders for ratios. */
  public String caseKey() {
    return database + "/" + kind + "/" + threads;
  }

  /** The result as a JSON object. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", database);
    m.put("contender", contender);
    m.put("case", kind.name());
    m.put("threads", threads);
    m.put("clinics", clinics);
    m.put("quotaMilliPerClinic", quotaMilli);
    m.put("measuredMillis", measuredMillis);
    m.put("ops", ops);
    m.put("refused", refused);
    m.put("free", free);
    m.put("errors", errors);
    m.put("opsPerSec", opsPerSec);
    m.put("p50Us", p50Us);
    m.put("p99Us", p99Us);
    m.put("p999Us", p999Us);
    m.put("maxUs", maxUs);
    m.put("grantedMilli", grantedMilli);
    m.put("storedMilli", storedMilli);
    m.put("grantedEqualsStored", grantedMilli == storedMilli);
    m.put("heldMilli", heldMilli);
    m.put("lostUpdates", lostUpdates());
    m.put("overspendMilli", overspendMilli);
    m.put("callerCpuUsPerOp", callerCpuUsPerOp);
    m.put("jvmCpuUsPerOp", jvmCpuUsPerOp);
    m.put("machineCpuUsPerOp", machineCpuUsPerOp);
    m.put("mustBeExact", exact);
    m.put("correct", exact ? correct() : null);
    m.put("firstError", firstError);
    return m;
  }
}
