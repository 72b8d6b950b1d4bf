package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.ReversalContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store keeps the reversal contract on MariaDb. */
final class MariaDbReversalTest extends ReversalContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("reversals");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
