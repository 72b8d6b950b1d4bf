package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.EventContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on an in-memory H2 database sends each recovery and reset once. */
final class H2EventTest extends EventContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
