package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.gemini.GenerativeModel;
import com.bnaura.quota.gemini.ModelCallListener;
import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.RateLimiter;
import com.bnaura.quota.model.OperationId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Auto-configures the {@link GeminiClient} (quota-gemini) and the {@link QuotaEnforcedAnalyzer}
 * that reserves quota around every Gemini call, when a Gemini API key is found and OkHttp is on
 * the class path, or when the application has its own {@link GenerativeModel} bean.
 *
 * <p>The key is {@code bnaura.quota.gemini.api-key} when it is set (not blank), else the first
 * environment variable of {@code GOOGLE_AI_API_KEY}, {@code GEMINI_API_KEY} and {@code
 * GOOGLE_API_KEY} that is set (read through Spring's {@link Environment}, so a property of that
 * name counts too).
 *
 * <p>The client derives from the application's {@link OkHttpClient} bean when there is exactly
 * one (sharing its connection pool and dispatcher), and otherwise creates its own; a {@link
 * GenerativeModel} bean of the application (over the Google Gen AI SDK or Spring AI, say)
 * replaces it. The analyzer uses the application's {@link QuotaService}, the {@link RateLimiter}
 * bean ({@code bnaura.quota.gemini.rate-limit.*} by default), the models of {@code
 * bnaura.quota.gemini.models}, the settings of {@code bnaura.quota.gemini.operations} and a
 * circuit breaker: the bean named {@code geminiCircuitBreaker} if there is one, else one built
 * from {@code bnaura.quota.gemini.circuit-breaker.*}. Every {@link ModelCallListener} bean hears
 * the analyzer's model calls (with a Micrometer {@code MeterRegistry}, one of them records {@code
 * gen_ai.client.operation.duration}). The API key is never logged.
 */
