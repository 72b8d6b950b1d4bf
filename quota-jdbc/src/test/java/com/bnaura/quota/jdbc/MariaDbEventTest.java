package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.EventContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB sends each recovery and reset once. */
final class MariaDbEventTest extends EventContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("events");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
