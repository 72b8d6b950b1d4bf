package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.AutoTopUpContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on an in-memory H2 database keeps the auto top-up contract. */
final class H2AutoTopUpTest extends AutoTopUpContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
