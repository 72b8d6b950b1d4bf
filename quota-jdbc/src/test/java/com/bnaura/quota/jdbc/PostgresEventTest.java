package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.EventContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL sends each recovery and reset once. */
final class PostgresEventTest extends EventContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("events");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
