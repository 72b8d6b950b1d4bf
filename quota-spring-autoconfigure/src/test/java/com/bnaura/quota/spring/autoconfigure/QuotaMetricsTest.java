package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class QuotaMetricsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void meters_countConsumptionsReservationsAndRefusals_withLowCardinalityTags() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(SimpleMeterRegistry.class).withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.plans.starter.monthly-allowance=1",
            "bnaura.quota.sweeper.enabled=false")
        .run(context -> {
          assertThat(context).hasSingleBean(QuotaMetricsListener.class);
          QuotaService quotas = context.getBean(QuotaService.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          register(quotas, "clinic-1", "starter");

          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "c1").build());
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "c2")
              .customerRef("cust-9").build());
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "c3")
              .customerRef("cust-9").build());
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "chat", "c4").build());
          quotas.recordCachedAnswer(UsageRequest.builder("clinic-1", "quick", "a1").build());
          Reserved committed = quotas.reserveOrThrow(
              UsageRequest.builder("clinic-1", "quick", "r1").build());
          quotas.commitOrThrow(CommitRequest.of("clinic-1", committed.id().value()));
          Reserved released = quotas.reserveOrThrow(
              UsageRequest.builder("clinic-1", "quick", "r2").build());
          quotas.tryRelease("clinic-1", released.id().value());
          quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r3").build());
          clock.advance(Duration.ofMinutes(11));
          quotas.expireReservations();
          quotas.tryConsume(UsageRequest.builder("clinic-1", "detailed", "c5").build());
          quotas.tryConsume(UsageRequest.builder("clinic-1", "detailed", "c6")
              .acceptOverage(true).build());
          quotas.tryConsume(UsageRequest.builder("clinic-1", "no-such-scan", "c7").build());
          quotas.purchaseTopUp(TopUpRequest.units("clinic-1", 5, "t1"));

          assertThat(count(registry, "bnaura.quota.consumptions", "operation", "QUICK_SCAN",
              "result", "charged")).isEqualTo(3);
          assertThat(count(registry, "bnaura.quota.consumptions", "operation", "QUICK_SCAN",
              "result", "exempt")).isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.consumptions", "operation", "QUICK_SCAN",
              "result", "cached")).isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.consumptions", "operation", "CHAT_ADVISOR",
              "result", "free")).isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.consumptions", "operation",
              "CLINICAL_ANALYSIS", "result", "overage")).isEqualTo(1);
          assertThat(registry.get("bnaura.quota.consumed.units").tag("operation", "QUICK_SCAN")
              .counter().count()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
          // 0.6 unit beyond the allowance of 1 at the starter's THB 75 a unit: THB 45.00
          assertThat(count(registry, "bnaura.quota.overage.billed", "operation",
              "CLINICAL_ANALYSIS", "currency", "THB")).isEqualTo(4500);
          assertThat(registry.find("bnaura.quota.overage.billed").counters()).hasSize(1);
          assertThat(count(registry, "bnaura.quota.reservations", "outcome", "reserved"))
              .isEqualTo(3);
          assertThat(count(registry, "bnaura.quota.reservations", "outcome", "committed"))
              .isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.reservations", "outcome", "released"))
              .isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.reservations", "outcome", "expired"))
              .isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.refusals", "code", "QUOTA_EXCEEDED"))
              .isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.refusals", "code", "UNKNOWN_OPERATION"))
              .isEqualTo(1);
          assertThat(registry.get("bnaura.quota.topups").counter().count()).isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.alerts", "level", "EXHAUSTED")).isEqualTo(1);
          assertThat(count(registry, "bnaura.quota.alerts", "level", "OVERAGE_STARTED"))
              .isEqualTo(1);
          assertThat(registry.getMeters()).allSatisfy(meter -> {
            assertThat(meter.getId().getName()).matches("[a-z]+(\\.[a-z]+)+");
            assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getValue().contains("clinic"));
          });
        });
  }

  @Test
  void meters_countRecoveriesByLevel_andResetsWithTheUnitsThatExpired() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(SimpleMeterRegistry.class).withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.plans.starter.monthly-allowance=10",
            "bnaura.quota.sweeper.enabled=false")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          register(quotas, "clinic-1", "starter");
          for (int i = 0; i < 9; i++) {
            quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "detailed", "d" + i).build());
          }
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "q1").build());
          // 0.8 of 10 left: WARNING

          quotas.purchaseTopUpOrThrow(TopUpRequest.units("clinic-1", 1, "t1")); // 1.8 of 11
          clock.set("2026-04-02T03:00:00Z");
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "q2").build());

          assertThat(count(registry, "bnaura.quota.alerts.recovered", "level", "WARNING"))
              .isEqualTo(1);
          assertThat(registry.find("bnaura.quota.alerts.recovered").counters()).hasSize(1);
          assertThat(registry.get("bnaura.quota.resets").counter().count()).isEqualTo(1);
          assertThat(registry.get("bnaura.quota.reset.expired.units").counter().count())
              .isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        });
  }

  @Test
  void withBootsMetricsAutoConfiguration_listenerIsRegistered() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(QuotaMetricsListener.class);
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "c1").build());

          assertThat(count(context.getBean(MeterRegistry.class), "bnaura.quota.consumptions",
              "operation", "QUICK_SCAN", "result", "charged")).isEqualTo(1);
        });
  }

  @Test
  void cacheStatistics_arePublished() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasSingleBean(QuotaCacheMetrics.class);
          QuotaService quotas = context.getBean(QuotaService.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          register(quotas, "clinic-1", "starter");

          quotas.status("clinic-1");
          quotas.status("clinic-1");
          quotas.status("clinic-1");

          assertThat(registry.get("bnaura.quota.cache.gets").tags("cache", "status", "result",
              "hit").functionCounter().count()).isEqualTo(2);
          assertThat(registry.get("bnaura.quota.cache.gets").tags("cache", "status", "result",
              "miss").functionCounter().count()).isEqualTo(1);
          assertThat(registry.get("bnaura.quota.cache.size").tags("cache", "status").gauge()
              .value()).isEqualTo(1);
          assertThat(registry.get("bnaura.quota.cache.evictions")
              .tags("cache", "recommendations").functionCounter().count()).isZero();
        });
  }

  @Test
  void cacheCounters_doNotDropWhenTheCachesAreReset() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class)).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      register(quotas, "clinic-1", "starter");
      quotas.status("clinic-1");
      quotas.status("clinic-1");

      quotas.resetCaches();
      quotas.status("clinic-1");

      assertThat(registry.get("bnaura.quota.cache.gets").tags("cache", "status", "result",
          "hit").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("bnaura.quota.cache.gets").tags("cache", "status", "result",
          "miss").functionCounter().count()).isEqualTo(2);
      assertThat(quotas.cacheStats().status().misses()).isEqualTo(1);
      assertThat(quotas.cacheStats().status().hits()).isZero();
      assertThat(quotas.cacheStats().total().status().hits()).isEqualTo(1);
    });
  }

  @Test
  void withoutMeterRegistry_noListener() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(QuotaMetricsListener.class).doesNotHaveBean(QuotaCacheMetrics.class));
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
