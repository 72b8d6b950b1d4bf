package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.spi.QuotaStore;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the JDBC {@link QuotaStore} (quota-jdbc: H2, PostgreSQL or MariaDB) over the
 * application's {@link DataSource}, when there is one and jOOQ and Flyway are on the class path.
 *
 * <p>The store borrows connections from the application's pool; it never opens a pool of its own.
 * It does not use the application's jOOQ {@code DSLContext}: Spring Boot's joins the caller's
 * Spring transaction and translates jOOQ's exceptions, while every quota call must commit on its
 * own (a clinic's row lock is never held across the caller's AI call or rolled back with the
 * caller's work) and must see jOOQ's exceptions to retry serialization failures. The store's
 * tables are created or upgraded at start-up, with their own Flyway history table {@code
 * quota_schema_history}, unless {@code bnaura.quota.jdbc.migrate=false}. {@code
 * bnaura.quota.jdbc.table-prefix} and {@code bnaura.quota.jdbc.schema} put the tables and their
 * history elsewhere (see {@link com.bnaura.quota.jdbc.TableLocation}).
 *
 * <p>The store uses the application's one DataSource, or its primary one. With several and none
 * primary, {@code bnaura.quota.jdbc.data-source} names the bean; without it the start-up fails and
 * says so, rather than keeping balances somewhere the application did not choose.
 *
 * <p>The store is built with {@link JdbcQuotaStore#builder(DataSource)}, which checks that the
 * database keeps what it acknowledges (an H2 file database is made to write each commit before it
 * returns; see {@link JdbcQuotaStore}); the start-up log line says what an acknowledged write
 * survives ({@link JdbcQuotaStore#durability()}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
    afterName = "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration")
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass({JdbcQuotaStore.class, DSLContext.class, Flyway.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(QuotaProperties.class)
public final class QuotaJdbcAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(QuotaJdbcAutoConfiguration.class);

  /** Instantiated by Spring. */
  QuotaJdbcAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(QuotaStore.class)
  JdbcQuotaStore jdbcQuotaStore(ObjectProvider<DataSource> dataSources,
      ListableBeanFactory beans, QuotaProperties properties) {
    QuotaProperties.Jdbc jdbc = properties.jdbc();
    JdbcQuotaStore.Builder builder = JdbcQuotaStore.builder(dataSource(dataSources, beans, jdbc))
        .migrate(jdbc.migrate())
        .maxAttempts(jdbc.maxAttempts());
    try {
      builder.tablePrefix(jdbc.tablePrefix());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(QuotaProperties.PREFIX
          + ".jdbc.table-prefix", jdbc.tablePrefix(), reason(e));
    }
    try {
      builder.schema(jdbc.schema());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(QuotaProperties.PREFIX
          + ".jdbc.schema", jdbc.schema(), reason(e));
    }
    JdbcQuotaStore store = builder.build();
    if (store.durability() == JdbcQuotaStore.Durability.IN_MEMORY) {
      log.warn("Aura Quota stores clinic balances and usage in the application's database, which "
          + "is an IN-MEMORY H2 database: nothing survives a restart. Set spring.datasource.url "
          + "to a file or server database to keep them.");
    } else {
      log.info("Aura Quota stores clinic balances and usage in the application's database ({}, "
          + "durability {}){}", store.dialect(), store.durability(),
          properties.jdbc().migrate() ? "" : "; schema migration is turned off");
    }
    return store;
  }

  /** The DataSource {@code bnaura.quota.jdbc.data-source} names, else the one or primary one. */
  private static DataSource dataSource(ObjectProvider<DataSource> dataSources,
      ListableBeanFactory beans, QuotaProperties.Jdbc jdbc) {
    List<String> names = List.of(beans.getBeanNamesForType(DataSource.class));
    if (jdbc.dataSource() != null) {
      if (!names.contains(jdbc.dataSource())) {
        throw QuotaDataSourceException.unknown(jdbc.dataSource(), names);
      }
      return beans.getBean(jdbc.dataSource(), DataSource.class);
    }
    DataSource unique = dataSources.getIfUnique();
    if (unique == null) {
      throw QuotaDataSourceException.ambiguous(names);
    }
    return unique;
  }

  /** The builder's message without the field name it starts with ("tablePrefix must be ..."). */
  private static String reason(IllegalArgumentException e) {
    String message = e.getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(space + 1);
  }
}
