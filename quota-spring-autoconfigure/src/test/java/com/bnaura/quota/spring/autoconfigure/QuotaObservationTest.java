package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.spi.QuotaStore;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class QuotaObservationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withPropertyValues("bnaura.quota.sweeper.enabled=false");

  private final ApplicationContextRunner observed = runner
      .withBean(ObservationRegistry.class, this::observations);

  @Test
  void writes_areTimedByOperationOutcomeCodeReplayAndStore_neverByClinic() {
    observed.withPropertyValues("bnaura.quota.plans.starter.monthly-allowance=1").run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "c1").build());
      quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "c1").build());
      Reserved r1 = quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());
      quotas.commitOrThrow(CommitRequest.of("clinic-1", r1.id().value()));
      Reserved r2 = quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r2").build());
      quotas.tryRelease("clinic-1", r2.id().value());
      quotas.tryConsume(UsageRequest.builder("clinic-1", "detailed", "c2").build());
      quotas.purchaseTopUp(TopUpRequest.units("clinic-1", 5, "t1"));
      quotas.changePlan(PlanChangeRequest.of("clinic-1", "professional", "p1"));
      quotas.recordCachedAnswer(UsageRequest.builder("clinic-1", "quick", "a1").build());

      assertThat(count("consume", "granted", "none", "false")).isEqualTo(1);
      assertThat(count("consume", "granted", "none", "true")).isEqualTo(1);
      assertThat(count("reserve", "granted", "none", "false")).isEqualTo(2);
      assertThat(count("commit", "granted", "none", "false")).isEqualTo(1);
      assertThat(count("release", "granted", "none", "false")).isEqualTo(1);
      assertThat(count("consume", "refused", "QUOTA_EXCEEDED", "false")).isEqualTo(1);
      assertThat(count("top-up", "granted", "none", "false")).isEqualTo(1);
      assertThat(count("plan-change", "granted", "none", "false")).isEqualTo(1);
      assertThat(count("cached-answer", "granted", "none", "false")).isEqualTo(1);
      assertThat(meters.get(DefaultQuotaObservationConvention.NAME).timers())
          .allSatisfy(timer -> {
            assertThat(timer.getId().getTag("store")).isEqualTo("InMemoryQuotaStore");
            assertThat(timer.getId().getTags()).extracting(Tag::getValue)
                .noneMatch(value -> value.contains("clinic"));
          });
      assertThat(stopped).extracting(Observation.Context::getContextualName)
          .contains("quota reserve", "quota commit", "quota plan-change");
      assertThat(stopped).allSatisfy(c -> assertThat(c.getHighCardinalityKeyValues()).isEmpty());
    });
  }

  @Test
  void reserveOrThrow_refused_isObservedAsRefusedAndStillThrows() {
    observed.run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);

      assertThatThrownBy(() -> quotas.reserveOrThrow(
          UsageRequest.builder("no-such-clinic", "quick", "r1").build()))
          .hasMessageContaining("no-such-clinic");

      assertThat(count("reserve", "refused", "UNKNOWN_CLINIC", "false")).isEqualTo(1);
    });
  }

  @Test
  void failingStore_isObservedAsErrorWithTheExceptionType() {
    observed.withBean(QuotaStore.class, FailingStore::new).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);

      assertThatThrownBy(() -> quotas.tryConsume(
          UsageRequest.builder("clinic-1", "quick", "c1").build()))
          .isInstanceOf(QuotaStoreException.class);

      Timer timer = meters.get(DefaultQuotaObservationConvention.NAME)
          .tags("operation", "consume", "outcome", "error", "store", "FailingStore").timer();
      assertThat(timer.count()).isEqualTo(1);
      assertThat(timer.getId().getTag("error")).isEqualTo("QuotaStoreException");
    });
  }

  @Test
  void applicationsOwnService_isObserved_butCannotTellReplays() {
    observed.withBean(QuotaService.class,
            () -> QuotaService.builder().store(QuotaStore.inMemory()).build())
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "c1").build());

          assertThat(quotas).isInstanceOf(ObservedQuotaService.class);
          assertThat(meters.get(DefaultQuotaObservationConvention.NAME)
              .tags("operation", "consume", "replayed", "unknown", "store", "unknown").timer()
              .count()).isEqualTo(1);
        });
  }

  @Test
  void conventionBean_replacesTheDefault() {
    observed.withBean(QuotaObservationConvention.class, () -> new DefaultQuotaObservationConvention() {
      @Override
      public KeyValues getLowCardinalityKeyValues(QuotaObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and("region", "th");
      }
    }).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "c1").build());

      assertThat(meters.get(DefaultQuotaObservationConvention.NAME)
          .tags("operation", "consume", "region", "th").timer().count()).isEqualTo(1);
    });
  }

  @Test
  void withBootsObservationAutoConfiguration_timersReachTheMeterRegistry() {
    runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
            MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class);
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "c1").build());

          assertThat(context.getBean(MeterRegistry.class).get("bnaura.quota.operation")
              .tags("operation", "consume", "outcome", "granted").timer().count()).isEqualTo(1);
        });
  }

  @Test
  void committedAiCall_recordsGenAiTokenUsage_onceEvenWhenTheCommitIsReplayed() {
    observed.withBean(MeterRegistry.class, () -> meters).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      Reserved r1 = quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());
      CommitRequest commit = CommitRequest.builder("clinic-1", r1.id().value())
          .model("gemini-3.8-flash").tokens(812, 240, 60).build();

      quotas.commitOrThrow(commit);
      quotas.commitOrThrow(commit);

      assertThat(tokens("input").count()).isEqualTo(1);
      assertThat(tokens("input").totalAmount()).isEqualTo(812);
      assertThat(tokens("output").totalAmount()).isEqualTo(300);
      assertThat(count("commit", "granted", "none", "true")).isEqualTo(1);
    });
  }

  @Test
  void commitWithoutAModel_recordsNoTokens() {
    observed.withBean(MeterRegistry.class, () -> meters).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      Reserved r1 = quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());

      quotas.commitOrThrow(CommitRequest.of("clinic-1", r1.id().value()));

      assertThat(meters.find(MicrometerGenAiTokenUsage.NAME).summaries()).isEmpty();
    });
  }

  @Test
  void meterRegistryWithoutObservationRegistry_stillRecordsTokens() {
    runner.withBean(MeterRegistry.class, () -> meters).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      Reserved r1 = quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());

      quotas.commitOrThrow(CommitRequest.builder("clinic-1", r1.id().value())
          .model("gemini-3.8-flash").tokens(10, 5, 0).build());

      assertThat(tokens("input").totalAmount()).isEqualTo(10);
      assertThat(meters.find(DefaultQuotaObservationConvention.NAME).timers()).isEmpty();
    });
  }

  @Test
  void withoutObservationRegistryOrMeterRegistry_serviceIsNotWrapped() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .getBean(QuotaService.class).isNotInstanceOf(ObservedQuotaService.class));
  }

  @Test
  void withoutMicrometerObservation_serviceIsNotWrapped() {
    observed.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(QuotaObservationAutoConfiguration.class)
            .getBean(QuotaService.class).isNotInstanceOf(ObservedQuotaService.class));
  }

  @Test
  void observationsDisabled_serviceIsNotWrapped() {
    observed.withPropertyValues("bnaura.quota.observations.enabled=false")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(QuotaEventCounter.class)
            .getBean(QuotaService.class).isNotInstanceOf(ObservedQuotaService.class));
  }

  private ObservationRegistry observations() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }
    });
    return registry;
  }

  private io.micrometer.core.instrument.DistributionSummary tokens(String type) {
    return meters.get(MicrometerGenAiTokenUsage.NAME).tags("gen_ai.operation.name",
        "generate_content", "gen_ai.provider.name", "gcp.gemini", "gen_ai.token.type", type,
        "gen_ai.response.model", "gemini-3.8-flash").summary();
  }

  private long count(String operation, String outcome, String code, String replayed) {
    return meters.get(DefaultQuotaObservationConvention.NAME).tags("operation", operation,
        "outcome", outcome, "code", code, "replayed", replayed).timer().count();
  }
}
