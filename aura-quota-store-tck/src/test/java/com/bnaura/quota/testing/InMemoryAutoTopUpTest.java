package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the auto top-up contract. */
final class InMemoryAutoTopUpTest extends AutoTopUpContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
