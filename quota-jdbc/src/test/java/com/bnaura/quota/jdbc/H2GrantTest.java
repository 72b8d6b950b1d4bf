package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.GrantContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on an in-memory H2 database keeps the grant contract. */
final class H2GrantTest extends GrantContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
