package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An immediate downgrade never pays back units already used: professional (500 units, ฿8,990) to
 * starter (100 units, ฿2,990) on 17 March, 15 of 31 days left, credits the smaller of the
 * day-prorated ฿6,000 (฿2,903.23) and ฿6,000 times the share of the 400 given-up units not used.
 */
final class PlanProrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z"); // 17 Mar, 10:00 ICT
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();

  @ParameterizedTest(name = "{0} units used -> credit {1}")
  @CsvSource({
      "0, 2903.23",    // nothing used: the days left
      "100, 2903.23",  // within the new allowance: the days left
      "300, 2903.23",  // 200 of the 400 given up are used: ฿3,000 by units, more than by days
      "450, 750.00",   // 350 of 400 used: only the 50 unused units are paid back
      "500, 0.00"})    // the whole old allowance used: nothing comes back
  void immediateDowngrade_creditsOnlyTheUnusedPart(long used, String credit) {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    for (long done = 0; done < used; done += 100) {
      quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "u" + done)
          .quantity(Math.min(100, used - done)).build());
    }

    PlanChanged changed = (PlanChanged) quotas.changePlan(new PlanChangeRequest("c1", "starter",
        PlanChangeRequest.Timing.IMMEDIATELY, "down-1"));

    Money expected = Money.of(credit, Money.THB);
    assertThat(changed.proratedCredit()).isEqualTo(expected);
    assertThat(changed.proratedCharge()).isEqualTo(Money.zero(Money.THB));
    List<BillingLine> lines = store.billingLines(ClinicId.of("c1"));
    assertThat(lines).filteredOn(l -> l.kind() == BillingLineKind.PLAN_PRORATION_CREDIT)
        .singleElement().satisfies(l -> assertThat(l.amount()).isEqualTo(expected));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(used));
  }

  @ParameterizedTest(name = "{0} units used -> charge 2903.23")
  @CsvSource({"0", "450"})
  void immediateUpgrade_chargesTheDaysLeft_whateverWasUsed(long used) {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
    for (long done = 0; done < Math.min(used, 100); done += 100) {
      quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "u" + done)
          .quantity(100).build());
    }

    PlanChanged changed = (PlanChanged) quotas.changePlan(PlanChangeRequest.of("c1",
        "professional", "up-1"));

    assertThat(changed.proratedCharge()).isEqualTo(Money.of("2903.23", Money.THB));
    assertThat(changed.proratedCredit()).isEqualTo(Money.zero(Money.THB));
  }
}
