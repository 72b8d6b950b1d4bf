package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.RaceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB wins the rollover, expiry and hot-read races. */
final class MariaDbRaceTest extends RaceContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("races");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
