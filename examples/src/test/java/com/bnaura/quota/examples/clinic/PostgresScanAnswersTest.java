package com.bnaura.quota.examples.clinic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link ScanAnswersTest} on PostgreSQL, in a schema of its own that is dropped afterwards: the
 * app's migration and statements are the same there. Skipped, saying so, unless {@code
 * QUOTA_TEST_POSTGRES_URL} names a database (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
final class PostgresScanAnswersTest extends ScanAnswersTest {

  private PGSimpleDataSource admin;
  private String schema;

  @Override
  DataSource dataSource() throws Exception {
    String url = System.getenv("QUOTA_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(), "QUOTA_TEST_POSTGRES_URL is not set: PostgreSQL"
        + " is not tried");
    admin = new PGSimpleDataSource();
    admin.setURL(url);
    schema = "scan_answers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setCurrentSchema(schema);
    return dataSource;
  }

  @AfterEach
  @Override
  void tearDown() throws Exception {
    super.tearDown();
    if (schema != null) {
      try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
