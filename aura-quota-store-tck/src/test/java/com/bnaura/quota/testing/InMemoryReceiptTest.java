package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the receipt contract. */
final class InMemoryReceiptTest extends ReceiptContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
