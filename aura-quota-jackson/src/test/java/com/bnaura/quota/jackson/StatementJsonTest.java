package com.bnaura.quota.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementLine;
import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.StatementTotals;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.UsageStats.Tally;
import com.bnaura.quota.UsageSummary;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.LedgerKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON a host gets from writing a {@link Statement} with the module: its shape. */
final class StatementJsonTest {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().addModule(new QuotaJacksonModule()).build();
  private static final Instant MARCH = Instant.parse("2026-02-28T17:00:00Z");
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  private static Statement statement() {
    Money zero = Money.zero(Money.THB);
    Money overage = Money.of("60", Money.THB);
    BillingPeriod period = new BillingPeriod(MARCH, Instant.parse("2026-03-31T17:00:00Z"));
    Instant at = Instant.parse("2026-03-10T03:00:00Z");
    Deduction split = new Deduction(Units.parse("0.8"), Units.parse("0.2"), Units.of(1));
    Tally charged = new Tally(1, Units.of(2));
    UsageStats usage = new UsageStats(ClinicId.of("c1"), period, BANGKOK, false, charged, split,
        Map.of(OperationId.CLINICAL_ANALYSIS, charged), Map.of(UserId.of("sales-1"), charged),
        new TreeMap<>(Map.of(LocalDate.of(2026, 3, 10), charged)), Tally.ZERO, Tally.ZERO,
        overage, new UsageStats.Reservations(0, Units.ZERO, 0, 0, 0), Tally.ZERO, Map.of(), 0,
        at);
    UsageSummary.Row row = new UsageSummary.Row(1, Units.of(2), overage, Tally.ZERO);
    return new Statement(ClinicId.of("c1"), period, BANGKOK, false,
        List.of(new StatementLine(at, LedgerKind.CHARGE, Optional.of(OperationId.CLINICAL_ANALYSIS),
            Optional.of(UserId.of("sales-1")), Units.of(2), split, Units.ZERO, overage,
            Optional.of(IdempotencyKey.of("k1")), Optional.empty())),
        List.of(
            new StatementMoneyLine(MARCH, StatementMoneyLine.Kind.PLAN_FEE,
                "Plan starter, monthly fee", Units.ZERO, Money.of("2990", Money.THB),
                Optional.of(PlanId.STARTER), Optional.empty()),
            new StatementMoneyLine(at, StatementMoneyLine.Kind.OVERAGE, "Overage, 1.000 units",
                Units.of(1), overage, Optional.empty(), Optional.empty())),
        StatementTotals.of(Money.of("3050", Money.THB), zero), usage,
        new UsageSummary(row, Map.of(OperationId.CLINICAL_ANALYSIS, row),
            Map.of(UserId.of("sales-1"), row), UsageSummary.Row.empty(zero)), at);
  }

  @Test
  void write_statement_isItsComponentsWithIdsAsTheirValue() {
    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(statement()));

    assertThat(json.propertyNames()).containsExactly("clinic", "period", "zone", "current",
        "lines", "money", "totals", "usage", "summary", "asOf");
    assertThat(json.get("period").get("start").asString()).isEqualTo("2026-02-28T17:00:00Z");
    assertThat(json.get("zone").asString()).isEqualTo("Asia/Bangkok");
    JsonNode line = json.get("lines").get(0);
    assertThat(line.get("operation").asString()).isEqualTo("CLINICAL_ANALYSIS");
    assertThat(line.get("user").asString()).isEqualTo("sales-1");
    assertThat(line.get("reason").isNull()).isTrue();
    assertThat(line.get("split").propertyNames())
        .containsExactly("fromMonthly", "fromAddon", "overage");
    assertThat(line.get("split").get("fromMonthly").asString()).isEqualTo("0.800");
    JsonNode fee = json.get("money").get(0);
    assertThat(fee.propertyNames()).containsExactly("at", "kind", "description", "units",
        "amount", "plan", "reference");
    assertThat(fee.get("kind").asString()).isEqualTo("PLAN_FEE");
    assertThat(fee.get("amount").asString()).isEqualTo("THB 2990.00");
    assertThat(fee.get("plan").asString()).isEqualTo("starter");
    assertThat(json.get("totals").get("net").asString()).isEqualTo("THB 3050.00");
    assertThat(json.get("totals").get("netCredit").asBoolean()).isFalse();
    JsonNode byUser = json.get("summary").get("byUser");
    assertThat(byUser.propertyNames()).containsExactly("sales-1");
    assertThat(byUser.get("sales-1").get("overage").asString()).isEqualTo("THB 60.00");
    assertThat(json.get("summary").get("byOperation").propertyNames())
        .containsExactly("CLINICAL_ANALYSIS");
    assertThat(json.get("usage").get("byDay").propertyNames()).containsExactly("2026-03-10");
  }

  @Test
  void read_idKeysAndADeduction_giveTheSameValues() {
    Map<UserId, Deduction> byUser = Map.of(UserId.of("sales-1"),
        new Deduction(Units.parse("0.8"), Units.ZERO, Units.parse("0.2")));
    TypeReference<Map<UserId, Deduction>> type = new TypeReference<>() {};

    String json = MAPPER.writeValueAsString(byUser);

    assertThat(json).isEqualTo("{\"sales-1\":{\"fromMonthly\":\"0.800\",\"fromAddon\":\"0.000\","
        + "\"overage\":\"0.200\"}}");
    assertThat(MAPPER.readValue(json, type)).isEqualTo(byUser);
  }

  @Test
  void aDeductionThatNamesItsGrants_isWrittenWithThemAndReadBack() {
    Deduction split = new Deduction(Units.parse("0.5"), Units.parse("1.5"), Units.ZERO,
        List.of(new GrantPart(GrantId.of("pack-a"), Units.of(1)),
            new GrantPart(GrantId.of("pack-b"), Units.parse("0.5"))));

    String json = MAPPER.writeValueAsString(split);

    assertThat(json).isEqualTo("{\"fromMonthly\":\"0.500\",\"fromAddon\":\"1.500\","
        + "\"overage\":\"0.000\",\"grants\":[{\"grant\":\"pack-a\",\"units\":\"1.000\"},"
        + "{\"grant\":\"pack-b\",\"units\":\"0.500\"}]}");
    assertThat(MAPPER.readValue(json, Deduction.class)).isEqualTo(split);
  }

  @Test
  void aDeductionWhoseGrantsDoNotAddUp_isRefused() {
    String json = "{\"fromMonthly\":\"0\",\"fromAddon\":\"1.000\",\"overage\":\"0\","
        + "\"grants\":[{\"grant\":\"pack-a\",\"units\":\"0.500\"}]}";

    assertThatThrownBy(() -> MAPPER.readValue(json, Deduction.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("do not sum");
  }

  @Test
  void read_aBlankIdKey_isRefused() {
    TypeReference<Map<OperationId, Units>> type = new TypeReference<>() {};

    assertThatThrownBy(() -> MAPPER.readValue("{\" \":\"1\"}", type))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("OperationId");
  }
}
