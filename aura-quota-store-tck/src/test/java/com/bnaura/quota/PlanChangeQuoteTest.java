package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A plan change's quote is what the change then bills, and quoting changes nothing: on 17 March
 * (15 of 31 days left) starter to professional is quoted ฿2,903.23 now; a downgrade by default is
 * quoted for the next period at no charge.
 */
final class PlanChangeQuoteTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z"); // 17 Mar, 10:00 ICT
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();

  @Test
  void anUpgradeQuote_isWhatTheChangeBills_andChangesNothing() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "u1")
        .quantity(40).build());

    PlanChanged quote = (PlanChanged) quotas.quotePlanChange(PlanChangeRequest.of("c1",
        "professional", "quote-1"));

    assertThat(quote.immediate()).isTrue();
    assertThat(quote.proratedCharge()).isEqualTo(Money.of("2903.23", Money.THB));
    assertThat(quotas.status("c1").plan()).isEqualTo(PlanId.STARTER);
    assertThat(store.billingLines(ClinicId.of("c1"))).isEmpty();

    PlanChanged changed = (PlanChanged) quotas.changePlan(PlanChangeRequest.of("c1",
        "professional", "quote-1"));
    assertThat(changed).isEqualTo(quote);
  }

  @Test
  void aDowngradeQuote_byDefault_appliesAtTheNextPeriodForNothing() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());

    PlanChanged quote = (PlanChanged) quotas.quotePlanChange(PlanChangeRequest.of("c1",
        "starter", "quote-2"));

    assertThat(quote.immediate()).isFalse();
    assertThat(quote.effectiveAt()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    assertThat(quote.proratedCharge()).isEqualTo(Money.zero(Money.THB));
    assertThat(quote.proratedCredit()).isEqualTo(Money.zero(Money.THB));
    assertThat(quotas.changePlan(PlanChangeRequest.of("c1", "starter", "quote-2")))
        .isEqualTo(quote);
  }

  @Test
  void aQuoteForAnUnknownPlanOrClinic_isRefused() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());

    assertThat(quotas.quotePlanChange(PlanChangeRequest.of("c1", "gold", "k")))
        .isInstanceOfSatisfying(Refused.class,
            r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_PLAN));
    assertThat(quotas.quotePlanChange(PlanChangeRequest.of("nobody", "starter", "k")))
        .isInstanceOfSatisfying(Refused.class,
            r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }
}
