package com.bnaura.quota.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.jdbc.TableLocation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The start-up failures of the JDBC store that explain themselves: several DataSources without a
 * chosen one, a migration that fails, a database the store does not run on, and a table prefix or
 * schema that is not a name; and the options that choose where the tables are.
 */
final class QuotaFailureAnalyzersTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void springFactories_registersEveryAnalyzer() {
    // Spring Boot's own analyzers need arguments this loader does not pass; they are skipped
    List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
        getClass().getClassLoader()).load(FailureAnalyzer.class, null,
            SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { }));

    assertThat(analyzers).hasAtLeastOneElementOfType(QuotaDataSourceFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(QuotaSchemaFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(QuotaUnsupportedDatabaseFailureAnalyzer.class);
  }

  @Test
  void severalDataSources_noneChosen_failsAndSaysHowToNameOne() {
    runner.withBean("ordersDataSource", DataSource.class, QuotaFailureAnalyzersTest::h2)
        .withBean("quotaDataSource", DataSource.class, QuotaFailureAnalyzersTest::h2)
        .run(context -> {
          assertThat(context).hasFailed();

          FailureAnalysis analysis = new QuotaDataSourceFailureAnalyzer()
              .analyze(context.getStartupFailure());

          assertThat(analysis.getDescription()).contains("defines 2")
              .contains("ordersDataSource, quotaDataSource").contains("none is @Primary");
          assertThat(analysis.getAction())
              .contains("bnaura.quota.jdbc.data-source=ordersDataSource").contains("@Primary");
        });
  }

  @Test
  void severalDataSources_dataSourceProperty_choosesTheNamedOne() {
    DataSource orders = h2();
    DataSource quota = h2();
    runner.withBean("ordersDataSource", DataSource.class, () -> orders)
        .withBean("quotaDataSource", DataSource.class, () -> quota)
        .withPropertyValues("bnaura.quota.jdbc.data-source=quotaDataSource")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class);
          assertThat(tables(quota)).contains("QUOTA_CLINIC_ACCOUNT");
          assertThat(tables(orders)).isEmpty();
        });
  }

  @Test
  void severalDataSources_onePrimary_usesThePrimaryWithoutTheProperty() {
    DataSource orders = h2();
    DataSource quota = h2();
    runner.withBean("ordersDataSource", DataSource.class, () -> orders)
        .withBean("quotaDataSource", DataSource.class, () -> quota, bd -> bd.setPrimary(true))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class);
          assertThat(tables(quota)).contains("QUOTA_CLINIC_ACCOUNT");
          assertThat(tables(orders)).isEmpty();
        });
  }

  @Test
  void dataSourceProperty_namingNoDataSource_failsAndListsThem() {
    runner.withBean("ordersDataSource", DataSource.class, QuotaFailureAnalyzersTest::h2)
        .withPropertyValues("bnaura.quota.jdbc.data-source=quotaDataSource")
        .run(context -> {
          FailureAnalysis analysis = new QuotaDataSourceFailureAnalyzer()
              .analyze(context.getStartupFailure());

          assertThat(analysis.getDescription()).contains("bnaura.quota.jdbc.data-source is "
              + "'quotaDataSource', but no DataSource bean has that name")
              .contains("ordersDataSource");
        });
  }

  @Test
  void failedMigration_saysWhichMigrationAndWhatToDo() {
    DataSource taken = h2();
    execute(taken, "create table quota_clinic_account (id int)");
    runner.withBean(DataSource.class, () -> taken).run(context -> {
      assertThat(context).hasFailed();

      FailureAnalysis analysis = new QuotaSchemaFailureAnalyzer()
          .analyze(context.getStartupFailure());

      assertThat(analysis.getDescription())
          .startsWith("Migration 1 (V1__quota.sql) of the quota tables failed")
          .contains("history table quota_schema_history")
          .containsIgnoringCase("quota_clinic_account").contains("already exists");
      assertThat(analysis.getAction()).contains("bnaura.quota.jdbc.migrate=false")
          .contains("bnaura.quota.jdbc.table-prefix");
    });
  }

  @Test
  void unsupportedDatabase_namesItAndTheSupportedOnes() {
    runner.withBean(DataSource.class, () -> disguised(h2(), "Apache Derby", "10.17.1.0",
        "jdbc:derby:memory:app")).run(context -> {
          assertThat(context).hasFailed();

          FailureAnalysis analysis = new QuotaUnsupportedDatabaseFailureAnalyzer()
              .analyze(context.getStartupFailure());

          assertThat(analysis.getDescription()).contains("H2, PostgreSQL and MariaDB")
              .contains("Apache Derby 10.17.1.0");
          assertThat(analysis.getAction())
              .contains("spring.datasource.url=jdbc:postgresql://")
              .contains("bnaura.quota.jdbc.data-source");
        });
  }

  @Test
  void tablePrefix_notAName_failsNamingTheProperty() {
    runner.withBean(DataSource.class, QuotaFailureAnalyzersTest::h2)
        .withPropertyValues("bnaura.quota.jdbc.table-prefix=Clinic-1")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("bnaura.quota.jdbc.table-prefix")
              .hasMessageContaining("lower-case letters, digits and underscores");
        });
  }

  @Test
  void schema_notAName_failsNamingTheProperty() {
    runner.withBean(DataSource.class, QuotaFailureAnalyzersTest::h2)
        .withPropertyValues("bnaura.quota.jdbc.schema=quota.books")
        .run(context -> {
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("bnaura.quota.jdbc.schema");
        });
  }

  @Test
  void tablePrefixAndSchema_reachTheStoreAndItsTables() {
    DataSource database = h2();
    runner.withBean(DataSource.class, () -> database)
        .withPropertyValues("bnaura.quota.jdbc.table-prefix=clinic1_",
            "bnaura.quota.jdbc.schema=books")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(JdbcQuotaStore.class).tableLocation())
              .isEqualTo(new TableLocation("clinic1_", "books"));
          assertThat(tables(database, "BOOKS")).contains("CLINIC1_QUOTA_CLINIC_ACCOUNT",
              "CLINIC1_QUOTA_SCHEMA_HISTORY");
          assertThat(tables(database)).isEmpty();
        });
  }

  private static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:analyzers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  /** {@code real}, with connections whose metadata name another database. */
  private static DataSource disguised(DataSource real, String product, String version,
      String url) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (!(result instanceof Connection connection)) {
            return result;
          }
          return Proxy.newProxyInstance(Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class}, (c, m, a) -> {
                Object r = invoke(connection, m, a);
                if (!(r instanceof DatabaseMetaData meta)) {
                  return r;
                }
                return Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                    new Class<?>[] {DatabaseMetaData.class}, (d, mm, aa) -> switch (mm.getName()) {
                      case "getDatabaseProductName" -> product;
                      case "getDatabaseProductVersion" -> version;
                      case "getURL" -> url;
                      case "getConnection" -> c;
                      default -> invoke(meta, mm, aa);
                    });
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> tables(DataSource dataSource) throws Exception {
    return tables(dataSource, "PUBLIC");
  }

  private static List<String> tables(DataSource dataSource, String schema) throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
      }
      return names;
    }
  }
}
