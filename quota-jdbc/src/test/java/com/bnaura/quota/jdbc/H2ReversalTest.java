package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.ReversalContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store keeps the reversal contract on H2. */
final class H2ReversalTest extends ReversalContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
