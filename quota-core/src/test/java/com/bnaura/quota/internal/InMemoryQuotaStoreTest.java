package com.bnaura.quota.internal;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.QuotaStoreContract;

/** The in-memory store passes the store contract. */
final class InMemoryQuotaStoreTest extends QuotaStoreContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
