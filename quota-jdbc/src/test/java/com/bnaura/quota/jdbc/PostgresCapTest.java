package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.CapContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL keeps the per-window cap contract. */
final class PostgresCapTest extends CapContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("caps");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
