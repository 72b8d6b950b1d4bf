package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.StoreSpiContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on an in-memory H2 database passes the store SPI contract: load and apply. */
final class H2StoreSpiTest extends StoreSpiContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
