package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the store-level outbox and lease contract. */
final class InMemoryOutboxStoreTest extends OutboxStoreContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
