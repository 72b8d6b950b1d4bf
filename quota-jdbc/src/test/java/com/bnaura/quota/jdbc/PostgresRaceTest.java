package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.RaceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL wins the rollover, expiry and hot-read races. */
final class PostgresRaceTest extends RaceContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("races");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
