package com.bnaura.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Consumed;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.MonthlyCharge;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The outcome a store writes for a one-step monthly charge is the one the engine's transaction
 * would write, and it replays as the same {@link Consumed}.
 */
final class MonthlyChargeOutcomeTest {

  @Test
  void outcome_equalsTheEncodedConsumed_andDecodesToIt() {
    ClinicId clinic = ClinicId.of("clinic & co/42 ü");
    OperationId operation = OperationId.QUICK_SCAN;
    Charge charge = new Charge(new Deduction(Units.ofMilli(200), Units.ZERO, Units.ZERO),
        Money.zero(Money.THB), Units.ZERO, Optional.empty());
    String[] pieces = OutcomeCodec.consumedPieces(clinic, operation, charge);
    MonthlyCharge request = new MonthlyCharge(clinic, new IdempotencyKey("k1"), "fp", operation,
        Optional.empty(), Units.ofMilli(200), Money.THB, Instant.parse("2026-03-10T03:00:00Z"),
        Set.of(PlanId.STARTER), pieces[0], pieces[1], pieces[2]);
    BillingPeriod period = new BillingPeriod(Instant.parse("2026-02-28T17:00:00.000123Z"),
        Instant.parse("2026-03-31T17:00:00Z"));
    Consumed consumed = new Consumed(clinic, operation, charge, period, true, Optional.empty(),
        Units.ofMilli(99_800));

    String stored = request.outcome(period, Units.ofMilli(99_800));

    assertThat(stored).isEqualTo(OutcomeCodec.encode(consumed));
    assertThat(OutcomeCodec.decode(stored)).isEqualTo(consumed);
  }
}
