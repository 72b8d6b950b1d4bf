package com.bnaura.quota.benchmarks.harness;

/** The load cases. */
public enum CaseKind {
  /** Every thread charges the same clinic: the row lock is the bottleneck. */
  HOT,
  /** Threads charge clinics drawn uniformly from many: the database is the bottleneck. */
  SPREAD,
  /**
   * Every thread charges one clinic with a 100-unit quota until it runs dry: shows who grants
   * more than the quota and who loses updates.
   */
  EXHAUST
}
