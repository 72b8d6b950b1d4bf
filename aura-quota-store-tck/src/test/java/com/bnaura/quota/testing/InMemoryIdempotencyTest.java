package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the idempotency contract. */
final class InMemoryIdempotencyTest extends IdempotencyContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
