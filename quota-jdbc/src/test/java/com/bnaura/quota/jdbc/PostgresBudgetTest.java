package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.BudgetContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL keeps the branch and staff budget contract. */
final class PostgresBudgetTest extends BudgetContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.postgres("budgets");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
