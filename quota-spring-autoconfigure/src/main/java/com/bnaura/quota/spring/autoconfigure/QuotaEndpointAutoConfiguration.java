package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the Actuator endpoint {@code quota} ({@link QuotaEndpoint}) when Actuator is on
 * the class path, there is one {@link QuotaService}, and the endpoint is available: its access is
 * not {@code none} and it is exposed over HTTP or JMX ({@code
 * management.endpoints.web.exposure.include}), as for every Actuator endpoint. The analyzer's
 * counters are in it when quota-gemini is on the class path and there is a {@link
 * QuotaEnforcedAnalyzer} bean.
 *
 * <p>With Actuator it also masks the engine's secrets ({@code bnaura.quota.customer-ref-key},
 * {@code bnaura.quota.gemini.api-key} and every {@code bnaura.quota.events.webhooks[n].secret})
 * in the {@code configprops} and {@code env} endpoints ({@link #SECRETS}), even where their
 * {@code show-values} shows every other value.
 */
@AutoConfiguration(after = {QuotaAutoConfiguration.class, QuotaGeminiAutoConfiguration.class,
    QuotaObservationAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
public final class QuotaEndpointAutoConfiguration {

  /** The name of the bean that masks the engine's secrets in Actuator's endpoints. */
  public static final String SECRETS = "quotaSecretsSanitizingFunction";

  /** Instantiated by Spring. */
  QuotaEndpointAutoConfiguration() {}

  /**
   * Masks every key of ours whose last part is a secret, in any of the forms a key takes in the
   * {@code configprops} and {@code env} endpoints: {@code bnaura.quota.customer-ref-key}, {@code
   * bnaura.quota.customerRefKey}, {@code BNAURA_QUOTA_EVENTS_WEBHOOKS_0_SECRET}.
   */
  @Bean(SECRETS)
  @ConditionalOnMissingBean(name = SECRETS)
  SanitizingFunction quotaSecretsSanitizingFunction() {
    return data -> isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE)
        : data;
  }

  /** Whether {@code key} is one of the engine's secrets, in any case and separator. */
  static boolean isSecret(String key) {
    if (key == null) {
      return false;
    }
    String letters = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return letters.startsWith("bnauraquota") && (letters.endsWith("secret")
        || letters.endsWith("customerrefkey") || letters.endsWith("apikey"));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  @ConditionalOnSingleCandidate(QuotaService.class)
  QuotaEndpoint quotaEndpoint(QuotaService quotas, ObjectProvider<QuotaReservationSweeper> sweeper,
      ObjectProvider<AnalyzerStats> analyzer) {
    return new QuotaEndpoint(quotas, sweeper.getIfUnique(), analyzer.getIfUnique());
  }

  /** The analyzer's counters, read when the endpoint is; {@code null} without an analyzer. */
  static final class AnalyzerStats implements Supplier<Object> {
    private final ObjectProvider<QuotaEnforcedAnalyzer> analyzer;

    AnalyzerStats(ObjectProvider<QuotaEnforcedAnalyzer> analyzer) {
      this.analyzer = analyzer;
    }

    @Override
    public Object get() {
      QuotaEnforcedAnalyzer one = analyzer.getIfUnique();
      return one == null ? null : one.stats();
    }
  }

  // a class of its own: QuotaEnforcedAnalyzer is looked at only once quota-gemini was found
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(QuotaEnforcedAnalyzer.class)
  static class AnalyzerStatsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AnalyzerStats quotaAnalyzerStats(ObjectProvider<QuotaEnforcedAnalyzer> analyzer) {
      return new AnalyzerStats(analyzer);
    }
  }
}
