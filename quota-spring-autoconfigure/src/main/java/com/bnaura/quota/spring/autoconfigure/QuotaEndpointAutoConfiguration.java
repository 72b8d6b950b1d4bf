package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
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
 */
@AutoConfiguration(after = {QuotaAutoConfiguration.class, QuotaGeminiAutoConfiguration.class,
    QuotaObservationAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
public final class QuotaEndpointAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaEndpointAutoConfiguration() {}

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
