package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.Drift;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.ForwardingQuotaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
final class QuotaReconcilerTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withPropertyValues("bnaura.quota.sweeper.enabled=false");

  /** Moves c1's monthly used by {@code milli} without a ledger entry, through the SPI. */
  private static void corrupt(QuotaStore store, String clinic, long milli) {
    ClinicSnapshot s = store.load(LoadRequest.of(ClinicId.of(clinic)));
    AccountRecord a = s.account().orElseThrow();
    PeriodRecord p = s.periods().get(a.currentPeriod().start());
    PeriodRecord moved = p.withMonthlyUsed(Units.ofMilli(p.monthlyUsed().milli() + milli));
    store.apply(new WriteSet(s.clinic(), s.version(), s.ledgerSize(), a, false,
        List.of(new WriteSet.Row<>(moved, false)), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of()));
  }

  @Test
  void reconciler_isOnByDefault_withItsBound() {
    runner.run(context -> {
      QuotaReconciler reconciler = context.getBean(QuotaReconciler.class);

      assertThat(reconciler.isRunning()).isTrue();
      assertThat(reconciler.clinicsPerMinute()).isEqualTo(60);
      assertThat(reconciler.interval()).isEqualTo(Duration.ofSeconds(10));
    });
  }

  @Test
  void rowChangedBehindTheEngine_isLoggedCountedAndShownInHealth(CapturedOutput output) {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues("bnaura.quota.reconciliation.interval=20ms",
            "bnaura.quota.reconciliation.clinics-per-minute=6000")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          QuotaStore store = context.getBean(QuotaStore.class);
          QuotaReconciler reconciler = context.getBean(QuotaReconciler.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          register(quotas, "clinic-1", "starter");
          register(quotas, "clinic-2", "starter");
          quotas.consumeOrThrow(UsageRequest.builder("clinic-2", "detailed", "c1").build());
          await(() -> reconciler.clinicsChecked() >= 2);
          assertThat(registry.get("bnaura.quota.reconciliation.drifts").gauge().value()).isZero();

          corrupt(store, "clinic-2", -400);
          await(() -> reconciler.drifts() == 1);

          assertThat(registry.get("bnaura.quota.reconciliation.drifts").gauge().value())
              .isEqualTo(1.0);
          assertThat(registry.get("bnaura.quota.reconciliation.drifts").gauge().getId()
              .getTags()).isEmpty();
          assertThat(registry.get("bnaura.quota.reconciliation.checks").functionCounter().count())
              .isGreaterThanOrEqualTo(3);
          Health health = context.getBean(QuotaHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          @SuppressWarnings("unchecked")
          Map<String, Object> details = (Map<String, Object>) health.getDetails()
              .get("reconciliation");
          assertThat(details).containsEntry("clinicsPerMinute", 6000).containsEntry("drifts", 1);
          assertThat(details.get("recentDrifts")).asInstanceOf(
              org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement()
              .isEqualTo(Map.of("clinic", "clinic-2",
                  "period", reconciler.recentDrifts().get(0).periodStart().orElseThrow()
                      .toString(),
                  "field", "monthlyUsed", "ledger", "1.000", "row", "0.600"));

          corrupt(store, "clinic-2", 400);
          await(() -> reconciler.drifts() == 0);

          assertThat(reconciler.recentDrifts()).isEmpty();
          assertThat(registry.get("bnaura.quota.reconciliation.drifts").gauge().value()).isZero();
        });
    assertThat(output).contains("WARN").contains(
        "Ledger drift: clinic clinic-2 period ").contains(
        " monthlyUsed: ledger 1.000, row 0.600");
  }

  @Test
  void step_checksNoMoreThanItsShareOfTheMinute() {
    QuotaService quotas = QuotaService.builder().build();
    for (int i = 0; i < 7; i++) {
      register(quotas, "clinic-" + i, "starter");
    }
    // 3 a minute in steps of 20 s: one clinic per step
    QuotaReconciler slow = new QuotaReconciler(quotas, 3, Duration.ofSeconds(20));
    // 2 a minute in steps of 10 s: one clinic every third step
    QuotaReconciler slower = new QuotaReconciler(quotas, 2, Duration.ofSeconds(10));
    List<Integer> slowSteps = new ArrayList<>();
    List<Integer> slowerSteps = new ArrayList<>();

    for (int i = 0; i < 6; i++) {
      slowSteps.add(slow.step());
      slowerSteps.add(slower.step());
    }

    assertThat(slowSteps).containsExactly(1, 1, 1, 1, 1, 1);
    assertThat(slowerSteps).containsExactly(0, 0, 1, 0, 0, 1);
    assertThat(new QuotaReconciler(quotas, 60, Duration.ofSeconds(10)).step()).isEqualTo(7);
  }

  @Test
  void aWalkThroughEveryClinic_startsOverAfterTheLast_andAShareLeftOverCarries() {
    QuotaService quotas = QuotaService.builder().build();
    for (int i = 0; i < 3; i++) {
      register(quotas, "clinic-" + i, "starter");
    }
    QuotaReconciler reconciler = new QuotaReconciler(quotas, 12, Duration.ofSeconds(10));

    int[] steps = {reconciler.step(), reconciler.step(), reconciler.step()};

    // two a step; the step that ends the pass leaves one unused, which the next may check
    assertThat(steps).containsExactly(2, 1, 3);
    assertThat(reconciler.passesCompleted()).isEqualTo(1);
    assertThat(reconciler.clinicsChecked()).isEqualTo(6);
  }

  @Test
  void reconciler_canBeTurnedOff_andHealthSaysSo() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues("bnaura.quota.reconciliation.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(QuotaReconciler.class)
              .doesNotHaveBean(QuotaReconciliationMetrics.class);
          assertThat(context.getBean(MeterRegistry.class)
              .find("bnaura.quota.reconciliation.drifts").gauge()).isNull();
          assertThat(context.getBean(QuotaHealthIndicator.class).health().getDetails())
              .containsEntry("reconciliation", "off");
        });
  }

  @Test
  void reconciler_stopsWithTheContext() {
    QuotaReconciler[] reconciler = new QuotaReconciler[1];
    runner.run(context -> reconciler[0] = context.getBean(QuotaReconciler.class));

    assertThat(reconciler[0].isRunning()).isFalse();
  }

  @Test
  void userReconciler_backsOff() {
    QuotaReconciler mine = new QuotaReconciler(QuotaService.builder().build(), 1,
        Duration.ofMinutes(1));
    runner.withBean(QuotaReconciler.class, () -> mine)
        .run(context -> assertThat(context.getBean(QuotaReconciler.class)).isSameAs(mine));
  }

  @Test
  void badBound_failsStartUpNamingTheProperty() {
    runner.withPropertyValues("bnaura.quota.reconciliation.clinics-per-minute=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("bnaura.quota.reconciliation.clinics-per-minute")
            .hasMessageContaining("between 1 and 10000"));
    runner.withPropertyValues("bnaura.quota.reconciliation.interval=0s")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("bnaura.quota.reconciliation.interval"));
  }

  @Test
  void failingStep_isLoggedAndTriedAgain(CapturedOutput output) {
    runner.withBean(QuotaService.class, () -> QuotaService.builder().store(new FailingStore())
            .build())
        .withPropertyValues("bnaura.quota.reconciliation.interval=10ms",
            "bnaura.quota.reconciliation.clinics-per-minute=6000")
        .run(context -> {
          QuotaReconciler reconciler = context.getBean(QuotaReconciler.class);

          await(() -> output.toString().split("Could not reconcile", -1).length > 3);

          assertThat(reconciler.isRunning()).isTrue();
        });
    assertThat(output).contains("connection refused");
  }

  @Test
  void storeThatCannotListClinics_stopsTheScheduleWithOneWarning(CapturedOutput output) {
    // a store that, like the SPI's default, cannot list its clinics
    QuotaStore unlisted = new ForwardingQuotaStore(QuotaStore.inMemory()) {
      @Override
      public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
        throw new UnsupportedOperationException("this store cannot list its clinics");
      }
    };
    runner.withBean(QuotaService.class, () -> QuotaService.builder().store(unlisted).build())
        .withPropertyValues("bnaura.quota.reconciliation.interval=10ms",
            "bnaura.quota.reconciliation.clinics-per-minute=6000")
        .run(context -> {
          QuotaReconciler reconciler = context.getBean(QuotaReconciler.class);

          await(() -> !reconciler.isRunning());
          Thread.sleep(50);

          assertThat(output.toString().split("Reconciliation stopped", -1)).hasSize(2);
        });
    assertThat(output).contains("cannot list its clinics");
  }

  @Test
  void reconciler_refusesABoundOutOfRange() {
    QuotaService quotas = QuotaService.builder().build();

    assertThatThrownBy(() -> new QuotaReconciler(quotas, 10_001, Duration.ofSeconds(1)))
        .hasMessageContaining("clinicsPerMinute must be 1 to 10000");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
