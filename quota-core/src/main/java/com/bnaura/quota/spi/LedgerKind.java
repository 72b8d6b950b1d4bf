package com.bnaura.quota.spi;

/**
 * What a ledger entry records. Every balance change is one entry, so balances are a fold of the
 * ledger.
 */
public enum LedgerKind {
  /** A period opened with its monthly grant ({@code units}). */
  GRANT,
  /** The grant of the open period changed by an immediate plan change ({@code units} is the new grant). */
  GRANT_CHANGED,
  /**
   * Add-on units bought ({@code units}, {@code money} the price); {@code split} names the grant
   * the purchase opened as its one grant part.
   */
  TOP_UP,
  /** Units held by a reservation ({@code split}, {@code money} the overage held). */
  HOLD,
  /** Held units given back ({@code split}); {@code reason} says why. */
  UNHOLD,
  /**
   * Units charged directly, by a one-step consume or a late commit ({@code split}, {@code money}
   * the overage cost). A free repeat scan is a charge of zero with {@code waived} units and reason
   * {@code REPEAT_WITHIN_24H}; an answer the host served from its cache is a charge of zero with
   * the operation's units {@code waived} and reason {@code CACHED_ANSWER}.
   */
  CHARGE,
  /** Held units turned into a charge by a commit ({@code split} charged, {@code money} its cost). */
  COMMIT,
  /** Usage recorded but not billed ({@code units}); {@code reason} says why. */
  UNBILLED,
  /** An AI call that failed and was not charged (seed 000 {@code successful=false}). */
  FAILED_CALL,
  /** Monthly units that expired with their period ({@code split.fromMonthly}). */
  FORFEIT,
  /**
   * Add-on units of one grant that expired unused ({@code split.fromAddon}, its one grant part
   * naming the grant), written by the first write on the clinic at or after the grant's expiry,
   * and again for units a pending reservation held and gave back after that expiry.
   */
  GRANT_EXPIRED,
  /**
   * Units of one charge given back by a refund or a dispute ({@code split}: to the monthly
   * allowance of the charge's period, to the grants they came from, and overage units, with
   * {@code money} the overage money credited), filed in the charge's period; {@code reverses} names
   * the charge's key and {@code reason} says {@code REFUND} or {@code DISPUTE}.
   */
  REVERSAL,
  /**
   * Unused units of one voided grant that stop counting ({@code split.fromAddon}, its one grant
   * part naming the grant); {@code reverses} names the key of the top-up that opened it.
   */
  GRANT_VOIDED,
  /**
   * Money credited or paid back to the clinic that no bucket carries ({@code money}; {@code units}
   * the units it is for): a voided pack's refund, the credit for monthly units of a closed period
   * a reversal cannot revive, or for reversed units of a voided pack; {@code reason} says which.
   */
  CREDIT
}
