package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §5: registration is idempotent for identical settings; a registration that differs from the
 * stored account is refused (409) naming the field; settings change through their own calls.
 */
final class RegistrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z");
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();

  private static ClinicRegistration.Builder stored() {
    return ClinicRegistration.builder("c1", "starter").zone("Asia/Bangkok").anchorDay(1)
        .overagePolicy(OveragePolicy.AUTO).overageCap("500").maxUnitsPerRequest("10")
        .maxOveragePerRequest("300");
  }

  @Test
  void identicalRegistration_isIdempotent_andKeepsTheBalance() {
    quotas.registerClinic(stored().build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1")
        .quantity(3).build());

    RegistrationResult again = quotas.registerClinic(stored().build());
    // the defaults written out are the same settings as leaving them unset
    RegistrationResult defaults = quotas.registerClinic(ClinicRegistration.builder("c2",
        "starter").build());
    RegistrationResult defaultsSpelledOut = quotas.registerClinic(ClinicRegistration.builder(
        "c2", "starter").zone("Asia/Bangkok").anchorDay(1).build());

    assertThat(again).isInstanceOfSatisfying(Registered.class, r -> {
      assertThat(r.created()).isFalse();
      assertThat(r.policy()).isEqualTo(OveragePolicy.AUTO);
      assertThat(r.overageCap()).contains(Money.of("500", Money.THB));
      assertThat(r.requestLimits().maxUnits()).isEqualTo(Units.of(10));
    });
    assertThat(defaults).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.created()).isTrue());
    assertThat(defaultsSpelledOut).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.created()).isFalse());
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(3));
  }

  static Stream<Arguments> differingRegistrations() {
    return Stream.of(
        Arguments.of("plan", (UnaryOperator<ClinicRegistration.Builder>) b ->
            ClinicRegistration.builder("c1", "professional").zone("Asia/Bangkok").anchorDay(1)
                .overagePolicy(OveragePolicy.AUTO).overageCap("500").maxUnitsPerRequest("10")
                .maxOveragePerRequest("300")),
        Arguments.of("zone", (UnaryOperator<ClinicRegistration.Builder>) b -> b.zone("Asia/Tokyo")),
        Arguments.of("anchorDay", (UnaryOperator<ClinicRegistration.Builder>) b -> b.anchorDay(15)),
        Arguments.of("overagePolicy",
            (UnaryOperator<ClinicRegistration.Builder>) b -> b.overagePolicy(null)),
        Arguments.of("overageCap",
            (UnaryOperator<ClinicRegistration.Builder>) b -> b.overageCap("501")),
        Arguments.of("maxUnitsPerRequest",
            (UnaryOperator<ClinicRegistration.Builder>) b -> b.maxUnitsPerRequest(null)),
        Arguments.of("maxOveragePerRequest",
            (UnaryOperator<ClinicRegistration.Builder>) b -> b.maxOveragePerRequest("300.01")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differingRegistrations")
  void registrationThatDiffers_isAConflictNamingTheField_andChangesNothing(String field,
      UnaryOperator<ClinicRegistration.Builder> change) {
    Registered first = (Registered) quotas.registerClinic(stored().build());

    RegistrationResult again = quotas.registerClinic(change.apply(stored()).build());

    assertThat(again).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.REGISTRATION_CONFLICT);
      assertThat(r.code().httpStatus()).isEqualTo(409);
      assertThat(r.field()).contains(field);
      assertThat(r.message()).contains(field, "c1");
    });
    assertThat(quotas.registerClinic(stored().build())).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r).isEqualTo(new Registered(first.clinic(), false, first.plan(),
            first.zone(), first.schedule(), first.policy(), first.overageCap(),
            first.requestLimits(), first.period())));
  }

  @Test
  void anotherPlan_isAConflictThatPointsToChangePlan_andThePlanStays() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());

    RegistrationResult again = quotas.registerClinic(ClinicRegistration.builder("c1",
        "professional").build());

    assertThat(again).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.message()).contains("starter", "professional", "changePlan");
    });
    assertThat(quotas.balance("c1").plan().value()).isEqualTo("starter");
    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.of(100));
  }

  @Test
  void afterAScheduledDowngradeTookEffect_theNewPlanIsTheRegisteredOne() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    quotas.changePlan(PlanChangeRequest.of("c1", "starter", "down-1")); // at the next period
    RegistrationResult beforeReset = quotas.registerClinic(ClinicRegistration.builder("c1",
        "professional").build());
    clock.set(java.time.Instant.parse("2026-04-01T00:00:00Z")); // 1 April, 07:00 ICT

    RegistrationResult newPlan = quotas.registerClinic(ClinicRegistration.builder("c1",
        "starter").build());
    RegistrationResult oldPlan = quotas.registerClinic(ClinicRegistration.builder("c1",
        "professional").build());

    assertThat(beforeReset).isInstanceOf(Registered.class);
    assertThat(newPlan).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.plan().value()).isEqualTo("starter"));
    assertThat(oldPlan).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.REGISTRATION_CONFLICT));
  }

  @Test
  void updateSettings_replacesTheSettings_keepsPlanAndBalance() {
    quotas.registerClinic(stored().build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1")
        .quantity(3).build());

    RegistrationResult updated = quotas.updateSettings(ClinicSettings.builder("c1")
        .overagePolicy(OveragePolicy.BLOCK).maxUnitsPerRequest("2").build());

    assertThat(updated).isInstanceOfSatisfying(Registered.class, r -> {
      assertThat(r.created()).isFalse();
      assertThat(r.policy()).isEqualTo(OveragePolicy.BLOCK);
      assertThat(r.overageCap()).isEmpty();
      assertThat(r.requestLimits().maxUnits()).isEqualTo(Units.of(2));
      assertThat(r.requestLimits().maxOverage()).isEqualTo(Money.of("1500", Money.THB));
    });
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(3));
    assertThat(quotas.balance("c1").plan().value()).isEqualTo("starter");
    assertThat(quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.BLOCK).maxUnitsPerRequest("2").build()))
        .isInstanceOf(Registered.class);
  }

  @Test
  void updateSettings_ofAnUnknownClinicOrWithABadValue_isRefused() {
    quotas.registerClinic(stored().build());

    RegistrationResult unknown = quotas.updateSettings(ClinicSettings.builder("nobody").build());
    RegistrationResult badZone = quotas.updateSettings(ClinicSettings.builder("c1")
        .zone("Mars/Olympus").build());

    assertThat(unknown).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThat(badZone).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.field()).contains("zone"));
    assertThat(quotas.registerClinic(stored().build())).isInstanceOf(Registered.class);
  }
}
