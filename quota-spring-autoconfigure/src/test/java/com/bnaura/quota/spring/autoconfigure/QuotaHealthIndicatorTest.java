package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class QuotaHealthIndicatorTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void jdbcStore_isUpWithDetails() {
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(TestContexts.h2Url()).run(context -> {
          Health health = context.getBean("quotaHealthIndicator", QuotaHealthIndicator.class)
              .health();

          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("store", "JdbcQuotaStore")
              .containsEntry("clinicsWithExpiredReservations", 0)
              .containsEntry("sweeper", "every PT30S")
              .containsEntry("cacheHitRate", 1.0).containsEntry("cacheRequests", 0L);
        });
  }

  @Test
  void expiredButUnreclaimedReservations_areCounted_untilSwept() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.sweeper.enabled=false").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          QuotaHealthIndicator indicator = context.getBean(QuotaHealthIndicator.class);
          register(quotas, "clinic-1", "starter");
          register(quotas, "clinic-2", "starter");
          quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());
          quotas.reserveOrThrow(UsageRequest.builder("clinic-2", "quick", "r2").build());
          clock.advance(Duration.ofMinutes(11));

          Health before = indicator.health();
          quotas.expireReservations();
          Health after = indicator.health();

          assertThat(before.getStatus()).isEqualTo(Status.UP);
          assertThat(before.getDetails()).containsEntry("clinicsWithExpiredReservations", 2)
              .containsEntry("sweeper", "off").containsEntry("store", "InMemoryQuotaStore");
          assertThat(after.getDetails()).containsEntry("clinicsWithExpiredReservations", 0);
        });
  }

  @Test
  void cacheHitRate_isReported() {
    runner.run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      for (int i = 0; i < 4; i++) {
        quotas.status("clinic-1");
      }

      Health health = context.getBean(QuotaHealthIndicator.class).health();

      assertThat(health.getDetails()).containsEntry("cacheHitRate", 0.75)
          .containsEntry("cacheRequests", 4L);
    });
  }

  @Test
  void failingStore_isDown() {
    runner.withBean(QuotaStore.class, FailingStore::new).run(context -> {
      Health health = context.getBean(QuotaHealthIndicator.class).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("error").toString()).contains("connection refused");
    });
  }

  @Test
  void neverCallsGemini() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      runner.withPropertyValues("bnaura.quota.gemini.api-key=k-123",
          "bnaura.quota.gemini.base-url=" + server.url("/v1beta")).run(context -> {
            Health health = context.getBean(QuotaHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
          });
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void turnedOff_byManagementProperty() {
    runner.withPropertyValues("management.health.quota.enabled=false")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(QuotaHealthIndicator.class));
  }

  @Test
  void userQuotaServiceAndStore_getTheIndicator() {
    QuotaStore store = QuotaStore.inMemory();
    runner.withBean(QuotaService.class, () -> QuotaService.builder().store(store).build())
        .withBean(QuotaStore.class, () -> store)
        .run(context -> assertThat(context).hasSingleBean(QuotaHealthIndicator.class));
  }

  @Test
  void userQuotaServiceAlone_getsNoStoreAndNoIndicator() {
    runner.withBean(QuotaService.class, () -> QuotaService.builder().build())
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(QuotaStore.class)
            .doesNotHaveBean(QuotaHealthIndicator.class));
  }
}
