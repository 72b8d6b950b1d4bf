package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** What {@code checkQuotaAvailability} and the overage-cap refusal tell a clinic before it pays. */
final class AvailabilityTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z");
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();

  private void useUp(String clinic, long wholeUnits) {
    for (long done = 0; done < wholeUnits; done += 100) {
      quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
          "fill-" + done).quantity(Math.min(100, wholeUnits - done)).build());
    }
  }

  @Test
  void autoClinicPastItsAllowanceAndAddon_saysAChargeWillApply() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional")
        .overagePolicy(OveragePolicy.AUTO).build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 2, "top-1"));
    useUp("c1", 502);

    Availability a = quotas.checkQuotaAvailability("c1", "CLINICAL_ANALYSIS");

    assertThat(a.canProceed()).isTrue();
    assertThat(a.willIncurCharge()).isTrue();
    assertThat(a.estimatedCost()).isEqualTo(Money.of("60", Money.THB));
  }

  @Test
  void autoClinicWithinItsAllowance_saysNoCharge() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional")
        .overagePolicy(OveragePolicy.AUTO).build());

    Availability a = quotas.checkQuotaAvailability("c1", "CLINICAL_ANALYSIS");

    assertThat(a.canProceed()).isTrue();
    assertThat(a.willIncurCharge()).isFalse();
    assertThat(a.estimatedCost()).isEqualTo(Money.zero(Money.THB));
  }

  @Test
  void consentClinicPastItsAllowance_cannotProceedWithoutConsent_andSaysTheCharge() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    useUp("c1", 500);

    Availability a = quotas.checkQuotaAvailability("c1", "QUICK_SCAN");

    assertThat(a.canProceed()).isFalse();
    assertThat(a.willIncurCharge()).isTrue();
    assertThat(a.estimatedCost()).isEqualTo(Money.of("12", Money.THB));
  }

  @Test
  void capRefusal_saysWhatIsUsedWhatIsAskedAndTheCap() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional")
        .overagePolicy(OveragePolicy.AUTO).overageCap("100").build());
    useUp("c1", 501); // ฿60 of the ฿100 cap used

    ConsumeResult refused = quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "over").build());
    Availability a = quotas.checkQuotaAvailability("c1", "CLINICAL_ANALYSIS");

    assertThat(refused).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.message()).contains("฿60.00 already used", "overage of ฿60.00",
          "to ฿120.00", "cap of ฿100.00").doesNotContain("is reached");
      assertThat(r.shortfall().orElseThrow().messageThai()).contains("฿60.00", "฿120.00",
          "฿100.00");
    });
    assertThat(a.canProceed()).isFalse();
    assertThat(a.message()).hasValueSatisfying(m -> assertThat(m).contains("฿60.00 already used"));
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.of("60", Money.THB));
  }
}
