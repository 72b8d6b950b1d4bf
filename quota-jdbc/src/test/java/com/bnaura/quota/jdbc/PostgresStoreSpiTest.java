package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.StoreSpiContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL (QUOTA_TEST_POSTGRES_URL) passes the store SPI contract: load and apply. */
final class PostgresStoreSpiTest extends StoreSpiContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("spi");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
