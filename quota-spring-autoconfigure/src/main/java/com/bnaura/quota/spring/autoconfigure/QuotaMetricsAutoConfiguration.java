package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@link QuotaMetricsListener} when Micrometer is on the class path and the
 * application has a {@link MeterRegistry} (the auto-configured quota service registers it as one of
 * its listeners), the {@link QuotaCacheMetrics} of the quota service's read caches, the {@link
 * QuotaReconciliationMetrics} of the reconciler, and the OpenTelemetry GenAI metrics: {@code
 * gen_ai.client.token.usage} of the AI calls committed with their token counts and, when
 * quota-gemini is on the class path, {@code gen_ai.client.operation.duration} of each call the
 * quota-enforced analyzer makes to its model.
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class,
    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
    QuotaAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class QuotaMetricsAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  QuotaMetricsListener quotaMetricsListener(MeterRegistry registry) {
    return new QuotaMetricsListener(registry);
  }

  // applied by the quota service's decorator (QuotaObservationAutoConfiguration) on each commit
  @Bean
  @ConditionalOnMissingBean(GenAiTokenUsage.class)
  MicrometerGenAiTokenUsage quotaGenAiTokenUsage(MeterRegistry registry) {
    return new MicrometerGenAiTokenUsage(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(QuotaReconciler.class)
  QuotaReconciliationMetrics quotaReconciliationMetrics(QuotaReconciler reconciler) {
    return new QuotaReconciliationMetrics(reconciler);
  }

  /** The duration of the model calls, when quota-gemini (and its listener type) is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.bnaura.quota.gemini.ModelCallListener")
  static final class GenAiOperationDurationConfiguration {

    // one of the auto-configured analyzer's model call listeners, like every ModelCallListener
    @Bean
    @ConditionalOnMissingBean
    MicrometerGenAiOperationDuration quotaGenAiOperationDuration(MeterRegistry registry) {
      return new MicrometerGenAiOperationDuration(registry);
    }
  }

  // bound to the registries by Spring Boot's metrics support, once every bean exists
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(QuotaService.class)
  QuotaCacheMetrics quotaCacheMetrics(QuotaService quotas) {
    return new QuotaCacheMetrics(quotas);
  }
}
