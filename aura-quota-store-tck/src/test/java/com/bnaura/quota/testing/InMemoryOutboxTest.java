package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the outbox contract. */
final class InMemoryOutboxTest extends OutboxContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
