package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.GrantContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the grant contract. */
final class MariaDbGrantTest extends GrantContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("grants");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
