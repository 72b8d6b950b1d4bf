package com.bnaura.quota;

/** What a reversal undoes, and why; the ledger's reversal entries carry it as their reason. */
public enum ReversalKind {
  /** A charge refunded at the clinic's or the operator's request. */
  REFUND,
  /** A charge the clinic disputed (a chargeback, or a complaint upheld). */
  DISPUTE,
  /** A pack voided: its unused units go and their money is paid back through the gateway. */
  VOID
}
