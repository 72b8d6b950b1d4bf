package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.Units;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A whole Spring Boot application with every auto-configuration on the test class path, as a host
 * application that adds this one module would run it.
 */
@ExtendWith(OutputCaptureExtension.class)
final class SpringApplicationTest {

  @Test
  void application_isMeteredWithStoreHealthAndMetrics() {
    try (ConfigurableApplicationContext context = application(TestContexts.h2Url(),
        "bnaura.quota.operations.QUICK_SCAN.rate=0.5").run()) {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());

      assertThat(context.getBean(com.bnaura.quota.spi.QuotaStore.class))
          .isInstanceOf(JdbcQuotaStore.class);
      assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("99.5"));
      assertThat(context.getBean(QuotaHealthIndicator.class).health().getStatus())
          .isEqualTo(Status.UP);
      assertThat(context.getBean(MeterRegistry.class).get("bnaura.quota.consumptions")
          .tag("result", "charged").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void badProperty_isReportedByNameAtStartUp(CapturedOutput output) {
    assertThatThrownBy(() -> application("bnaura.quota.plans.starter.overage-policy=SOMETIMES")
        .run().close()).isNotNull();

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("bnaura.quota.plans.starter.overage-policy").contains("SOMETIMES");
  }

  @Test
  void negativeAllowance_isReportedByNameAtStartUp(CapturedOutput output) {
    assertThatThrownBy(() -> application("bnaura.quota.plans.starter.monthly-allowance=-5")
        .run().close()).isNotNull();

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Invalid value '-5' for configuration property "
            + "'bnaura.quota.plans.starter.monthly-allowance'");
  }

  @Test
  void failedMigration_isExplainedAtStartUp(CapturedOutput output) throws Exception {
    String url = "jdbc:h2:mem:taken-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Statement s = c.createStatement()) {
      s.execute("create table quota_clinic_account (id int)");
      assertThatThrownBy(() -> application("spring.datasource.url=" + url).run().close())
          .isNotNull();
    }

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Migration 1 (V1__quota.sql) of the quota tables failed")
        .contains("set bnaura.quota.jdbc.migrate=false");
  }

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(HostApplication.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .properties("spring.main.banner-mode=off", "bnaura.quota.sweeper.enabled=false");
  }

  /** The whole of a host application's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HostApplication {}
}
