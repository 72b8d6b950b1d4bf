package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.BudgetContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 keeps the branch and staff budget contract. */
final class H2BudgetTest extends BudgetContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
