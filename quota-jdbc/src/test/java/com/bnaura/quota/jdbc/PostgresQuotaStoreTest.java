package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.QuotaStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL (QUOTA_TEST_POSTGRES_URL) passes the store contract. */
final class PostgresQuotaStoreTest extends QuotaStoreContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("contract");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
