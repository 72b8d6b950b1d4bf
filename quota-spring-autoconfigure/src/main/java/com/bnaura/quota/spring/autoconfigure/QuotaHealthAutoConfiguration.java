package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link QuotaHealthIndicator} ({@code quota} in the health endpoint) when
 * Spring Boot's health support (spring-boot-health, part of Actuator) is on the class path and
 * {@code management.health.quota.enabled} is not {@code false}.
 */
@AutoConfiguration(after = {QuotaAutoConfiguration.class, QuotaJdbcAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
public final class QuotaHealthAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaHealthAutoConfiguration() {}

  // on the method, not the class: its condition class is loaded only once the class condition
  // above has found spring-boot-health
  @Bean
  @ConditionalOnEnabledHealthIndicator("quota")
  @ConditionalOnMissingBean(name = "quotaHealthIndicator")
  @ConditionalOnSingleCandidate(QuotaStore.class)
  QuotaHealthIndicator quotaHealthIndicator(QuotaStore store, ObjectProvider<QuotaService> quotas,
      ObjectProvider<Clock> clock, ObjectProvider<QuotaReservationSweeper> sweeper,
      ObjectProvider<QuotaReconciler> reconciler) {
    return new QuotaHealthIndicator(store, quotas.getIfUnique(),
        QuotaAutoConfiguration.clock(clock), sweeper.getIfUnique(), reconciler.getIfUnique());
  }
}
