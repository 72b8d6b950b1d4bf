package com.bnaura.quota.internal;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.RaceContract;

/** The in-memory store wins the races. */
final class InMemoryRaceTest extends RaceContract {
  @Override
  protected QuotaStore newStore() {
    return QuotaStore.inMemory();
  }
}
