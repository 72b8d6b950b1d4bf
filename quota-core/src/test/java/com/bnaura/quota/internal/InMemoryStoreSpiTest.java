package com.bnaura.quota.internal;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.StoreSpiContract;

/** The in-memory store passes the store SPI contract. */
final class InMemoryStoreSpiTest extends StoreSpiContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
