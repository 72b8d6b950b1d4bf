package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the grant contract. */
final class InMemoryGrantTest extends GrantContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
