package com.bnaura.quota.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

final class QuotaJacksonModuleTest {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().addModule(new QuotaJacksonModule()).build();
  private static final String HASH = "ab".repeat(32);

  /** What a host might return from an endpoint. */
  record Usage(ClinicId clinic, PlanId plan, OperationId operation, ReservationId reservation,
      IdempotencyKey key, UserId user, CustomerRefHash customer, Units units, Money cost,
      List<Units> history) {}

  private static final Usage USAGE = new Usage(ClinicId.of("clinic-1"), PlanId.of("starter"),
      OperationId.of("QUICK_SCAN"), ReservationId.of("r-1"), IdempotencyKey.of("k-1"),
      UserId.of("u-1"), new CustomerRefHash(HASH), Units.parse("0.2"),
      Money.of("60.5", Money.THB), List.of(Units.of(1), Units.parse("999999999.999")));

  private static final String USAGE_JSON = "{\"clinic\":\"clinic-1\",\"plan\":\"starter\","
      + "\"operation\":\"QUICK_SCAN\",\"reservation\":\"r-1\",\"key\":\"k-1\",\"user\":\"u-1\","
      + "\"customer\":\"" + HASH + "\",\"units\":\"0.200\",\"cost\":\"THB 60.50\","
      + "\"history\":[\"1.000\",\"999999999.999\"]}";

  @Test
  void write_valueTypes_areStrings() {
    assertThat(MAPPER.writeValueAsString(USAGE)).isEqualTo(USAGE_JSON);
  }

  @Test
  void read_theWrittenForm_givesTheSameValues() {
    assertThat(MAPPER.readValue(USAGE_JSON, Usage.class)).isEqualTo(USAGE);
  }

  @Test
  void branchStatus_isWrittenWithItsUnitsAsStringsAndAnAbsentBudgetAsNull() {
    BranchStatus branch = new BranchStatus("phuket", "Phuket",
        new BillingPeriod(Instant.parse("2025-12-31T17:00:00Z"),
            Instant.parse("2026-01-31T17:00:00Z")),
        Optional.of(Units.of(50)), Units.parse("12.2"), Optional.of(Units.parse("37.8")),
        Units.parse("1.5"), Optional.of(LocalDate.parse("2026-01-25")), false,
        List.of(new BranchStatus.Staff("nurse-7", Optional.empty(), Units.parse("2"),
            Optional.empty())));

    String json = MAPPER.writeValueAsString(branch);

    assertThat(json).contains("\"monthlyBudget\":\"50.000\"", "\"used\":\"12.200\"",
        "\"remaining\":\"37.800\"", "\"dailyRate\":\"1.500\"",
        "\"budgetRunsOut\":\"2026-01-25\"",
        "{\"user\":\"nurse-7\",\"monthlyBudget\":null,\"used\":\"2.000\",\"remaining\":null}");
  }

  @Test
  void grantPart_isWrittenWithItsGrantIdAsAStringAndReadBack() {
    GrantPart part = new GrantPart(GrantId.of("g-0123456789abcdef01234567"), Units.parse("0.9"));

    String json = MAPPER.writeValueAsString(part);

    assertThat(json).isEqualTo("{\"grant\":\"g-0123456789abcdef01234567\",\"units\":\"0.900\"}");
    assertThat(MAPPER.readValue(json, GrantPart.class)).isEqualTo(part);
  }

  @Test
  void receipt_isWrittenWithItsAmountsAsStringsAndItsGrantsByName() {
    Receipt receipt = new Receipt(IdempotencyKey.of("scan-1"), Instant.parse("2026-01-10T03:00:00Z"),
        Instant.parse("2025-12-31T17:00:00Z"), OperationId.of("CLINICAL_ANALYSIS"), 1,
        Optional.of(UserId.of("sales-1")), true, Optional.empty(), Units.of(1),
        Units.parse("0.1"), List.of(new Receipt.GrantPaid(GrantId.of("g-1"),
            Optional.of("pack-100"), Units.parse("0.9"))), Units.ZERO,
        Money.of("0", Money.THB), Optional.of(Money.of("75", Money.THB)), Units.ZERO,
        Optional.empty(), Optional.empty(), Optional.of(PlanId.of("starter")),
        Optional.of("2026-01"), Optional.of("gemini-2.5-pro"), 1200, 300, 0, Optional.empty(),
        false, Units.parse("0.5"), Money.of("0", Money.THB));

    String json = MAPPER.writeValueAsString(receipt);

    assertThat(json).contains("\"key\":\"scan-1\"", "\"monthlyUnits\":\"0.100\"",
        "\"reversed\":\"0.500\"",
        "\"grants\":[{\"grant\":\"g-1\",\"pack\":\"pack-100\",\"units\":\"0.900\"}]",
        "\"overagePrice\":\"THB 75.00\"", "\"plan\":\"starter\"",
        "\"catalogVersion\":\"2026-01\"", "\"promptTokens\":1200");
  }

  @Test
  void read_grantIdWithASeparator_isRefused() {
    assertThatThrownBy(() -> MAPPER.readValue("\"g=1\"", GrantId.class))
        .hasMessageContaining("grantId");
  }

  @Test
  void write_moneyWithoutDecimals_usesTheCurrencyDigits() {
    Money yen = Money.of("1500", Currency.getInstance("JPY"));

    assertThat(MAPPER.writeValueAsString(yen)).isEqualTo("\"JPY 1500\"");
    assertThat(MAPPER.readValue("\"JPY 1500\"", Money.class)).isEqualTo(yen);
  }

  @Test
  void read_tooManyDecimals_isRefusedWithTheTypesReason() {
    assertThatThrownBy(() -> MAPPER.readValue("\"0.0005\"", Units.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("\"0.0005\"")
        .hasMessageContaining("Units");
  }

  @Test
  void read_moneyWithoutACurrency_isRefused() {
    assertThatThrownBy(() -> MAPPER.readValue("\"60.00\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("a currency code, a space and an amount");
    assertThatThrownBy(() -> MAPPER.readValue("\"XYZ 60.00\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("unknown currency 'XYZ'");
  }

  @Test
  void read_blankId_isRefused() {
    assertThatThrownBy(() -> MAPPER.readValue("\" \"", ClinicId.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  @Test
  void read_aNumber_isRefusedSoAmountsNeverPassThroughADouble() {
    assertThatThrownBy(() -> MAPPER.readValue("0.2", Units.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("a Units is written as a JSON string");
  }

  @Test
  void read_null_isNull() {
    assertThat(MAPPER.readValue("null", Money.class)).isNull();
  }
}
