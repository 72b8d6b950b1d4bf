package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.QuotaStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures the {@link QuotaService}: its catalog from the {@code bnaura.quota.*}
 * properties, its store, the sweeper that expires reservations, and the reconciler that checks
 * the balance rows against the ledger.
 *
 * <p>Each bean backs off when the application defines its own:
 *
 * <ul>
 *   <li>{@link QuotaCatalog}: the bundled catalog, or {@code bnaura.quota.catalog}, with the
 *       plans, operations and top-ups of the properties laid over it;
 *   <li>{@link QuotaStore}: the JDBC store over the application's {@code DataSource} (see {@link
 *       QuotaJdbcAutoConfiguration}), otherwise (unless the application defines its own quota
 *       service) an in-memory store, with a warning that nothing is persisted;
 *   <li>{@link QuotaService}: built from the store, a {@link Clock} bean if there is exactly one
 *       (else system UTC), the catalog, every {@link QuotaListener} bean, every {@link
 *       QuotaEventListener} bean (an event sink named by its bean name), the properties (the
 *       webhooks and delivery settings of {@code bnaura.quota.events} among them), and then
 *       every {@link QuotaServiceBuilderCustomizer};
 *   <li>{@link QuotaReservationSweeper}: unless {@code bnaura.quota.sweeper.enabled=false};
 *   <li>{@link QuotaReconciler}: unless {@code bnaura.quota.reconciliation.enabled=false}.
 * </ul>
 *
 * <p>The bean name of a {@link QuotaEventListener} is kept with every event it accepted, so a
 * renamed bean receives again the events kept since; it must be 1 to 64 letters, digits or {@code
 * . _ : -}. A listener that calls the quota service takes it through an {@code ObjectProvider}, as
 * the service is built with the listener.
 *
 * <p>{@code bnaura.quota.enabled=false} turns all of it off.
 */
@AutoConfiguration(after = QuotaJdbcAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(QuotaProperties.class)
public final class QuotaAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(QuotaAutoConfiguration.class);

  /** Instantiated by Spring. */
  QuotaAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  QuotaCatalog quotaCatalog(QuotaProperties properties) {
    return PropertiesCatalog.build(properties);
  }

  // not when the application built its own service: that one has a store of its own
  @Bean
  @ConditionalOnMissingBean({QuotaStore.class, QuotaService.class})
  QuotaStore inMemoryQuotaStore(ApplicationContext context) {
    log.warn("Aura Quota keeps balances, reservations and usage IN MEMORY ONLY: nothing is "
        + "persisted, everything is lost on restart, and instances do not share quota. {}",
        whyNotJdbc(context));
    return QuotaStore.inMemory();
  }

  @Bean
  @ConditionalOnMissingBean
  QuotaService quotaService(QuotaStore store, QuotaCatalog catalog, QuotaProperties properties,
      ObjectProvider<Clock> clock, ObjectProvider<QuotaListener> listeners,
      ObjectProvider<QuotaServiceBuilderCustomizer> customizers, ListableBeanFactory beans) {
    QuotaService.Builder builder = QuotaService.builder()
        .store(store)
        .clock(clock(clock))
        .catalog(catalog);
    listeners.orderedStream().forEach(builder::listener);
    if (properties.defaultZone() != null) {
      builder.defaultZone(properties.defaultZone().getId());
    }
    if (properties.defaultAnchorDay() != null) {
      builder.defaultAnchorDay(properties.defaultAnchorDay());
    }
    if (properties.reservationTtl() != null) {
      builder.reservationTtl(properties.reservationTtl());
    }
    if (properties.idempotencyRetention() != null) {
      builder.idempotencyRetention(properties.idempotencyRetention());
    }
    if (properties.customerRefKey() != null) {
      builder.customerRefKey(properties.customerRefKey().getBytes(StandardCharsets.UTF_8));
    }
    if (properties.openingDays() != null) {
      builder.openingDays(properties.openingDays());
    }
    QuotaProperties.Cache cache = properties.cache();
    if (cache.statusTtl() != null) {
      builder.statusCacheTtl(cache.statusTtl());
    }
    if (cache.usageStatsTtl() != null) {
      builder.usageStatsCacheTtl(cache.usageStatsTtl());
    }
    if (cache.recommendationsTtl() != null) {
      builder.recommendationsCacheTtl(cache.recommendationsTtl());
    }
    events(builder, properties.events(), beans);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** The event listener beans, the webhooks and the delivery settings of the properties. */
  private static void events(QuotaService.Builder builder, QuotaProperties.Events events,
      ListableBeanFactory beans) {
    for (String name : beans.getBeanNamesForType(QuotaEventListener.class)) {
      try {
        builder.eventListener(name, beans.getBean(name, QuotaEventListener.class));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("The QuotaEventListener bean '" + name + "' needs a name "
            + "of 1 to 64 letters, digits or . _ : - (it is kept with every event the listener "
            + "accepted): give the bean such a name", e);
      }
    }
    List<com.bnaura.quota.Webhook> webhooks = events.toWebhooks();
    for (int i = 0; i < webhooks.size(); i++) {
      try {
        builder.webhook(webhooks.get(i));
      } catch (IllegalStateException e) {
        throw QuotaProperties.invalid("events.webhooks[" + i + "].name", webhooks.get(i).name(),
            "a QuotaEventListener bean has this name; names of listeners and webhooks differ");
      }
    }
    if (events.retriesSet()) {
      builder.eventRetries(events.effectiveMaxAttempts(), events.effectiveFirstRetry(),
          events.effectiveMaxRetry());
    }
    if (events.dispatchEvery() != null) {
      builder.dispatchEvery(events.dispatchEvery());
    }
    if (events.retention() != null) {
      builder.eventRetention(events.retention());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".sweeper.enabled",
      matchIfMissing = true)
  QuotaReservationSweeper quotaReservationSweeper(QuotaService quotas,
      QuotaProperties properties) {
    return new QuotaReservationSweeper(quotas, properties.sweeper().interval(),
        properties.sweeper().purgeInterval());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".reconciliation.enabled",
      matchIfMissing = true)
  QuotaReconciler quotaReconciler(QuotaService quotas, QuotaProperties properties) {
    return new QuotaReconciler(quotas, properties.reconciliation().clinicsPerMinute(),
        properties.reconciliation().interval());
  }

  /** The clock of the quota service: the one {@link Clock} bean, else the system's in UTC. */
  static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfUnique(Clock::systemUTC);
  }

  private static String whyNotJdbc(ApplicationContext context) {
    String[] dataSources = context.getBeanNamesForType(DataSource.class, false, false);
    if (dataSources.length == 0) {
      return "Define a DataSource (for example spring-boot-starter-jdbc and a PostgreSQL or "
          + "MariaDB driver) to keep them in the database.";
    }
    List<String> missing = new ArrayList<>();
    ClassLoader loader = context.getClassLoader();
    for (String type : List.of("com.bnaura.quota.jdbc.JdbcQuotaStore", "org.jooq.DSLContext",
        "org.flywaydb.core.Flyway")) {
      if (!ClassUtils.isPresent(type, loader)) {
        missing.add(type);
      }
    }
    if (!missing.isEmpty()) {
      return "A DataSource is present, but the JDBC store needs " + String.join(", ", missing)
          + " on the class path.";
    }
    return "The JDBC store's auto-configuration did not apply (see the conditions report); "
        + "define a QuotaStore bean (JdbcQuotaStore.builder(dataSource)) to choose one.";
  }
}
