package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.ReceiptContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB keeps the receipt contract. */
final class MariaDbReceiptTest extends ReceiptContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.mariadb("receipts");

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }
}
