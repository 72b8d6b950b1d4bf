package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.Allowance;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC §3 "Per-request limits": one request never takes more than its limits allow. */
final class PerRequestLimitsTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z");
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock)
      .customerRefKey("limits-test-key-0123456789".getBytes()).build();

  private void register(ClinicRegistration.Builder registration) {
    assertThat(quotas.registerClinic(registration.build())).isInstanceOf(Registered.class);
  }

  private void useUp(String clinic, long wholeUnits) {
    for (long done = 0; done < wholeUnits; done += 100) {
      quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
          "fill-" + done).quantity(Math.min(100, wholeUnits - done)).build());
    }
  }

  private static UsageRequest.Builder analyses(String clinic, String key, long quantity) {
    return UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key).quantity(quantity);
  }

  private long ledgerSize(String clinic) {
    return store.ledger(ClinicId.of(clinic), java.time.Instant.EPOCH, clock.instant().plusSeconds(1))
        .size();
  }

  @Test
  void millionQuickScansWithAcceptedOverage_isRefusedAndChargesNothing() {
    register(ClinicRegistration.builder("c1", "professional").overagePolicy(OveragePolicy.CONSENT));
    useUp("c1", 500);
    Balance before = quotas.balance("c1");
    long entries = ledgerSize("c1");

    ConsumeResult result = quotas.tryConsume(UsageRequest.builder("c1", OperationId.QUICK_SCAN,
        "sales-1").user("sales-7").quantity(1_000_000).acceptOverage(true).build());

    assertThat(result).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("200000.000 units", "limit of 100.000 units per request",
          "maxUnitsPerRequest");
      assertThat(r.shortfall()).hasValueSatisfying(s -> {
        assertThat(s.willIncurCharge()).isFalse();
        assertThat(s.estimatedCost()).isEqualTo(Money.zero(Money.THB));
        assertThat(s.requested()).isEqualTo(Units.of(200_000));
        assertThat(s.messageThai()).contains("200000.000", "100.000");
      });
    });
    assertThat(quotas.balance("c1")).isEqualTo(before);
    assertThat(ledgerSize("c1")).isEqualTo(entries);
    assertThat(quotas.tryConsume(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "sales-1")
        .user("sales-7").quantity(1_000_000).acceptOverage(true).build())).isEqualTo(result);
  }

  @ParameterizedTest
  @EnumSource(OveragePolicy.class)
  void requestOverTheUnitsLimit_isRefusedOnReserveAndConsume_underEveryPolicy(
      OveragePolicy policy) {
    register(ClinicRegistration.builder("c1", "professional").overagePolicy(policy));

    ReserveResult reserve = quotas.tryReserve(analyses("c1", "r1", 101).acceptOverage(true)
        .build());
    ConsumeResult consume = quotas.tryConsume(analyses("c1", "k1", 101).acceptOverage(true)
        .build());
    ConsumeResult atTheLimit = quotas.tryConsume(analyses("c1", "k2", 100).build());

    assertThat(reserve).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("101.000 units", "100.000 units per request"));
    assertThat(consume).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED));
    assertThat(atTheLimit).isInstanceOf(Consumed.class);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(100));
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
  }

  @Test
  void overageOverTheMoneyLimit_isRefusedUnderAuto_andTheLimitItselfIsAllowed() {
    register(ClinicRegistration.builder("c1", "professional").overagePolicy(OveragePolicy.AUTO));
    useUp("c1", 500);

    ConsumeResult tooDear = quotas.tryConsume(analyses("c1", "k1", 21).build());
    ConsumeResult atTheLimit = quotas.tryConsume(analyses("c1", "k2", 20).build());

    assertThat(tooDear).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("฿1,260.00", "฿1,200.00", "maxOveragePerRequest");
      assertThat(r.shortfall().orElseThrow().willIncurCharge()).isFalse();
    });
    assertThat(atTheLimit).isInstanceOfSatisfying(Consumed.class,
        c -> assertThat(c.charge().overageCost()).isEqualTo(Money.of("1200", Money.THB)));
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.of("1200", Money.THB));
  }

  @Test
  void consentOverTheMoneyLimit_isRefusedEvenWhenAccepted_andDoesNotAskForConsent() {
    register(ClinicRegistration.builder("c1", "starter").overagePolicy(OveragePolicy.CONSENT));
    useUp("c1", 100);

    ConsumeResult notAccepted = quotas.tryConsume(analyses("c1", "k1", 21).build());
    ConsumeResult accepted = quotas.tryConsume(analyses("c1", "k2", 21).acceptOverage(true)
        .build());

    for (ConsumeResult result : new ConsumeResult[] {notAccepted, accepted}) {
      assertThat(result).isInstanceOfSatisfying(Refused.class, r -> {
        assertThat(r.message()).contains("฿1,575.00", "฿1,500.00");
        assertThat(r.shortfall().orElseThrow().willIncurCharge()).isFalse();
      });
    }
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.zero(Money.THB));
  }

  @Test
  void clinicLimits_overrideThePlans_atRegistration() {
    register(ClinicRegistration.builder("c1", "starter").overagePolicy(OveragePolicy.AUTO)
        .maxUnitsPerRequest("5").maxOveragePerRequest("100"));

    ConsumeResult six = quotas.tryConsume(analyses("c1", "k1", 6).build());
    ConsumeResult five = quotas.tryConsume(analyses("c1", "k2", 5).build());
    for (int i = 0; i < 19; i++) {
      quotas.consumeOrThrow(analyses("c1", "fill-" + i, 5).build());
    }
    ConsumeResult twoOver = quotas.tryConsume(analyses("c1", "k3", 2).build());
    ConsumeResult oneOver = quotas.tryConsume(analyses("c1", "k4", 1).build());

    assertThat(six).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("6.000 units", "5.000 units per request"));
    assertThat(five).isInstanceOf(Consumed.class);
    assertThat(twoOver).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("฿150.00", "฿100.00"));
    assertThat(oneOver).isInstanceOf(Consumed.class);
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.of("75", Money.THB));
  }

  @Test
  void commitOverALimitLoweredSinceTheReservation_isRefused_andTheReservationStaysOpen() {
    register(ClinicRegistration.builder("c1", "professional"));
    Reserved reserved = quotas.reserveOrThrow(analyses("c1", "r1", 10).build());
    quotas.updateSettings(ClinicSettings.builder("c1").maxUnitsPerRequest("4").build());

    CommitResult all = quotas.tryCommit(CommitRequest.of("c1", reserved.id().value()));
    CommitResult four = quotas.tryCommit(CommitRequest.builder("c1", reserved.id().value())
        .actualUnits(Units.of(4)).build());

    assertThat(all).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("10.000 units", "4.000 units per request");
    });
    assertThat(four).isInstanceOfSatisfying(Committed.class,
        c -> assertThat(c.charge().split().total()).isEqualTo(Units.of(4)));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(4));
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void lateCommitOverTheMoneyLimit_isRecordedUnbilled() {
    register(ClinicRegistration.builder("c1", "starter").overagePolicy(OveragePolicy.AUTO));
    Reserved reserved = quotas.reserveOrThrow(analyses("c1", "r1", 30)
        .ttl(Duration.ofMinutes(1)).build());
    clock.advance(Duration.ofMinutes(2));
    useUp("c1", 100);

    Committed late = quotas.commitOrThrow(CommitRequest.of("c1", reserved.id().value()));

    assertThat(late.late()).isTrue();
    assertThat(late.billed()).isFalse();
    assertThat(late.unbilledReason()).contains(RefusalCode.QUOTA_EXCEEDED);
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.zero(Money.THB));
    assertThat(quotas.usageStats("c1").unbilled().units()).isEqualTo(Units.of(30));
  }

  @Test
  void planLimits_comeFromTheCatalog_andDefaultToOneHundredUnitsAndTwentyUnitsOfOverage() {
    Plan solo = new Plan(PlanId.of("solo"), "Solo", Allowance.ofUnits(10),
        Money.of("500", Money.THB), Optional.of(Money.of("50", Money.THB)), OveragePolicy.AUTO,
        Set.of(), false, new RequestLimits(Units.parse("1.5"), Money.of("60", Money.THB)));
    QuotaService custom = QuotaService.builder().clock(clock)
        .catalog(QuotaCatalog.builder().from(QuotaCatalog.defaults()).plan(solo).build()).build();
    custom.registerClinic(ClinicRegistration.builder("c1", "solo").build());

    ConsumeResult two = custom.tryConsume(analyses("c1", "k1", 2).build());

    assertThat(two).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("1.500 units per request"));
    assertThat(QuotaCatalog.defaults().plan(PlanId.STARTER).orElseThrow().requestLimits())
        .isEqualTo(new RequestLimits(Units.of(100), Money.of("1500", Money.THB)));
    assertThat(QuotaCatalog.defaults().plan(PlanId.PROFESSIONAL).orElseThrow().requestLimits())
        .isEqualTo(new RequestLimits(Units.of(100), Money.of("1200", Money.THB)));
  }

  @Test
  void badClinicLimits_areInvalidArguments_namingTheField_andOpenNothing() {
    RegistrationResult zero = quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .maxUnitsPerRequest("0").build());
    RegistrationResult negative = quotas.registerClinic(ClinicRegistration.builder("c1",
        "starter").maxOveragePerRequest("-5").build());
    RegistrationResult fourDecimals = quotas.registerClinic(ClinicRegistration.builder("c1",
        "starter").maxUnitsPerRequest("0.0001").build());

    assertThat(zero).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.field()).contains("maxUnitsPerRequest"));
    assertThat(negative).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.field()).contains("maxOveragePerRequest"));
    assertThat(fourDecimals).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.field()).contains("maxUnitsPerRequest"));
    assertThat(store.periods(ClinicId.of("c1"))).isEmpty();
  }

  @Test
  void reservationOverTheLimit_holdsNothing() {
    register(ClinicRegistration.builder("c1", "professional").maxUnitsPerRequest("1"));

    ReserveResult result = quotas.tryReserve(analyses("c1", "r1", 2).build());

    assertThat(result).isInstanceOf(Refused.class);
    assertThat(quotas.status("c1").reserved()).isEqualTo(Units.ZERO);
  }
}
