package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store passes the store contract. */
final class InMemoryQuotaStoreTest extends QuotaStoreContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
