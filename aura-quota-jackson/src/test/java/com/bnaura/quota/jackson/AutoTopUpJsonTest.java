package com.bnaura.quota.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpConfigured;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.PendingUnits;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The auto top-up records a host returns as JSON need nothing of their own. */
final class AutoTopUpJsonTest {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().addModule(new QuotaJacksonModule()).build();

  @Test
  void settingsPaymentAndPendingUnits_writeTheirValuesAsStrings() {
    AutoTopUpConfigured configured = new AutoTopUpConfigured(ClinicId.of("siam"),
        Optional.of(AutoTopUp.whenUnitsLeft(20).buyPack("pack-100")
            .ceiling(Money.of("9600", Money.THB))), true);
    Instant at = Instant.parse("2026-01-10T03:00:00Z");
    AutoTopUpPayment payment = new AutoTopUpPayment(ClinicId.of("siam"),
        "auto-top-up:2025-12-31T17:00:00Z:1", PaymentState.AUTHORISED, Units.of(100),
        Optional.of("pack-100"), Money.of("4800", Money.THB), Optional.of("auth-1"),
        Optional.empty(), 1, at, at);
    PendingUnits pending = new PendingUnits(Units.of(3), Units.parse("0.2"), Units.ZERO,
        Units.of(100));

    JsonNode settings = MAPPER.valueToTree(configured);
    JsonNode paid = MAPPER.valueToTree(payment);
    JsonNode held = MAPPER.valueToTree(pending);

    assertThat(settings.get("clinic").asString()).isEqualTo("siam");
    assertThat(settings.get("settings").get("thresholdUnits").asString()).isEqualTo("20.000");
    assertThat(settings.get("settings").get("monthlyCeiling").asString())
        .isEqualTo("THB 9600.00");
    assertThat(settings.get("settings").get("pack").asString()).isEqualTo("pack-100");
    assertThat(paid.get("state").asString()).isEqualTo("AUTHORISED");
    assertThat(paid.get("amount").asString()).isEqualTo("THB 4800.00");
    assertThat(paid.get("reference").asString()).isEqualTo("auth-1");
    assertThat(paid.get("failureReason").isNull()).isTrue();
    assertThat(held.get("reservedAddon").asString()).isEqualTo("0.200");
    assertThat(held.get("awaitingPayment").asString()).isEqualTo("100.000");
    assertThat(held.propertyNames()).containsExactly("reservedMonthly", "reservedAddon",
        "reservedOverage", "awaitingPayment");
  }
}
