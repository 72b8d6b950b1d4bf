package com.bnaura.quota.spi;

/** What a payment the engine requested buys. */
public enum PaymentPurpose {
  /** The clinic's auto top-up: its remaining crossed the threshold it set. */
  AUTO_TOP_UP
}
