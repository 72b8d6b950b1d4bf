package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.OutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the outbox contract. */
final class MariaDbOutboxTest extends OutboxContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("outbox");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
