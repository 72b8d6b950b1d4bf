package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spi.QuotaStore;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes the quota service's writes with Micrometer's Observation API when the application has
 * an {@link ObservationRegistry} (Spring Boot's Actuator defines one): every {@link QuotaService}
 * bean is wrapped in a decorator that times reserve, commit, release, consume, record-usage,
 * cached-answer, top-up and plan change as {@value DefaultQuotaObservationConvention#NAME}, a
 * timer and, with a tracer, a span. See {@link DefaultQuotaObservationConvention} for the key
 * values; a {@link QuotaObservationConvention} bean replaces them. The same decorator records the
 * tokens of each AI call committed with them as {@code gen_ai.client.token.usage} when there is a
 * meter registry, with or without an observation registry. {@code
 * bnaura.quota.observations.enabled=false} turns the decorator off.
 */
@AutoConfiguration(after = QuotaAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure."
        + "ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationRegistry.class)
public final class QuotaObservationAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaObservationAutoConfiguration() {}

  // one of the auto-configured service's listeners, like every QuotaListener bean
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".observations.enabled",
      matchIfMissing = true)
  QuotaEventCounter quotaEventCounter() {
    return new QuotaEventCounter();
  }

  // static, and given providers only, so that defining it creates no other bean early
  @Bean
  @ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".observations.enabled",
      matchIfMissing = true)
  static BeanPostProcessor quotaServiceObservationPostProcessor(
      ObjectProvider<ObservationRegistry> registry,
      ObjectProvider<QuotaObservationConvention> convention, ObjectProvider<QuotaStore> store,
      ObjectProvider<QuotaEventCounter> events, ObjectProvider<GenAiTokenUsage> tokens) {
    return new ObservingPostProcessor(registry, convention, store, events, tokens);
  }

  /** Wraps each {@link QuotaService} bean in an {@link ObservedQuotaService}. */
  static final class ObservingPostProcessor implements BeanPostProcessor, BeanFactoryAware {
    private final ObjectProvider<ObservationRegistry> registry;
    private final ObjectProvider<QuotaObservationConvention> convention;
    private final ObjectProvider<QuotaStore> store;
    private final ObjectProvider<QuotaEventCounter> events;
    private final ObjectProvider<GenAiTokenUsage> tokens;
    private ConfigurableListableBeanFactory beanFactory;

    ObservingPostProcessor(ObjectProvider<ObservationRegistry> registry,
        ObjectProvider<QuotaObservationConvention> convention, ObjectProvider<QuotaStore> store,
        ObjectProvider<QuotaEventCounter> events, ObjectProvider<GenAiTokenUsage> tokens) {
      this.registry = registry;
      this.convention = convention;
      this.store = store;
      this.events = events;
      this.tokens = tokens;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
      this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory listable
          ? listable : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName)
        throws BeansException {
      if (!(bean instanceof QuotaService quotas) || bean instanceof ObservedQuotaService) {
        return bean;
      }
      ObservationRegistry observations = registry.getIfUnique();
      GenAiTokenUsage tokenUsage = tokens.getIfUnique();
      if (observations == null && tokenUsage == null) {
        return bean;
      }
      QuotaStore quotaStore = store.getIfUnique();
      String storeKind = quotaStore == null ? "unknown" : quotaStore.getClass().getSimpleName();
      // only the auto-configured service has the event counter among its listeners
      QuotaEventCounter counter = autoConfigured(beanName) ? events.getIfUnique() : null;
      return new ObservedQuotaService(quotas,
          observations != null ? observations : ObservationRegistry.NOOP,
          convention.getIfUnique(), storeKind, counter, tokenUsage);
    }

    private boolean autoConfigured(String beanName) {
      if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
        return false;
      }
      BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
      Method factory = definition instanceof RootBeanDefinition root
          ? root.getResolvedFactoryMethod() : null;
      return factory != null && factory.getDeclaringClass() == QuotaAutoConfiguration.class;
    }
  }
}
