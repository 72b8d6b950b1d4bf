package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.OutboxStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the store-level outbox and lease contract. */
final class MariaDbOutboxStoreTest extends OutboxStoreContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("outbox");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
