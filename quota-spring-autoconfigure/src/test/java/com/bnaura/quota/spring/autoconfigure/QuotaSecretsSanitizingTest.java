package com.bnaura.quota.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The engine's secrets stay masked in Actuator's {@code configprops} and {@code env} endpoints
 * even where an operator has them show values; every other value is shown.
 */
final class QuotaSecretsSanitizingTest {

  private static final String WEBHOOK_SECRET = "whsec-in-the-config-1234";
  private static final String REF_KEY = "customer-ref-key-5678-abcd";
  private static final String API_KEY = "AIza-gemini-key-9012";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withConfiguration(AutoConfigurations.of(
          ConfigurationPropertiesReportEndpointAutoConfiguration.class,
          EnvironmentEndpointAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=configprops,env",
          "management.endpoint.configprops.show-values=always",
          "management.endpoint.env.show-values=always",
          "bnaura.quota.sweeper.enabled=false",
          "bnaura.quota.customer-ref-key=" + REF_KEY,
          "bnaura.quota.gemini.api-key=" + API_KEY,
          "bnaura.quota.events.dispatch-every=0",
          "bnaura.quota.events.webhooks[0].name=crm",
          "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/quota",
          "bnaura.quota.events.webhooks[0].secret=" + WEBHOOK_SECRET);

  @Test
  void configprops_masksTheSecrets_andShowsTheRest() {
    runner.run(context -> {
      String report = context.getBean(ConfigurationPropertiesReportEndpoint.class)
          .configurationPropertiesWithPrefix("bnaura.quota").getContexts().values().stream()
          .flatMap(c -> c.getBeans().values().stream())
          .map(bean -> bean.getProperties().toString()).reduce("", String::concat);

      assertThat(report).contains("crm", "https://hooks.example.com/quota", "******")
          .doesNotContain(WEBHOOK_SECRET).doesNotContain(REF_KEY).doesNotContain(API_KEY);
    });
  }

  @Test
  void env_masksTheSecrets_andShowsTheRest() {
    runner.run(context -> {
      EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);

      assertThat(value(env, "bnaura.quota.events.webhooks[0].secret")).isEqualTo("******");
      assertThat(value(env, "bnaura.quota.customer-ref-key")).isEqualTo("******");
      assertThat(value(env, "bnaura.quota.gemini.api-key")).isEqualTo("******");
      assertThat(value(env, "bnaura.quota.events.webhooks[0].name")).isEqualTo("crm");
    });
  }

  @Test
  void theKeyTest_coversEveryFormOfTheSecretsKeys_andNothingElse() {
    assertThat(QuotaEndpointAutoConfiguration.isSecret("bnaura.quota.customerRefKey")).isTrue();
    assertThat(QuotaEndpointAutoConfiguration.isSecret("BNAURA_QUOTA_EVENTS_WEBHOOKS_0_SECRET"))
        .isTrue();
    assertThat(QuotaEndpointAutoConfiguration.isSecret("bnaura.quota.gemini.apiKey")).isTrue();
    assertThat(QuotaEndpointAutoConfiguration.isSecret("bnaura.quota.events.webhooks[0].url"))
        .isFalse();
    assertThat(QuotaEndpointAutoConfiguration.isSecret("other.secret")).isFalse();
    assertThat(QuotaEndpointAutoConfiguration.isSecret(null)).isFalse();
  }

  private static Object value(EnvironmentEndpoint env, String name) {
    return env.environmentEntry(name).getProperty().getValue();
  }
}
