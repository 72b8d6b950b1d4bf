package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import java.time.DayOfWeek;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Plans, operations and top-ups bound from properties change what the engine charges. */
final class QuotaPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void quickScanRate_fromProperties_isCharged() {
    runner.withPropertyValues("bnaura.quota.operations.QUICK_SCAN.rate=0.5").run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");

      Consumed consumed = quotas.consumeOrThrow(
          UsageRequest.builder("clinic-1", OperationId.QUICK_SCAN, "r1").build());

      assertThat(consumed.charge().units()).isEqualTo(Units.parse("0.5"));
      assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("99.5"));
      // the rest of the operation is kept: its alias and the free repeat scan
      assertThat(quotas.catalog().operation("quick").orElseThrow().rate())
          .isEqualTo(Units.parse("0.5"));
      assertThat(quotas.catalog().operation(OperationId.QUICK_SCAN).orElseThrow()
          .repeatScanEligible()).isTrue();
    });
  }

  @Test
  void caps_fromProperties_refuseTheCallOverTheCapWithRateLimited() {
    runner.withPropertyValues("bnaura.quota.plans.starter.caps[0].operation=CLINICAL_ANALYSIS",
        "bnaura.quota.plans.starter.caps[0].per=STAFF",
        "bnaura.quota.plans.starter.caps[0].window=DAY",
        "bnaura.quota.plans.starter.caps[0].max=2").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          for (int i = 0; i < 2; i++) {
            assertThat(quotas.tryConsume(UsageRequest.builder("clinic-1",
                OperationId.CLINICAL_ANALYSIS, "c" + i).user("nurse").build()))
                .isInstanceOf(Consumed.class);
          }
          var third = quotas.tryConsume(UsageRequest.builder("clinic-1",
              OperationId.CLINICAL_ANALYSIS, "c2").user("nurse").build());

          assertThat(third).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED);
            assertThat(r.retryAfter()).isPresent();
          });
          assertThat(quotas.catalog().plan(PlanId.PROFESSIONAL).orElseThrow().caps()).isEmpty();
        });
  }

  @Test
  void perRequestLimits_fromProperties_refuseALargerRequest() {
    runner.withPropertyValues("bnaura.quota.plans.starter.max-units-per-request=5",
        "bnaura.quota.plans.starter.max-overage-per-request=150",
        "bnaura.quota.plans.starter.overage-policy=AUTO").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          var six = quotas.tryConsume(UsageRequest.builder("clinic-1",
              OperationId.CLINICAL_ANALYSIS, "r1").quantity(6).build());
          var five = quotas.tryConsume(UsageRequest.builder("clinic-1",
              OperationId.CLINICAL_ANALYSIS, "r2").quantity(5).build());

          assertThat(six).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
            assertThat(r.message()).contains("6.000 units", "5.000 units per request");
          });
          assertThat(five).isInstanceOf(Consumed.class);
          assertThat(quotas.catalog().plan(PlanId.STARTER).orElseThrow().requestLimits()
              .maxOverage()).isEqualTo(com.bnaura.quota.model.Money.of("150",
                  com.bnaura.quota.model.Money.THB));
          // a plan the properties do not touch keeps the defaults
          assertThat(quotas.catalog().plan(PlanId.PROFESSIONAL).orElseThrow().requestLimits()
              .maxUnits()).isEqualTo(Units.of(100));
        });
  }

  @Test
  void operationKey_inDashedLowerCase_namesTheSameOperation() {
    runner.withPropertyValues("bnaura.quota.operations.quick-scan.rate=0.5",
        "bnaura.quota.operations[clinical_analysis].rate=2").run(context -> {
          QuotaCatalog catalog = context.getBean(QuotaCatalog.class);

          assertThat(catalog.operation(OperationId.QUICK_SCAN).orElseThrow().rate())
              .isEqualTo(Units.parse("0.5"));
          assertThat(catalog.operation(OperationId.CLINICAL_ANALYSIS).orElseThrow().rate())
              .isEqualTo(Units.of(2));
          assertThat(catalog.operations()).hasSize(3);
        });
  }

  @Test
  void planAllowanceAndPolicy_fromProperties_changeRefusals() {
    runner.withPropertyValues("bnaura.quota.plans.starter.monthly-allowance=1",
        "bnaura.quota.plans.starter.overage-policy=block").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          for (int i = 0; i < 5; i++) {
            quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "r" + i).build());
          }

          Object sixth = quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "r6")
              .acceptOverage(true).build());

          assertThat(sixth).isInstanceOfSatisfying(Refused.class,
              r -> assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED));
          assertThat(quotas.catalog().plan(PlanId.STARTER).orElseThrow().monthlyPrice()
              .toString()).isEqualTo("THB 2990.00");
        });
  }

  @Test
  void newPlan_fromProperties_isSoldWithItsOveragePrice() {
    runner.withPropertyValues(
        "bnaura.quota.plans.clinic-lite.name=Clinic Lite",
        "bnaura.quota.plans.clinic-lite.monthly-allowance=0.5",
        "bnaura.quota.plans.clinic-lite.monthly-price=990.50",
        "bnaura.quota.plans.clinic-lite.overage-price=40",
        "bnaura.quota.plans.clinic-lite.overage-policy=AUTO",
        "bnaura.quota.plans.clinic-lite.features=proposalGeneration,leadScoring")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "clinic-lite");

          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "detailed", "r1").build());

          Balance balance = quotas.balance("clinic-1");
          assertThat(balance.policy()).isEqualTo(OveragePolicy.AUTO);
          assertThat(balance.overageUnits()).isEqualTo(Units.parse("0.5"));
          assertThat(balance.overageCost().toString()).isEqualTo("THB 20.00");
          assertThat(quotas.hasFeature("clinic-1", "leadScoring")).isTrue();
          assertThat(quotas.hasFeature("clinic-1", "advancedAnalysis")).isFalse();
          assertThat(quotas.catalog().plan(PlanId.of("clinic-lite")).orElseThrow().displayName())
              .isEqualTo("Clinic Lite");
        });
  }

  @Test
  void unlimitedAllowance_andNoOveragePrice_fromProperties() {
    runner.withPropertyValues("bnaura.quota.plans.professional.monthly-allowance=unlimited",
        "bnaura.quota.plans.professional.overage-price=none").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "professional");

          Balance balance = quotas.balance("clinic-1");

          assertThat(balance.unlimited()).isTrue();
          assertThat(balance.overagePrice()).isEmpty();
        });
  }

  @Test
  void newOperation_fromProperties_isMetered() {
    runner.withPropertyValues("bnaura.quota.operations.FOLLOW_UP.rate=0.25",
        "bnaura.quota.operations.FOLLOW_UP.aliases=follow-up").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          Consumed consumed = quotas.consumeOrThrow(
              UsageRequest.builder("clinic-1", "follow-up", "r1").build());

          assertThat(consumed.operation().value()).isEqualTo("FOLLOW_UP");
          assertThat(consumed.charge().units()).isEqualTo(Units.parse("0.25"));
        });
  }

  @Test
  void packValidity_fromProperties_setsTheExpiryOfTheGrantAPurchaseOpens() {
    runner.withPropertyValues("bnaura.quota.top-ups.packs.promo.units=50",
        "bnaura.quota.top-ups.packs.promo.price=2000",
        "bnaura.quota.top-ups.packs.promo.valid-for=90d").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          ToppedUp promo = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.pack("clinic-1", "promo", "t1"));
          ToppedUp lasting = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.pack("clinic-1", "pack-100", "t2"));

          assertThat(quotas.catalog().topUps().pack("promo").orElseThrow().validity())
              .contains(Duration.ofDays(90));
          assertThat(promo.expiresAt()).isPresent();
          assertThat(lasting.expiresAt()).isEmpty();
        });
  }

  @Test
  void topUpPricingAndPacks_fromProperties() {
    runner.withPropertyValues("bnaura.quota.top-ups.per-unit=50",
        "bnaura.quota.top-ups.max-units=1000",
        "bnaura.quota.top-ups.packs.pack-100.price=4500",
        "bnaura.quota.top-ups.packs.pack-1000.units=1000",
        "bnaura.quota.top-ups.packs.pack-1000.price=40000").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          ToppedUp byCount = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.units("clinic-1", 10, "t1"));
          ToppedUp pack100 = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.pack("clinic-1", "pack-100", "t2"));
          ToppedUp pack1000 = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.pack("clinic-1", "pack-1000", "t3"));
          Object tooMany = quotas.purchaseTopUp(TopUpRequest.units("clinic-1", 1001, "t4"));

          assertThat(byCount.totalCost().toString()).isEqualTo("THB 500.00");
          assertThat(pack100.totalCost().toString()).isEqualTo("THB 4500.00");
          assertThat(pack1000.units()).isEqualTo(Units.of(1000));
          assertThat(tooMany).isInstanceOf(Refused.class);
          assertThat(quotas.catalog().topUps().pack("pack-500")).isPresent();
        });
  }

  @Test
  void catalogJson_isTheBase_andPropertiesLieOverIt() {
    runner.withPropertyValues("bnaura.quota.catalog=classpath:test-catalog.json",
        "bnaura.quota.operations.SCAN.rate=0.5").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          quotas.registerClinic(ClinicRegistration.builder("clinic-1", "solo").build());

          Consumed consumed = quotas.consumeOrThrow(
              UsageRequest.builder("clinic-1", "SCAN", "r1").build());

          assertThat(quotas.catalog().plans()).extracting(p -> p.id().value())
              .containsExactly("solo");
          assertThat(consumed.charge().units()).isEqualTo(Units.parse("0.5"));
          assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("9.5"));
        });
  }

  @Test
  void cacheTtls_fromProperties_turnCachesOnAndOff() {
    runner.withPropertyValues("bnaura.quota.cache.status-ttl=0",
        "bnaura.quota.cache.usage-stats-ttl=10m").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          quotas.status("clinic-1");
          quotas.status("clinic-1");
          quotas.usageStats("clinic-1");
          quotas.usageStats("clinic-1");

          assertThat(quotas.cacheStats().status().hits()).isZero();
          assertThat(quotas.cacheStats().usageStats().hits()).isEqualTo(1);
        });
  }

  @Test
  void openingDays_fromProperties_driveTheForecast() {
    runner.withPropertyValues("bnaura.quota.opening-days=monday,tuesday,wednesday,thursday,friday")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          assertThat(quotas.forecast("clinic-1").openingDays()).containsExactlyInAnyOrder(
              DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
              DayOfWeek.FRIDAY);
        });
  }

  @Test
  void noProperties_giveTheBundledCatalog() {
    runner.run(context -> {
      QuotaCatalog catalog = context.getBean(QuotaCatalog.class);

      assertThat(catalog.plans()).isEqualTo(QuotaCatalog.defaults().plans());
      assertThat(catalog.operations()).containsExactlyInAnyOrderElementsOf(
          QuotaCatalog.defaults().operations());
      assertThat(catalog.topUps()).isEqualTo(QuotaCatalog.defaults().topUps());
    });
  }
}
