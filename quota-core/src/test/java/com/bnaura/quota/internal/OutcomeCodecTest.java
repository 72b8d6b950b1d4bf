package com.bnaura.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.Reversed;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stored outcomes: a refusal replays its words in any locale, and format 1 rows still replay. */
final class OutcomeCodecTest {
  private static final Money SIXTY = Money.of("60", Money.THB);
  private static final Money TWELVE = Money.of("12", Money.THB);

  private static Refused consentRefusal() {
    LocalizedText text = Messages.consent(SIXTY, TWELVE);
    QuotaShortfall s = new QuotaShortfall(Units.parse("0.2"), Units.ZERO, true, TWELVE,
        Optional.of(SIXTY), Optional.of(new TopUpPack("1 unit", Units.of(1),
            Money.of("48", Money.THB))), text.thai());
    return new Refused(RefusalCode.QUOTA_EXCEEDED, text, Optional.empty(),
        Optional.of(new ClinicId("c1")), Optional.of(new OperationId("QUICK_SCAN")),
        Optional.of(s), Optional.empty());
  }

  @Test
  void refusal_isStoredAsItsCodeAndArguments_andReplaysInAnyLocale() {
    Refused refused = consentRefusal();

    String stored = OutcomeCodec.encode(refused);
    Refused replayed = (Refused) OutcomeCodec.decode(stored);

    assertThat(stored).startsWith("v=2&").doesNotContain("msg=", "s.th=");
    assertThat(replayed).isEqualTo(refused);
    assertThat(replayed.text().code()).isEqualTo(Messages.CONSENT);
    assertThat(replayed.message()).contains("฿60.00 per unit", "฿12.00 for this request");
    assertThat(replayed.message(LocalizedText.THAI))
        .isEqualTo("เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00 ต่อหน่วย (ครั้งนี้ ฿12.00)");
    assertThat(replayed.message(Locale.FRENCH)).startsWith("Quota dépassé");
  }

  @Test
  void reversals_roundTrip_withAndWithoutTheirRefund() {
    Reversed refund = new Reversed(new ClinicId("c1"), ReversalKind.DISPUTE,
        IdempotencyKey.of("dispute-1"), Optional.of(IdempotencyKey.of("scan-1")),
        Optional.empty(), Units.parse("1.5"), new Deduction(Units.parse("0.5"), Units.of(1),
            Units.ZERO, List.of(new GrantPart(GrantId.of("g-1"), Units.of(1)))),
        Units.parse("0.5"), Units.ZERO, TWELVE, Optional.empty(),
        Instant.parse("2026-02-03T03:00:00Z"));
    Reversed voided = new Reversed(new ClinicId("c1"), ReversalKind.VOID,
        IdempotencyKey.of("void-1"), Optional.empty(), Optional.of(GrantId.of("g-1")),
        Units.of(60), Deduction.NONE, Units.ZERO, Units.ZERO, Money.zero(Money.THB),
        Optional.of(new Reversed.Refund(SIXTY, Reversed.RefundState.DECLINED, "",
            "card expired & closed")), Instant.parse("2026-02-03T03:00:00Z"));

    assertThat(OutcomeCodec.decode(OutcomeCodec.encode(refund))).isEqualTo(refund);
    assertThat(OutcomeCodec.decode(OutcomeCodec.encode(voided))).isEqualTo(voided);
  }

  @Test
  void storedText_isEveryKeyAndValueUrlEncoded() {
    String stored = OutcomeCodec.encode(consentRefusal());

    assertThat(stored).contains("s.cost=THB%3A1200", "&t=refused&");
    for (String pair : stored.split("&")) {
      int eq = pair.indexOf('=');
      String key = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      assertThat(url(java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8)))
          .isEqualTo(key);
      assertThat(url(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8)))
          .as(key).isEqualTo(value);
    }
  }

  @Test
  void textOfEveryArgumentType_roundTrips() {
    LocalizedText text = LocalizedText.of("refused.registration_conflict", "c&1=x",
        Units.parse("1.5"), Money.of("4800", Money.THB), LocalDate.of(2026, 3, 1),
        Instant.parse("2026-03-17T03:00:00.123456789Z"), 42L, new BigDecimal("9.50"),
        LocalizedText.of(Messages.WORD_NONE), LocalizedText.of("x.y", LocalizedText.of("z", "w")));

    LocalizedText back = OutcomeCodec.decodeText(OutcomeCodec.encodeText(text));

    assertThat(back).isEqualTo(text);
  }

  @Test
  void formatOneRefusal_replaysItsStoredEnglishAndThai() {
    String english = "Quota exceeded; a charge of ฿60.00 per unit will apply (฿12.00 for this "
        + "request). Accept the overage charge or buy a top-up to continue.";
    String thai = "เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00 ต่อหน่วย (ครั้งนี้ ฿12.00)";
    String formatOne = "v=1&t=refused&code=QUOTA_EXCEEDED&msg=" + url(english)
        + "&clinic=c1&op=QUICK_SCAN&s.req=200&s.rem=0&s.charge=true&s.cost=THB%3A1200&s.th="
        + url(thai) + "&s.price=THB%3A6000&s.pack=1+unit&s.packUnits=1000&s.packPrice=THB%3A4800";

    Refused replayed = (Refused) OutcomeCodec.decode(formatOne);

    assertThat(replayed.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
    assertThat(replayed.message()).isEqualTo(english);
    assertThat(replayed.message(LocalizedText.THAI)).isEqualTo(thai);
    assertThat(replayed.message(Locale.GERMAN)).isEqualTo(english);
    QuotaShortfall s = replayed.shortfall().orElseThrow();
    assertThat(s.messageThai()).isEqualTo(thai);
    assertThat(s.estimatedCost()).isEqualTo(TWELVE);
    assertThat(s.suggestedTopUp()).map(TopUpPack::name).hasValue("1 unit");
  }

  @Test
  void unversionedRefusal_isFormatOne_andKeepsItsEnglishInThai() {
    String unversioned = "t=refused&code=UNKNOWN_CLINIC&msg=" + url("no clinic 'c9' is registered")
        + "&clinic=c9";

    Refused replayed = (Refused) OutcomeCodec.decode(unversioned);

    assertThat(replayed.message()).isEqualTo("no clinic 'c9' is registered");
    assertThat(replayed.message(LocalizedText.THAI)).isEqualTo("no clinic 'c9' is registered");
    assertThat(replayed.clinic()).contains(new ClinicId("c9"));
  }

  @Test
  void newerFormat_isRefusedRatherThanMisread() {
    assertThatThrownBy(() -> OutcomeCodec.decode("v=3&t=refused&code=QUOTA_EXCEEDED"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("format 3");
  }

  private static String url(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
