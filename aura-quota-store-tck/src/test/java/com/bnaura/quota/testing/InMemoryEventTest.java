package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store sends each recovery and reset once. */
final class InMemoryEventTest extends EventContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
