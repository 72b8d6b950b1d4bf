package com.bnaura.quota.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.Statement;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.spi.QuotaStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * A statement of a real period (a top-up, charges into overage, a refund) written as CSV and read
 * back as a spreadsheet reads it: the money amounts add up to the statement's totals, the summary
 * names staff, and a cell a caller chose cannot run as a formula.
 */
final class StatementCsvTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
  private final QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory())
      .clock(clock).customerRefKey("statement-csv-test-key-0123456789".getBytes()).build();

  private Statement period() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.AUTO).maxUnitsPerRequest("1000").build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 2, "top-1"));
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1")
        .user("nok").quantity(100).build());
    quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "=cmd|x")
        .user("@evil").quantity(5).build());
    quotas.reverseCharge(ReverseChargeRequest.refund("c1", "=cmd|x", "refund-1"));
    return quotas.statement("c1", clock.instant());
  }

  private static List<List<String[]>> sections(String csv) throws Exception {
    CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    List<List<String[]>> sections = new ArrayList<>();
    for (String section : csv.split("\r\n\r\n")) {
      try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(section)) {
        sections.add(rows.readAll());
      }
    }
    return sections;
  }

  private static String[] row(List<String[]> rows, String first, String second) {
    return rows.stream().filter(r -> r[0].equals(first) && r[1].equals(second)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + "," + second + " in "
            + rows.stream().map(Arrays::toString).toList()));
  }

  @Test
  void moneySection_addsUpToTheStatementsTotals_andCreditsAreNegative() throws Exception {
    Statement statement = period();

    List<List<String[]>> sections = sections(StatementCsv.write(statement, user -> null));

    assertThat(sections).hasSize(3);
    List<String[]> money = sections.get(0);
    assertThat(money.get(0)).containsExactlyElementsOf(StatementCsv.MONEY_COLUMNS);
    assertThat(money).extracting(r -> r[1]).contains("PLAN_FEE", "TOP_UP", "OVERAGE", "REFUND",
        StatementCsv.NET);
    BigDecimal lines = BigDecimal.ZERO;
    for (String[] line : money.subList(1, money.size() - 3)) {
      lines = lines.add(new BigDecimal(line[4]));
    }
    BigDecimal net = new BigDecimal(row(money, "", StatementCsv.NET)[4]);
    assertThat(lines).isEqualByComparingTo(net);
    assertThat(net).isEqualByComparingTo(statement.totals().net().toBigDecimal());
    assertThat(new BigDecimal(row(money, "", StatementCsv.TOTAL_CHARGED)[4]))
        .isEqualByComparingTo(statement.totals().charged().toBigDecimal());
    assertThat(new BigDecimal(row(money, "", StatementCsv.TOTAL_CREDITED)[4]))
        .isEqualByComparingTo(statement.totals().credited().toBigDecimal().negate())
        .isNegative();
  }

  @Test
  void summaryAndLedger_nameStaff_andKeepCallersCellsFromRunningAsFormulas() throws Exception {
    Statement statement = period();
    Map<String, String> names = Map.of("nok", "นก");

    List<List<String[]>> sections =
        sections(StatementCsv.write(statement, user -> names.get(user.value())));

    List<String[]> summary = sections.get(1);
    assertThat(summary.get(0)).containsExactlyElementsOf(StatementCsv.SUMMARY_COLUMNS);
    assertThat(row(summary, "staff", "นก")[2]).isEqualTo("1");
    assertThat(row(summary, "staff", "'@evil")[3]).isEqualTo("5");
    assertThat(row(summary, "total", "")[2]).isEqualTo("2");
    List<String[]> ledger = sections.get(2);
    assertThat(ledger.get(0)).containsExactlyElementsOf(StatementCsv.LEDGER_COLUMNS);
    assertThat(ledger).extracting(r -> r[10]).contains("k1", "'=cmd|x").doesNotContain("=cmd|x");
    String[] charge = ledger.stream().filter(r -> r[10].equals("k1")).findFirst().orElseThrow();
    assertThat(charge[0]).isEqualTo("2026-03-10T10:00:00+07:00");
    assertThat(charge[3]).isEqualTo("นก");
    assertThat(ledger.get(ledger.size() - 1)[1]).isEqualTo(StatementCsv.TOTALS);
  }

  @Test
  void bytes_areUtf8AfterAByteOrderMark() {
    Statement statement = period();

    byte[] file = StatementCsv.bytes(statement, user -> "นก");

    assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    assertThat(new String(file, 3, file.length - 3, StandardCharsets.UTF_8))
        .isEqualTo(StatementCsv.write(statement, user -> "นก"));
  }
}
