package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store keeps the branch and staff budget contract. */
final class InMemoryBudgetTest extends BudgetContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
