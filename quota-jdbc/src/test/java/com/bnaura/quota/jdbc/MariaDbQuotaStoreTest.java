package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.QuotaStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB (QUOTA_TEST_MARIADB_URL) passes the store contract. */
final class MariaDbQuotaStoreTest extends QuotaStoreContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("contract");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
