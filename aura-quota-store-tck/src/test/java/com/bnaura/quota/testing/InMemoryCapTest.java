package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the per-window cap contract. */
final class InMemoryCapTest extends CapContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
