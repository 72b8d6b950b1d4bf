package com.bnaura.quota.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application whose only Aura Quota dependency is this starter, plus a JDBC driver (H2 here):
 * it gets a pooled DataSource from {@code spring.datasource.url} and the JDBC store in it.
 */
final class StarterTest {

  @Test
  void starterAndADriver_giveTheJdbcStoreOnAPooledDataSource() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Host.class)
        .web(WebApplicationType.NONE)
        .properties("spring.datasource.url=jdbc:h2:mem:starter-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1",
            "spring.main.banner-mode=off", "bnaura.quota.sweeper.enabled=false")
        .run()) {
      QuotaService quotas = context.getBean(QuotaService.class);
      quotas.registerClinic(ClinicRegistration.builder("clinic-1", "starter").build());

      quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());

      assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
      assertThat(context.getBean(QuotaStore.class)).isInstanceOf(JdbcQuotaStore.class);
      assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("99.8"));
    }
  }

  /** The whole of a host application's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Host {}
}
