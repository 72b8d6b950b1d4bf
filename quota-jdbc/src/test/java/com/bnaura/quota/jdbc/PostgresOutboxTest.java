package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.OutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL keeps the outbox contract. */
final class PostgresOutboxTest extends OutboxContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("outbox");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
