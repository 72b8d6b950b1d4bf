package com.bnaura.quota.examples.clinic;

/** What a demo user may do. */
public enum Role {
  /** Sales staff: scans and top-ups for their own clinic. */
  SALES,
  /** The clinic's owner: everything on their own clinic, including plan changes and alerts. */
  OWNER,
  /** A platform admin: every clinic, cache statistics and resets. */
  ADMIN
}
