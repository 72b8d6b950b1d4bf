package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.StoreSpiContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB (QUOTA_TEST_MARIADB_URL) passes the store SPI contract: load and apply. */
final class MariaDbStoreSpiTest extends StoreSpiContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("spi");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
