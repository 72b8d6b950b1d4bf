package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.AutoTopUpContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL keeps the auto top-up contract. */
final class PostgresAutoTopUpTest extends AutoTopUpContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("autotopup");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
