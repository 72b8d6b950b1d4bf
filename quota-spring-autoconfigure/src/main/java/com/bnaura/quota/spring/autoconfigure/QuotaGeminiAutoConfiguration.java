package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.RateLimiter;
import com.bnaura.quota.model.OperationId;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Auto-configures the {@link GeminiClient} (quota-gemini) and the {@link QuotaEnforcedAnalyzer}
 * that reserves quota around every Gemini call, when {@code bnaura.quota.gemini.api-key} is set
 * (not blank) and OkHttp is on the class path.
 *
 * <p>The client derives from the application's {@link OkHttpClient} bean when there is exactly
 * one (sharing its connection pool and dispatcher), and otherwise creates its own. The analyzer
 * uses the application's {@link QuotaService}, the {@link RateLimiter} bean ({@code
 * bnaura.quota.gemini.rate-limit.*} by default) and the models of {@code
 * bnaura.quota.gemini.models}. The API key is never logged.
 */
@AutoConfiguration(after = QuotaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass({GeminiClient.class, OkHttpClient.class})
@Conditional(QuotaGeminiAutoConfiguration.OnApiKeyCondition.class)
@EnableConfigurationProperties(QuotaGeminiProperties.class)
public final class QuotaGeminiAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaGeminiAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  GeminiClient geminiClient(QuotaGeminiProperties p, ObjectProvider<OkHttpClient> httpClient,
      ObjectProvider<Clock> clock) {
    GeminiClient.Builder builder = GeminiClient.builder();
    try {
      builder.apiKey(p.apiKey().strip());
    } catch (IllegalArgumentException e) {
      // the builder's message never holds the key; neither does this one
      throw new IllegalArgumentException(QuotaGeminiProperties.PREFIX + ".api-key: "
          + e.getMessage());
    }
    httpClient.ifUnique(builder::httpClient);
    builder.clock(QuotaAutoConfiguration.clock(clock));
    set("base-url", p.baseUrl(), builder::baseUrl);
    set("connect-timeout", p.connectTimeout(), builder::connectTimeout);
    set("read-timeout", p.readTimeout(), builder::readTimeout);
    set("write-timeout", p.writeTimeout(), builder::writeTimeout);
    set("call-timeout", p.callTimeout(), builder::callTimeout);
    set("max-attempts", p.maxAttempts(), builder::maxAttempts);
    set("initial-backoff", p.initialBackoff(), builder::initialBackoff);
    set("max-backoff", p.maxBackoff(), builder::maxBackoff);
    set("max-retry-wait", p.maxRetryWait(), builder::maxRetryWait);
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(QuotaGeminiProperties.PREFIX
          + ".initial-backoff", p.initialBackoff(), e.getMessage());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  RateLimiter geminiRateLimiter(QuotaGeminiProperties p, ObjectProvider<Clock> clock) {
    QuotaGeminiProperties.RateLimit limit = p.rateLimit();
    if (!limit.enabled()) {
      return RateLimiter.NONE;
    }
    return RateLimiter.inProcess()
        .perUser(limit.perUser(), limit.perUserPeriod())
        .perClinic(limit.perClinic(), limit.perClinicPeriod())
        .maximumKeys(limit.maximumKeys())
        .clock(QuotaAutoConfiguration.clock(clock))
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(QuotaService.class)
  QuotaEnforcedAnalyzer quotaEnforcedAnalyzer(GeminiClient gemini, QuotaService quotas,
      RateLimiter rateLimiter, QuotaGeminiProperties p, ObjectProvider<Clock> clock) {
    QuotaEnforcedAnalyzer.Builder builder = QuotaEnforcedAnalyzer.builder()
        .gemini(gemini)
        .quotas(quotas)
        .rateLimiter(rateLimiter)
        .clock(QuotaAutoConfiguration.clock(clock));
    for (Map.Entry<String, String> model : new TreeMap<>(p.models()).entrySet()) {
      String property = "models." + model.getKey();
      OperationId operation = PropertiesCatalog.operationId(quotas.catalog(), model.getKey())
          .orElseThrow(() -> new InvalidConfigurationPropertyValueException(
              QuotaGeminiProperties.PREFIX + "." + property, model.getValue(),
              "the catalog has no operation '" + model.getKey() + "'"));
      set(property, model.getValue(), id -> builder.model(operation, id));
    }
    set("cache-ttl", p.cacheTtl(), builder::cacheTtl);
    set("cache-maximum-size", p.cacheMaximumSize(), builder::cacheMaximumSize);
    set("reservation-ttl", p.reservationTtl(), builder::reservationTtl);
    return builder.build();
  }

  /** Applies {@code value} if set, naming the property when the builder refuses it. */
  private static <T> void set(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          QuotaGeminiProperties.PREFIX + "." + property, value, e.getMessage());
    }
  }

  /** Matches when {@code bnaura.quota.gemini.api-key} is set and not blank. */
  static final class OnApiKeyCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
        AnnotatedTypeMetadata metadata) {
      String name = QuotaGeminiProperties.PREFIX + ".api-key";
      return StringUtils.hasText(context.getEnvironment().getProperty(name))
          ? ConditionOutcome.match(name + " is set")
          : ConditionOutcome.noMatch(name + " is not set");
    }
  }
}
