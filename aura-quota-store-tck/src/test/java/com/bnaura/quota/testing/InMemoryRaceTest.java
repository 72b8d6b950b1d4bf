package com.bnaura.quota.testing;

import com.bnaura.quota.spi.QuotaStore;

/** The in-memory store wins the races. */
final class InMemoryRaceTest extends RaceContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
