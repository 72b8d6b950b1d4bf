package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.GrantContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL keeps the grant contract. */
final class PostgresGrantTest extends GrantContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("grants");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
