package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the reversal contract. */
final class InMemoryReversalTest extends ReversalContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
