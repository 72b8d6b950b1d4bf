package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class QuotaEndpointTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withPropertyValues("bnaura.quota.sweeper.enabled=false");

  private final ApplicationContextRunner exposed = runner
      .withPropertyValues("management.endpoints.web.exposure.include=quota");

  @Test
  void notExposed_noEndpoint() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(QuotaEndpoint.class));
  }

  @Test
  void exposed_endpointReportsCachesSweeperAndNoAnalyzer() {
    exposed.withPropertyValues("bnaura.quota.sweeper.enabled=true").run(context -> {
      assertThat(context).hasSingleBean(QuotaEndpoint.class);
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      quotas.status("clinic-1");
      quotas.status("clinic-1");

      QuotaEndpoint.QuotaDescriptor quota = context.getBean(QuotaEndpoint.class).quota();

      assertThat(quota.caches().status().hits()).isEqualTo(1);
      assertThat(quota.caches().status().misses()).isEqualTo(1);
      assertThat(quota.sweeper().interval()).isEqualTo("PT30S");
      assertThat(quota.sweeper().running()).isTrue();
      assertThat(quota.analyzer()).isNull();
    });
  }

  @Test
  void sweeperOff_hasNoSweeperCounters() {
    exposed.run(context -> assertThat(context.getBean(QuotaEndpoint.class).quota().sweeper())
        .isNull());
  }

  @Test
  void withAnalyzer_reportsItsCounters() {
    exposed.withPropertyValues("bnaura.quota.gemini.api-key=k-123").run(context -> {
      assertThat(context).hasSingleBean(QuotaEnforcedAnalyzer.class);

      Object analyzer = context.getBean(QuotaEndpoint.class).quota().analyzer();

      assertThat(analyzer).isInstanceOfSatisfying(QuotaEnforcedAnalyzer.Stats.class,
          stats -> assertThat(stats.requests()).isZero());
    });
  }

  @Test
  void withoutQuotaGemini_endpointStillStarts() {
    exposed.withClassLoader(new FilteredClassLoader("com.bnaura.quota.gemini"))
        .withPropertyValues("bnaura.quota.gemini.api-key=k-123")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(QuotaEndpoint.class)
              .doesNotHaveBean(QuotaEndpointAutoConfiguration.AnalyzerStats.class);
          assertThat(context.getBean(QuotaEndpoint.class).quota().analyzer()).isNull();
        });
  }

  @Test
  void clinic_showsItsStatusWithExactDecimals() {
    exposed.run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "c1").build());

      Map<String, Object> clinic = context.getBean(QuotaEndpoint.class).clinic("clinic-1");

      assertThat(clinic).containsEntry("clinic", "clinic-1").containsEntry("plan", "starter")
          .containsEntry("monthlyUsed", "0.200").containsEntry("monthlyRemaining", "99.800")
          .containsEntry("overageCost", "THB 0.00").containsEntry("zone", "Asia/Bangkok");
    });
  }

  @Test
  void clinic_unknownIsNull_malformedIsABadRequest() {
    exposed.run(context -> {
      QuotaEndpoint endpoint = context.getBean(QuotaEndpoint.class);

      assertThat(endpoint.clinic("no-such-clinic")).isNull();
      assertThatThrownBy(() -> endpoint.clinic(" "))
          .isInstanceOf(InvalidEndpointRequestException.class);
    });
  }

  @Test
  void resetCaches_emptiesTheCachesButNotTheTotals() {
    exposed.run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      QuotaEndpoint endpoint = context.getBean(QuotaEndpoint.class);
      register(quotas, "clinic-1", "starter");
      quotas.status("clinic-1");
      quotas.status("clinic-1");

      endpoint.resetCaches();

      QuotaEndpoint.QuotaDescriptor quota = endpoint.quota();
      assertThat(quota.caches().status().requests()).isZero();
      assertThat(quota.caches().status().size()).isZero();
      assertThat(quota.caches().total().status().requests()).isEqualTo(2);
    });
  }

  @Test
  void accessNone_noEndpoint() {
    exposed.withPropertyValues("management.endpoint.quota.access=NONE")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(QuotaEndpoint.class));
  }

  @Test
  void withoutActuator_noEndpoint() {
    exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
            .doesNotHaveBean(QuotaEndpoint.class));
  }

  @Test
  void applicationsOwnEndpoint_backsOff() {
    exposed.withBean("myQuotaEndpoint", QuotaEndpoint.class,
            () -> new QuotaEndpoint(QuotaService.builder().build(), null, null))
        .run(context -> assertThat(context).hasSingleBean(QuotaEndpoint.class)
            .hasBean("myQuotaEndpoint"));
  }
}
