package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.OutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 keeps the outbox contract. */
final class H2OutboxTest extends OutboxContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
