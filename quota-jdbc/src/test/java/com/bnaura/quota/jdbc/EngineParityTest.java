package com.bnaura.quota.jdbc;

import com.bnaura.quota.testing.ModelCheck;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The seeded model check on each database: the same random sequences the in-memory store passes
 * give the same outcomes, splits and money on H2, PostgreSQL and MariaDB, with the ledger
 * invariants read back from the database after every step. Sequence counts scale with {@code
 * -Dparity.sequences=N}.
 */
final class EngineParityTest {
  private static final int SEQUENCES = Integer.getInteger("parity.sequences", 60);

  @Test
  void h2_agreesWithModel() {
    run(TestDatabases.h2(), SEQUENCES * 2);
  }

  @Test
  void postgres_agreesWithModel() {
    run(TestDatabases.postgres("parity"), SEQUENCES / 2);
  }

  @Test
  void mariadb_agreesWithModel() {
    run(TestDatabases.mariadb("parity"), SEQUENCES / 2);
  }

  private static void run(HikariDataSource pool, int sequences) {
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(pool).build();
      Supplier<com.bnaura.quota.spi.QuotaStore> fresh = () -> {
        TestDatabases.truncate(pool);
        return store;
      };

      Map<String, Integer> coverage = ModelCheck.run(fresh, 20261122L, sequences);

      System.out.println(store.dialect() + ": " + sequences + " sequences, actions " + coverage);
      ModelCheck.assertCovered(coverage, 1);
    } finally {
      TestDatabases.drop(pool);
    }
  }
}
