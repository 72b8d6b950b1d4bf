package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.Units;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The auto-configured JDBC store on the PostgreSQL and MariaDB servers of {@code
 * QUOTA_TEST_POSTGRES_URL} and {@code QUOTA_TEST_MARIADB_URL}, through Spring Boot's own data
 * source, with H2 off the class path; skipped, saying so, when the variable is unset. Each test
 * works in a schema or database of its own and drops it afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
final class DatabaseServerTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
      .withClassLoader(new FilteredClassLoader("org.h2"))
      .withPropertyValues("bnaura.quota.operations.QUICK_SCAN.rate=0.5");

  @Test
  void postgres_isMigratedAndMetered_andThePasswordIsNeverLogged(CapturedOutput output) {
    String url = server("QUOTA_TEST_POSTGRES_URL");
    String schema = name();
    execute(url, "create schema " + schema);
    try {
      runner.withPropertyValues("spring.datasource.url=" + url + (url.contains("?") ? "&" : "?")
          + "currentSchema=" + schema, "spring.datasource.password=pw-90c2d7e41b")
          .run(context -> assertMetered(context.getBean(QuotaService.class),
              context.getBean(JdbcQuotaStore.class), SQLDialect.POSTGRES));
    } finally {
      execute(url, "drop schema if exists " + schema + " cascade");
    }
    assertThat(output).doesNotContain("pw-90c2d7e41b").doesNotContain("IN MEMORY");
  }

  @Test
  void mariadb_isMigratedAndMetered() {
    String url = server("QUOTA_TEST_MARIADB_URL");
    String database = name();
    execute(url, "create database " + database
        + " character set utf8mb4 collate utf8mb4_nopad_bin");
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String withDatabase = base.substring(0, base.lastIndexOf('/') + 1) + database
        + (query < 0 ? "" : url.substring(query));
    try {
      runner.withPropertyValues("spring.datasource.url=" + withDatabase)
          .run(context -> assertMetered(context.getBean(QuotaService.class),
              context.getBean(JdbcQuotaStore.class), SQLDialect.MARIADB));
    } finally {
      execute(url, "drop database if exists " + database);
    }
  }

  private static void assertMetered(QuotaService quotas, JdbcQuotaStore store,
      SQLDialect dialect) {
    register(quotas, "clinic-1", "starter");

    quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());

    assertThat(store.dialect()).isEqualTo(dialect);
    assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("99.5"));
  }

  private static String server(String variable) {
    String url = System.getenv(variable);
    assumeTrue(url != null && !url.isBlank(), variable + " is not set: skipping this test");
    return url;
  }

  private static String name() {
    return ("qt_spring_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
        .replace('-', '_');
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "': " + e, e);
    }
  }
}
