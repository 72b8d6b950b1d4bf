package com.bnaura.quota.spi;

/**
 * Where a payment the engine requested stands: {@code REQUESTED → AUTHORISED → CAPTURED →
 * GRANTED}, or {@code FAILED}; {@code UNKNOWN} when a gateway call threw or timed out, so what the
 * provider did is known only by asking it ({@link PaymentGateway#status}).
 */
public enum PaymentState {
  /** Decided with the charge that crossed the threshold; the gateway may not have seen it yet. */
  REQUESTED,
  /** The provider authorised the amount; with grant on authorisation, its units are granted. */
  AUTHORISED,
  /** The provider captured the amount; the grant is written next. */
  CAPTURED,
  /** Captured and granted: done. */
  GRANTED,
  /** Declined or failed for good: nothing granted (or the grant ended), auto top-up disabled. */
  FAILED,
  /** A gateway call threw or timed out: the provider is asked before anything is sent again. */
  UNKNOWN;

  /** Whether the payment still has a step to go ({@code GRANTED} and {@code FAILED} do not). */
  public boolean isOpen() {
    return this != GRANTED && this != FAILED;
  }
}
