package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.BudgetContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the branch and staff budget contract. */
final class MariaDbBudgetTest extends BudgetContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("budgets");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
