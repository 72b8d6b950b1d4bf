package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.FakePaymentGateway;
import com.bnaura.quota.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
final class QuotaReservationSweeperTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void sweeper_expiresReservationsPastTheirTtl_andGivesTheUnitsBack() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.sweeper.interval=20ms").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          QuotaReservationSweeper sweeper = context.getBean(QuotaReservationSweeper.class);
          register(quotas, "clinic-1", "starter");
          quotas.reserveOrThrow(UsageRequest.builder("clinic-1", "detailed", "r1").build());
          assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.of(99));

          clock.advance(Duration.ofMinutes(11));

          assertThat(sweeper.isRunning()).isTrue();
          await(() -> sweeper.expiredReservations() == 1);
          assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.of(100));
        });
  }

  @Test
  void sweeper_finishesAutoTopUpPaymentsWhoseDriverStopped() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    FakePaymentGateway provider = FakePaymentGateway.twoStep().timeoutBeforeAccepting(1);
    runner.withBean(Clock.class, () -> clock)
        .withBean(QuotaServiceBuilderCustomizer.class,
            () -> builder -> builder.paymentGateway(provider))
        .withPropertyValues("bnaura.quota.sweeper.interval=20ms").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          QuotaReservationSweeper sweeper = context.getBean(QuotaReservationSweeper.class);
          register(quotas, "clinic-1", "starter");
          quotas.configureAutoTopUp("clinic-1", AutoTopUp.whenUnitsLeft(99).buyPack("pack-100")
              .ceiling(Money.of("10000", Money.THB)), "auto-1");

          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "detailed", "c1").build());
          // the driver stops at the timeout; only the sweeper's resume grants the pack
          await(() -> sweeper.resumedPayments() > 0);
          await(() -> quotas.status("clinic-1").addonBalance().equals(Units.of(100)));

          assertThat(provider.authoriseCalls()).isEqualTo(2); // the timed-out one, then the resend
          assertThat(provider.charges()).isEqualTo(1);
        });
  }

  @Test
  void sweeper_stopsWithTheContext() {
    QuotaReservationSweeper[] sweeper = new QuotaReservationSweeper[1];
    runner.run(context -> sweeper[0] = context.getBean(QuotaReservationSweeper.class));

    assertThat(sweeper[0].isRunning()).isFalse();
  }

  @Test
  void sweeper_canBeTurnedOff() {
    runner.withPropertyValues("bnaura.quota.sweeper.enabled=false")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(QuotaReservationSweeper.class));
  }

  @Test
  void failingSweep_isLoggedAndTriedAgain(CapturedOutput output) {
    runner.withBean(QuotaService.class, () -> QuotaService.builder().store(new FailingStore())
            .build())
        .withPropertyValues("bnaura.quota.sweeper.interval=10ms").run(context -> {
          QuotaReservationSweeper sweeper = context.getBean(QuotaReservationSweeper.class);

          await(() -> output.toString().split("Could not expire reservations", -1).length > 3);

          assertThat(sweeper.isRunning()).isTrue();
        });
    assertThat(output).contains("WARN").contains("connection refused");
  }

  @Test
  void sweeper_refusesNonPositiveIntervals() {
    QuotaService quotas = QuotaService.builder().build();

    assertThatThrownBy(() -> new QuotaReservationSweeper(quotas, Duration.ZERO,
        Duration.ofHours(1))).hasMessageContaining("interval must be positive");
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
