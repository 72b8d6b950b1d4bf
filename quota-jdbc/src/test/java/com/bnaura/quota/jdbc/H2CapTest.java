package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.CapContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 keeps the per-window cap contract. */
final class H2CapTest extends CapContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
