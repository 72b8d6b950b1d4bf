package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.AutoTopUpContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the auto top-up contract. */
final class MariaDbAutoTopUpTest extends AutoTopUpContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("autotopup");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
