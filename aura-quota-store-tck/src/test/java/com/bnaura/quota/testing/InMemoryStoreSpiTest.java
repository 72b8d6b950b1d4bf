package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store passes the store SPI contract. */
final class InMemoryStoreSpiTest extends StoreSpiContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
