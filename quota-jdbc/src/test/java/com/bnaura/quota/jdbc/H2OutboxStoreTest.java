package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.OutboxStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 keeps the store-level outbox and lease contract. */
final class H2OutboxStoreTest extends OutboxStoreContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
