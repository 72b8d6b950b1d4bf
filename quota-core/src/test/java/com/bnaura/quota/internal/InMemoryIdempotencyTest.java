package com.bnaura.quota.internal;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.IdempotencyContract;

/** The in-memory store keeps the idempotency contract. */
final class InMemoryIdempotencyTest extends IdempotencyContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
