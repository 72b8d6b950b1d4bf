package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A host gateway that only implements {@code collect} (as every gateway before auto top-up did)
 * pays an auto top-up in one step, under the payment's key; a closed service leaves the payment to
 * {@code resumePayments}.
 */
final class AutoTopUpGatewayTest {
  private static final PaymentGateway.Request REQUEST = new PaymentGateway.Request(
      ClinicId.of("c"), IdempotencyKey.of("k"), "tx", Money.of("48", Money.THB), "Top-up 1.000 units");

  @Test
  void defaults_buildAuthoriseAndCaptureFromCollect() {
    PaymentGateway accepting = r -> PaymentGateway.Result.accepted("ref-" + r.key());
    PaymentGateway declining = r -> PaymentGateway.Result.declined("no funds");

    assertThat(accepting.authorise(REQUEST)).isEqualTo(PaymentGateway.Answer.captured("ref-k"));
    assertThat(accepting.capture(REQUEST, "ref-k"))
        .isEqualTo(PaymentGateway.Answer.captured("ref-k"));
    assertThat(accepting.status(REQUEST)).isEqualTo(PaymentGateway.Answer.notFound());
    assertThat(declining.authorise(REQUEST))
        .isEqualTo(PaymentGateway.Answer.declined("no funds"));
    assertThat(PaymentGateway.INVOICE.authorise(REQUEST).outcome())
        .isEqualTo(PaymentGateway.Outcome.CAPTURED);
  }

  @Test
  void aCollectOnlyGateway_paysTheCrossingOnce_underThePaymentsKey() throws Exception {
    List<PaymentGateway.Request> collected = new CopyOnWriteArrayList<>();
    PaymentGateway collectOnly = r -> {
      collected.add(r);
      return PaymentGateway.Result.accepted("pay-" + collected.size());
    };
    QuotaStore store = QuotaStore.inMemory();
    QuotaService quotas = QuotaService.builder().store(store)
        .clock(MutableClock.at("2026-01-10T03:00:00Z")).paymentGateway(collectOnly).build();
    try {
      quotas.registerClinic(ClinicRegistration.builder("c", "starter")
          .overagePolicy(OveragePolicy.BLOCK).build());
      quotas.configureAutoTopUp("c", AutoTopUp.whenUnitsLeft(10).buyUnits(25)
          .ceiling(Money.of("2400", Money.THB)), "settings");

      quotas.consumeOrThrow(UsageRequest.builder("c", OperationId.CLINICAL_ANALYSIS, "k-1")
          .quantity(90).build());
      quotas.close(); // lets the driver's step finish
      quotas.resumePayments(10); // and whatever it left

      List<PaymentRecord> payments = store.payments(ClinicId.of("c"));
      assertThat(payments).singleElement().satisfies(p -> {
        assertThat(p.state()).isEqualTo(PaymentState.GRANTED);
        assertThat(p.reference()).contains("pay-1");
        assertThat(p.amount()).isEqualTo(Money.of("1200", Money.THB));
      });
      assertThat(collected).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo(payments.get(0).key());
        assertThat(r.amount()).isEqualTo(Money.of("1200", Money.THB));
        assertThat(r.description()).as("the line purchaseTopUp sends")
            .isEqualTo("Top-up 25.000 units");
      });
      assertThat(quotas.status("c").addonBalance()).isEqualTo(Units.of(25));
    } finally {
      quotas.close();
    }
  }
}
