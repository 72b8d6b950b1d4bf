package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.Allowance;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Units times a price never overflows into an arithmetic failure: a catalog refuses a per-unit
 * price that could not price every amount of units, and at the largest price it takes the largest
 * request a caller can send is priced exactly, so no request becomes a {@link QuotaStoreException}
 * or an {@link ArithmeticException}.
 */
final class PricingOverflowTest {
  private static final Money LARGEST = Money.ofMinor(Money.MAX_PER_UNIT_MINOR, Money.THB);
  private static final Money TOO_LARGE = Money.of("9999999999999.99", Money.THB);
  private static final OperationId BULK = OperationId.of("BULK_SCAN");

  private static Plan plan(String id, OveragePolicy policy, Money overagePrice) {
    return new Plan(PlanId.of(id), id, Allowance.ofUnits(100), Money.of("10", Money.THB),
        Optional.of(overagePrice), policy, Set.of(), false,
        // no per-request limit short of the largest amounts, so the pricing itself is exercised
        new RequestLimits(Units.MAX, Money.ofMinor(Long.MAX_VALUE, Money.THB)));
  }

  private static QuotaCatalog.Builder catalog(Money price) {
    return QuotaCatalog.defaults().toBuilder()
        .plan(plan("bulk-auto", OveragePolicy.AUTO, price))
        .plan(plan("bulk-consent", OveragePolicy.CONSENT, price))
        .operation(Operation.of(BULK, Units.of(1000), false))
        .topUps(new TopUpPricing(price, 1, 1_000_000_000L, List.of()));
  }

  @Test
  void catalog_withAnOveragePriceThatCannotPriceEveryAmount_isRefusedNamingThePlan() {
    QuotaCatalog.Builder builder = QuotaCatalog.defaults().toBuilder()
        .plan(plan("bulk-auto", OveragePolicy.AUTO, TOO_LARGE));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("overage price of plan bulk-auto")
        .hasMessageContaining("at most THB 92233.72");
  }

  @Test
  void catalog_withATopUpPriceThatCannotPriceEveryAmount_isRefused() {
    QuotaCatalog.Builder builder = QuotaCatalog.defaults().toBuilder()
        .topUps(new TopUpPricing(TOO_LARGE, 1, 100_000, List.of()));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("top-up price per unit");
  }

  @Test
  void largestRequest_atTheLargestPrice_isPricedExactly() {
    QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
        .clock(MutableClock.at("2026-03-10T03:00:00Z")).catalog(catalog(LARGEST).build()).build();
    quotas.registerClinic(ClinicRegistration.builder("auto", "bulk-auto").build());
    quotas.registerClinic(ClinicRegistration.builder("consent", "bulk-consent").build());

    Consumed auto = quotas.consumeOrThrow(UsageRequest.builder("auto", BULK, "k-auto")
        .quantity(1_000_000).build());
    ReserveResult consent = quotas.tryReserve(UsageRequest.builder("consent", BULK, "k-consent")
        .quantity(1_000_000).build());
    // the most add-on a clinic with a 100-unit allowance can hold
    ToppedUp topUp = quotas.purchaseTopUpOrThrow(TopUpRequest.units("consent", 999_999_900L,
        "k-topup"));

    Units overage = Units.MAX.minus(Units.of(100));
    assertThat(auto.charge().split().overage()).isEqualTo(overage);
    assertThat(auto.charge().overageCost()).isEqualTo(Money.ofUnits(overage, LARGEST));
    assertThat(consent).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.shortfall()).get().satisfies(s ->
          assertThat(s.estimatedCost()).isEqualTo(Money.ofUnits(overage, LARGEST)));
    });
    assertThat(topUp.totalCost().minor()).isEqualTo(Money.MAX_PER_UNIT_MINOR * 999_999_900L);
  }

  @Test
  void quantityWhoseUnitsPassTheMost_isRefusedNamingTheQuantity() {
    QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
        .clock(MutableClock.at("2026-03-10T03:00:00Z")).catalog(catalog(LARGEST)
            .operation(Operation.of(OperationId.of("HEAVY_SCAN"), Units.of(1001), false)).build())
        .build();
    quotas.registerClinic(ClinicRegistration.builder("auto", "bulk-auto").build());

    ConsumeResult result = quotas.tryConsume(UsageRequest.builder("auto", "HEAVY_SCAN", "k")
        .quantity(999_001).build());

    assertThat(result).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains("quantity");
    });
    assertThat(quotas.balance("auto").monthlyUsed()).isEqualTo(Units.ZERO);
  }

  @Test
  void topUp_pastTheMostAClinicCanHold_isRefusedNamingUnits_beforeAnyPayment() {
    java.util.concurrent.atomic.AtomicInteger payments = new java.util.concurrent.atomic.AtomicInteger();
    QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
        .clock(MutableClock.at("2026-03-10T03:00:00Z")).catalog(catalog(LARGEST).build())
        .paymentGateway(request -> {
          payments.incrementAndGet();
          return PaymentGateway.INVOICE.collect(request);
        })
        .build();
    quotas.registerClinic(ClinicRegistration.builder("consent", "bulk-consent").build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("consent", 999_999_900L, "k-first"));

    TopUpResult second = quotas.purchaseTopUp(TopUpRequest.units("consent", 1, "k-second"));

    assertThat(second).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains("units");
      assertThat(r.message()).contains("at most 0.000 can be bought now");
    });
    assertThat(payments).hasValue(1);
    assertThat(quotas.balance("consent").addonAvailable()).isEqualTo(Units.of(999_999_900L));
  }
}