@AutoConfiguration(after = QuotaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = QuotaProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass({GeminiClient.class, OkHttpClient.class, CircuitBreaker.class})
@Conditional(QuotaGeminiAutoConfiguration.OnKeyOrModel.class)
@EnableConfigurationProperties(QuotaGeminiProperties.class)
public final class QuotaGeminiAutoConfiguration {

  /** Instantiated by Spring. */
  QuotaGeminiAutoConfiguration() {}

  /** The name of the circuit-breaker bean that replaces the one built from the properties. */
  public static final String CIRCUIT_BREAKER_BEAN = "geminiCircuitBreaker";

  @Bean
  @ConditionalOnMissingBean(GenerativeModel.class)
  @Conditional(OnApiKeyCondition.class)
  GeminiClient geminiClient(QuotaGeminiProperties p, ObjectProvider<OkHttpClient> httpClient,
      ObjectProvider<Clock> clock, Environment environment) {
    GeminiClient.Builder builder = GeminiClient.builder();
    ApiKey key = apiKey(environment).orElseThrow(() -> new IllegalStateException(
        "no Gemini API key: set " + API_KEY_PROPERTY + " or one of "
            + GeminiClient.API_KEY_VARIABLES));
    try {
      builder.apiKey(key.value());
    } catch (IllegalArgumentException e) {
      // the builder's message never holds the key; neither does this one
      throw new IllegalArgumentException(key.source() + ": " + e.getMessage());
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
    set("timeout-retries", p.timeoutRetries(), builder::timeoutRetries);
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
  QuotaEnforcedAnalyzer quotaEnforcedAnalyzer(GenerativeModel gemini, QuotaService quotas,
      RateLimiter rateLimiter, QuotaGeminiProperties p, ObjectProvider<Clock> clock,
      @Qualifier(CIRCUIT_BREAKER_BEAN) ObjectProvider<CircuitBreaker> circuitBreaker,
      ObjectProvider<ModelCallListener> listeners) {
    Clock time = QuotaAutoConfiguration.clock(clock);
    QuotaEnforcedAnalyzer.Builder builder = QuotaEnforcedAnalyzer.builder()
        .gemini(gemini)
        .quotas(quotas)
        .rateLimiter(rateLimiter)
        .clock(time)
        .circuitBreaker(circuitBreaker.getIfAvailable(
            () -> circuitBreaker(p.circuitBreaker(), time)));
    for (Map.Entry<String, String> model : new TreeMap<>(p.models()).entrySet()) {
      String property = "models." + model.getKey();
      OperationId operation = PropertiesCatalog.operationId(quotas.catalog(), model.getKey())
          .orElseThrow(() -> new InvalidConfigurationPropertyValueException(
              QuotaGeminiProperties.PREFIX + "." + property, model.getValue(),
              "the catalog has no operation '" + model.getKey() + "'"));
      set(property, model.getValue(), id -> builder.model(operation, id));
    }
    for (Map.Entry<String, QuotaGeminiProperties.Operation> entry
        : new TreeMap<>(p.operations()).entrySet()) {
      String property = QuotaGeminiProperties.PREFIX + ".operations." + entry.getKey();
      OperationId operation = PropertiesCatalog.operationId(quotas.catalog(), entry.getKey())
          .orElseThrow(() -> new InvalidConfigurationPropertyValueException(property,
              entry.getKey(), "the catalog has no operation '" + entry.getKey() + "'"));
      builder.settings(operation, settings(property, operation, entry.getValue()));
    }
    set("cache-ttl", p.cacheTtl(), builder::cacheTtl);
    set("cache-maximum-size", p.cacheMaximumSize(), builder::cacheMaximumSize);
    set("reservation-ttl", p.reservationTtl(), builder::reservationTtl);
    listeners.orderedStream().forEach(builder::listener);
    return builder.build();
  }

  /** The operation's defaults with what {@code o} sets, naming the property at fault. */
  private static OperationSettings settings(String property, OperationId operation,
      QuotaGeminiProperties.Operation o) {
    OperationSettings s = OperationSettings.defaults(operation);
    if (o.thinkingLevel() != null && o.thinkingBudget() != null) {
      throw new InvalidConfigurationPropertyValueException(property + ".thinking-budget",
          o.thinkingBudget(), "cannot be set together with thinking-level " + o.thinkingLevel()
              + ": Gemini takes one or the other");
    }
    try {
      if (o.thinkingLevel() != null) {
        s = s.withThinkingLevel(o.thinkingLevel());
      }
      if (o.mediaResolution() != null) {
        s = s.withMediaResolution(o.mediaResolution());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, o, e.getMessage());
    }
    if (o.thinkingBudget() != null) {
      try {
        s = s.withThinkingBudget(o.thinkingBudget());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(property + ".thinking-budget",
            o.thinkingBudget(), e.getMessage());
      }
    }
    if (o.maxOutputTokens() != null) {
      try {
        s = s.withMaxOutputTokens(o.maxOutputTokens());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(property + ".max-output-tokens",
            o.maxOutputTokens(), e.getMessage());
      }
    }
    return s;
  }

  /** The breaker of {@code bnaura.quota.gemini.circuit-breaker}, named {@code gemini}. */
  private static CircuitBreaker circuitBreaker(QuotaGeminiProperties.CircuitBreaker p,
      Clock clock) {
    CircuitBreakerConfig.Builder config = CircuitBreakerConfig.from(
        QuotaEnforcedAnalyzer.defaultCircuitBreakerConfig(clock));
    set("circuit-breaker.failure-rate-threshold", p.failureRateThreshold(),
        config::failureRateThreshold);
    set("circuit-breaker.sliding-window-size", p.slidingWindowSize(), config::slidingWindowSize);
    set("circuit-breaker.minimum-number-of-calls", p.minimumNumberOfCalls(),
        config::minimumNumberOfCalls);
    set("circuit-breaker.wait-duration-in-open-state", p.waitDurationInOpenState(),
        config::waitDurationInOpenState);
    set("circuit-breaker.permitted-number-of-calls-in-half-open-state",
        p.permittedNumberOfCallsInHalfOpenState(), config::permittedNumberOfCallsInHalfOpenState);
    CircuitBreaker breaker = CircuitBreaker.of("gemini", config.build());
    if (!p.enabled()) {
      breaker.transitionToDisabledState();
    }
    return breaker;
  }

  /** The property holding the API key, which wins over the environment variables. */
  static final String API_KEY_PROPERTY = QuotaGeminiProperties.PREFIX + ".api-key";

  /**
   * An API key and where it came from.
   *
   * @param source the property or environment variable
   * @param value the key, stripped
   */
  record ApiKey(String source, String value) {

    @Override
    public String toString() {
      return "ApiKey{source=" + source + ", value=<redacted>}";
    }
  }

  /**
   * The API key: {@code bnaura.quota.gemini.api-key} when not blank, else the first of {@link
   * GeminiClient#API_KEY_VARIABLES} that {@code env} has, not blank.
   */
  static Optional<ApiKey> apiKey(PropertyResolver env) {
    String property = env.getProperty(API_KEY_PROPERTY);
    if (StringUtils.hasText(property)) {
      return Optional.of(new ApiKey(API_KEY_PROPERTY, property.strip()));
    }
    for (String variable : GeminiClient.API_KEY_VARIABLES) {
      String value = env.getProperty(variable);
      if (StringUtils.hasText(value)) {
        return Optional.of(new ApiKey(variable, value.strip()));
      }
    }
    return Optional.empty();
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

  /** Matches when an API key is found, or the application has a {@link GenerativeModel}. */
  static final class OnKeyOrModel extends AnyNestedCondition {

    OnKeyOrModel() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(OnApiKeyCondition.class)
    static final class Key {}

    @ConditionalOnBean(GenerativeModel.class)
    static final class Model {}
  }

  /**
   * Matches when {@code bnaura.quota.gemini.api-key} or one of {@link
   * GeminiClient#API_KEY_VARIABLES} is set and not blank.
   */
  static final class OnApiKeyCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
        AnnotatedTypeMetadata metadata) {
      return apiKey(context.getEnvironment())
          .map(key -> ConditionOutcome.match(key.source() + " is set"))
          .orElseGet(() -> ConditionOutcome.noMatch("neither " + API_KEY_PROPERTY + " nor any of "
              + GeminiClient.API_KEY_VARIABLES + " is set"));
    }
  }
}
