package com.bnaura.quota.examples.plain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class PlainJavaExampleTest {
  /** 10 March 2026, 10:00 in Bangkok. */
  private static final Clock MARCH_10 =
      Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);

  private final AtomicInteger aiCalls = new AtomicInteger();

  @Test
  void run_printsTheWholeStoryInUnderSixtyLines() {
    List<String> lines = story();

    assertThat(lines).hasSizeBetween(30, 60);
    assertThat(lines).contains(
        "  siam-smile-clinic: plan starter, 100 units a month, overage policy BLOCK,"
            + " period 2026-03-01 to 2026-03-31",
        "  bangkok-glow-clinic: plan professional, 500 units a month, overage policy CONSENT,"
            + " period 2026-03-01 to 2026-03-31");
  }

  @Test
  void run_showsTheSplitAndTheFailedCallCostsNothing() {
    List<String> lines = story();

    assertThat(lines).contains(
        "  Quick scan of customer-001, reserve -> commit: charged 0.2 units"
            + " (monthly 0.2 + add-on 0); 99.8 units left",
        "  Quick scan of customer-004, Gemini times out: AI call failed (read timed out),"
            + " 0.2 units released, nothing charged; 98.6 units left");
  }

  @Test
  void run_repeatScanWithin24h_isFreeAndClinicalAfterQuick_chargesTheDifference() {
    List<String> lines = story();

    assertThat(lines).contains(
        "  Repeat quick scan of customer-001 within 24 h: free (REPEAT_WITHIN_24H,"
            + " 0.2 units waived); 98.6 units left",
        "  Clinical analysis of customer-001 within 24 h: charged 0.8 units"
            + " (monthly 0.8 + add-on 0), 0.2 waived as REPEAT_WITHIN_24H; 97.8 units left");
  }

  @Test
  void run_blockedClinic_printsThe403BodyInEnglishAndThai() {
    List<String> lines = story();

    String section = String.join("\n", between(lines, "3. ", "4. "));
    assertThat(section)
        .contains("After 97 clinical analyses (97 units charged, 0.8 units left),"
            + " the next one gets HTTP 403:")
        .contains("code:            QUOTA_EXCEEDED")
        .contains("message:         Quota exceeded: 1.000 units needed, 0.800 left.")
        .contains("messageThai:     เกินโควตาแล้ว")
        .contains("remaining:       0.8 units")
        .contains("willIncurCharge: false")
        .contains("estimatedCost:   ฿0.00")
        .contains("suggestedTopUp:  pack-100 (100 units for ฿4,800.00)");
  }

  @Test
  void run_consentClinic_isAskedFirstThenChargedOverageInBaht() {
    List<String> lines = story();

    String section = String.join("\n", between(lines, "4. ", "5. "));
    assertThat(section)
        .contains("the next one gets HTTP 403:")
        .contains("code:            QUOTA_EXCEEDED")
        .contains("willIncurCharge: true")
        .contains("estimatedCost:   ฿60.00")
        .contains("messageThai:     เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00 ต่อหน่วย")
        .contains("retry with acceptOverage(true): charged 1 unit"
            + " (monthly 0 + add-on 0 + overage 1 = ฿60.00); 0 units left");
  }

  @Test
  void run_topUp_costsFourThousandEightHundredBahtAndUnblocksTheClinic() {
    List<String> lines = story();

    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("  Bought pack-100: 100 units for ฿4,800.00, transaction topup_")
        .endsWith(", add-on balance 100 units"));
    assertThat(lines).contains("  The refused clinical analysis, tried again: charged 1 unit"
        + " (monthly 0.8 + add-on 0.2); 99.8 units left");
  }

  @Test
  void run_sameKeyTwice_isChargedOnce() {
    List<String> lines = story();

    assertThat(lines).contains(
        "  Quick scan sent twice with key siam-req-008: add-on 99.8 -> 99.6 units after the first,"
            + " 99.6 units after the retry",
        "  Top-up sent again with key siam-topup-001: same transaction, no second ฿4,800.00;"
            + " add-on 99.6 units before, 99.6 units after");
  }

  @Test
  void run_endsWithTheExactBalanceOfEachClinic() {
    List<String> lines = story();

    assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
        "  siam-smile-clinic (starter, BLOCK): monthly 100 of 100 used,"
            + " add-on 99.6 units left, overage 0 units = ฿0.00",
        "  bangkok-glow-clinic (professional, CONSENT): monthly 500 of 500 used,"
            + " add-on 0 units left, overage 1 unit = ฿60.00");
  }

  @Test
  void analyse_unknownClinic_isRefusedWithoutCallingTheAi() {
    QuotaService quotas = PlainJavaExample.newService(MARCH_10);

    String line = PlainJavaExample.analyse(quotas,
        UsageRequest.builder("no-such-clinic", OperationId.QUICK_SCAN, "req-1").build(),
        countingAi());

    assertThat(line).isEqualTo("refused, UNKNOWN_CLINIC (HTTP 404):"
        + " no clinic 'no-such-clinic' is registered");
    assertThat(aiCalls).hasValue(0);
  }

  @Test
  void analyse_blankIdempotencyKey_isInvalidArgumentNamingTheFieldAndChangesNothing() {
    QuotaService quotas = registeredStarter();

    String line = PlainJavaExample.analyse(quotas,
        UsageRequest.builder(PlainJavaExample.SIAM, OperationId.QUICK_SCAN, " ").build(),
        countingAi());

    assertThat(line).startsWith("refused, INVALID_ARGUMENT (HTTP 400): idempotencyKey: ");
    assertThat(aiCalls).hasValue(0);
    assertThat(quotas.balance(PlainJavaExample.SIAM).totalRemaining()).isEqualTo(Units.of(100));
  }

  @Test
  void analyse_aiCallFails_releasesEveryUnit() {
    QuotaService quotas = registeredStarter();

    String line = PlainJavaExample.analyse(quotas,
        UsageRequest.builder(PlainJavaExample.SIAM, OperationId.CLINICAL_ANALYSIS, "req-1").build(),
        () -> {
          throw new IOException("HTTP 503 from Gemini");
        });

    assertThat(line).isEqualTo(
        "AI call failed (HTTP 503 from Gemini), 1 unit released, nothing charged; 100 units left");
    Balance balance = quotas.balance(PlainJavaExample.SIAM);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(balance.totalRemaining()).isEqualTo(Units.of(100));
  }

  private List<String> story() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, UTF_8);

    PlainJavaExample.run(MARCH_10, out);

    return bytes.toString(UTF_8).lines().toList();
  }

  private static QuotaService registeredStarter() {
    QuotaService quotas = PlainJavaExample.newService(MARCH_10);
    quotas.registerClinic(ClinicRegistration.builder(PlainJavaExample.SIAM, "starter").build());
    return quotas;
  }

  private PlainJavaExample.AiCall countingAi() {
    return () -> {
      aiCalls.incrementAndGet();
      return "gemini-3.8-flash";
    };
  }

  private static List<String> between(List<String> lines, String from, String to) {
    int start = indexStartingWith(lines, from);
    int end = indexStartingWith(lines, to);
    assertThat(start).as("section %s", from).isNotNegative();
    assertThat(end).as("section %s", to).isGreaterThan(start);
    return lines.subList(start, end);
  }

  private static int indexStartingWith(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
