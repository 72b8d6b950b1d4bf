package com.bnaura.quota.spring.starter.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.spi.QuotaStore;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application whose only Aura Quota dependency is this starter: with an API key it gets the
 * Gemini client and the quota-enforced analyzer beside the JDBC store.
 */
final class GeminiStarterTest {

  @Test
  void starterWithAnApiKey_givesTheAnalyzerAndTheJdbcStore() {
    try (ConfigurableApplicationContext context = application(
        "bnaura.quota.gemini.api-key=k-123").run()) {
      assertThat(context.getBean(QuotaStore.class)).isInstanceOf(JdbcQuotaStore.class);
      assertThat(context.getBeansOfType(GeminiClient.class)).hasSize(1);
      assertThat(context.getBeansOfType(QuotaEnforcedAnalyzer.class)).hasSize(1);
    }
  }

  @Test
  void starterWithoutAnApiKey_startsWithoutGemini() {
    try (ConfigurableApplicationContext context = application().run()) {
      assertThat(context.getBeansOfType(QuotaEnforcedAnalyzer.class)).isEmpty();
    }
  }

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(Host.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .properties("spring.datasource.url=jdbc:h2:mem:gemini-starter-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1",
            "spring.main.banner-mode=off", "bnaura.quota.sweeper.enabled=false");
  }

  /** The whole of a host application's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Host {}
}
