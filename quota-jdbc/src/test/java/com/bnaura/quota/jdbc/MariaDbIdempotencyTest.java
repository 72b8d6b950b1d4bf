package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.IdempotencyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the idempotency contract. */
final class MariaDbIdempotencyTest extends IdempotencyContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("idempotency");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
