package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.math.BigDecimal;
import java.text.DecimalFormatSymbols;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Refusals, recommendations, alerts and forecasts read in English, in Thai and in a host's own language. */
final class LocalizedTextTest {
  private static final Locale TH = LocalizedText.THAI;
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z");
  private final QuotaService quotas =
      QuotaService.builder().store(QuotaStore.inMemory()).clock(clock).build();

  private static Money thb(String amount) {
    return Money.of(amount, Money.THB);
  }

  private void useUp(String clinic, long wholeUnits) {
    for (long done = 0; done < wholeUnits; done += 100) {
      quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
          "fill-" + done).quantity(Math.min(100, wholeUnits - done)).build());
    }
  }

  @Test
  void money_readsTheSameInEnglishAndThai_andInTheHostsSeparatorsElsewhere() {
    Money price = thb("4800");
    DecimalFormatSymbols fr = DecimalFormatSymbols.getInstance(Locale.FRENCH);

    assertThat(price.toDisplayString(Locale.ENGLISH)).isEqualTo("฿4,800.00");
    assertThat(price.toDisplayString(TH)).isEqualTo("฿4,800.00");
    assertThat(price.toDisplayString()).isEqualTo("฿4,800.00");
    assertThat(price.toDisplayString(Locale.FRENCH))
        .isEqualTo("฿4" + fr.getGroupingSeparator() + "800" + fr.getDecimalSeparator() + "00");
    assertThat(Money.of("12.5", java.util.Currency.getInstance("USD")).toDisplayString(TH))
        .isEqualTo("USD 12.50");
    assertThat(Units.parse("1234.2").toDisplayString(TH)).isEqualTo("1234.200");
    assertThat(Units.parse("0.2").toDisplayString(Locale.FRENCH))
        .isEqualTo("0" + fr.getDecimalSeparator() + "200");
  }

  @Test
  void consentRefusal_readsInThaiWithItsPrice_andAReplayReadsTheSame() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    useUp("c1", 500);
    UsageRequest scan = UsageRequest.builder("c1", OperationId.QUICK_SCAN, "q1").build();

    Refused first = (Refused) quotas.tryReserve(scan);
    Refused replay = (Refused) quotas.tryReserve(scan);

    assertThat(first.text().code()).isEqualTo("refused.quota_exceeded.consent");
    assertThat(first.message(TH))
        .isEqualTo("เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00 ต่อหน่วย (ครั้งนี้ ฿12.00)");
    assertThat(first.message()).isEqualTo("Quota exceeded; a charge of ฿60.00 per unit will "
        + "apply (฿12.00 for this request). Accept the overage charge or buy a top-up to continue.");
    assertThat(first.shortfall().orElseThrow().messageThai()).isEqualTo(first.message(TH));
    assertThat(replay).isEqualTo(first);
    assertThat(replay.message(TH)).isEqualTo(first.message(TH));
  }

  @Test
  void availability_saysWhyNotInEachLanguage() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    useUp("c1", 500);

    Availability a = quotas.checkQuotaAvailability("c1", "QUICK_SCAN");

    assertThat(a.reason()).map(LocalizedText::code).hasValue("refused.quota_exceeded.consent");
    assertThat(a.messageThai()).hasValueSatisfying(m -> assertThat(m).contains("฿12.00", "ครั้งนี้"));
    assertThat(a.message()).hasValueSatisfying(m -> assertThat(m).contains("฿12.00 for this request"));
    assertThat(a.message(Locale.FRENCH)).hasValueSatisfying(m -> assertThat(m)
        .startsWith("Quota dépassé").contains("12" + DecimalFormatSymbols.getInstance(Locale.FRENCH)
            .getDecimalSeparator() + "00 pour cette demande"));
  }

  @Test
  void unknownClinic_readsInThai() {
    assertThatThrownBy(() -> quotas.balance("nobody"))
        .isInstanceOfSatisfying(QuotaRefusedException.class, e -> {
          assertThat(e.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC);
          assertThat(e.refused().message()).isEqualTo("no clinic 'nobody' is registered");
          assertThat(e.refused().message(TH)).isEqualTo("ไม่พบคลินิก 'nobody' ที่ลงทะเบียนไว้");
        });
  }

  @Test
  void hostLocaleBundle_rendersItsPatterns_andEnglishForKeysItLacks() {
    LocalizedText blocked = LocalizedText.of("refused.quota_exceeded.blocked", Units.parse("0.2"),
        Units.ZERO);
    LocalizedText limit = LocalizedText.of("refused.quota_exceeded.units_limit", Units.of(101),
        Units.of(100));
    char comma = DecimalFormatSymbols.getInstance(Locale.FRENCH).getDecimalSeparator();

    assertThat(blocked.render(Locale.FRANCE))
        .isEqualTo("Quota dépassé : 0" + comma + "200 unités nécessaires, il en reste 0" + comma
            + "000.");
    assertThat(limit.render(Locale.FRENCH)).startsWith("Request refused: it asks for 101"
        + comma + "000 units");
  }

  @Test
  void localeWithoutABundle_rendersEnglish_evenOnAThaiServer() {
    Locale before = Locale.getDefault();
    Locale.setDefault(TH);
    try {
      LocalizedText blocked = LocalizedText.of("refused.quota_exceeded.blocked", Units.of(2),
          Units.ZERO);

      assertThat(blocked.render(Locale.GERMAN)).startsWith("Quota exceeded: 2,000 units needed");
      assertThat(blocked.render(Locale.ENGLISH)).startsWith("Quota exceeded: 2.000 units needed");
      assertThat(blocked.render(Locale.ROOT)).startsWith("Quota exceeded: 2.000 units needed");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void hostsOwnBundle_rendersItsPattern_andEnglishForKeysItLacks() {
    ListResourceBundle host = new ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return new Object[][] {{"refused.payment_declined", "Zahlung über {0} abgelehnt: {1}"}};
      }
    };
    LocalizedText declined = LocalizedText.of("refused.payment_declined", thb("4800"), "Karte");
    LocalizedText missing = LocalizedText.of("refused.unknown_plan", "gold");

    assertThat(declined.render(Locale.GERMAN, host)).isEqualTo("Zahlung über ฿4.800,00 abgelehnt: Karte");
    assertThat(missing.render(Locale.GERMAN, host)).isEqualTo("no plan 'gold' in the catalog");
  }

  @Test
  void literalText_readsAsWrittenInEveryLocale() {
    Refused r = Refused.of(RefusalCode.RATE_LIMITED, "slow down {0} it's 'quoted'");

    assertThat(r.message()).isEqualTo("slow down {0} it's 'quoted'");
    assertThat(r.message(TH)).isEqualTo("slow down {0} it's 'quoted'");
  }

  @Test
  void argumentOfAnUnformattableType_isRefused() {
    assertThatThrownBy(() -> LocalizedText.of("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("args");
  }

  @Test
  void recommendations_readInThaiWithTheirFigures() {
    var topUp = new Recommendations.BuyTopUp(new TopUpPack("68 units", Units.of(68), thb("3264")),
        Units.parse("67.5"), thb("5055"), thb("1791"));
    var pack = new Recommendations.BuyTopUp(new TopUpPack("scan-100", Units.of(100), thb("4800")),
        Units.of(90), thb("5400"), thb("600"));
    var upgrade = new Recommendations.Upgrade(PlanId.PROFESSIONAL, thb("6000"), thb("6450"),
        thb("450"));
    var downgrade = new Recommendations.Downgrade(PlanId.STARTER, thb("3000"), Units.of(80),
        Units.of(200));

    assertThat(topUp.message(TH)).contains("67.500 หน่วย", "฿5,055.00", "68 หน่วย", "฿3,264.00",
        "ประหยัดได้ ฿1,791.00");
    assertThat(topUp.message()).contains("68 units costs ฿3,264.00", "saves ฿1,791.00");
    assertThat(pack.message(TH)).contains("แพ็กเกจ scan-100 (100.000 หน่วย)", "฿4,800.00");
    assertThat(pack.message()).contains("scan-100 (100.000 units) costs ฿4,800.00");
    assertThat(upgrade.message(TH)).contains("฿6,450.00", "฿6,000.00", "professional", "฿450.00");
    assertThat(downgrade.message(TH)).contains("80.000 หน่วย", "starter", "200.000 หน่วย",
        "฿3,000.00 ต่อเดือน");
  }

  @Test
  void alert_readsInEachLanguageWithItsPercentAndUnits() {
    BillingPeriod period = BillingPeriod.monthOf(Instant.parse("2026-03-17T03:00:00Z"),
        ZoneId.of("Asia/Bangkok"));
    QuotaAlert warning = new QuotaAlert(AlertLevel.WARNING, new ClinicId("c1"), period,
        new BigDecimal("8.40"), Units.of(42), Instant.parse("2026-03-17T03:00:00Z"));

    assertThat(warning.text().code()).isEqualTo("alert.warning");
    assertThat(warning.message(Locale.ENGLISH))
        .isEqualTo("The quota of clinic c1 is running low: 8.40% left (42.000 units).");
    assertThat(warning.message(TH)).isEqualTo("โควตาของคลินิก c1 ใกล้หมด เหลือ 8.40% (42.000 หน่วย)");
  }

  @Test
  void recovery_readsInEachLanguageWithItsPercentAndUnits() {
    BillingPeriod period = BillingPeriod.monthOf(Instant.parse("2026-03-17T03:00:00Z"),
        ZoneId.of("Asia/Bangkok"));
    QuotaRecovered back = new QuotaRecovered(new ClinicId("c1"), period,
        EnumSet.of(AlertLevel.WARNING), new BigDecimal("17.27"), Units.of(19),
        Instant.parse("2026-03-17T03:00:00Z"));
    QuotaRecovered unlimited = new QuotaRecovered(new ClinicId("c1"), period,
        EnumSet.of(AlertLevel.WARNING), new BigDecimal("100.00"), Units.MAX,
        Instant.parse("2026-03-17T03:00:00Z"));

    assertThat(back.message(Locale.ENGLISH)).isEqualTo(
        "The quota of clinic c1 is back to 17.27% left (19.000 units): its alerts are armed again.");
    assertThat(back.message(TH))
        .isEqualTo("โควตาของคลินิก c1 กลับมาเหลือ 17.27% (19.000 หน่วย) การแจ้งเตือนพร้อมใช้งานอีกครั้ง");
    assertThat(unlimited.text().code()).isEqualTo(QuotaRecovered.UNLIMITED_CODE);
    assertThat(unlimited.message(TH)).contains("c1", "ไม่จำกัด");
  }

  @Test
  void reset_readsInEachLanguageWithItsDateAndUnits() {
    ZoneId bangkok = ZoneId.of("Asia/Bangkok");
    BillingPeriod march = BillingPeriod.monthOf(Instant.parse("2026-03-17T03:00:00Z"), bangkok);
    BillingPeriod april = BillingPeriod.monthOf(march.end(), bangkok);
    PeriodReset reset = new PeriodReset(new ClinicId("c1"), march, april, PlanId.of("starter"),
        false, Units.of(100), Units.parse("57.6"), Units.of(20), List.of(), bangkok,
        april.start().plusSeconds(60));

    assertThat(reset.message(Locale.ENGLISH)).isEqualTo("The quota of clinic c1 reset on "
        + "Apr 1, 2026: 57.600 monthly units expired unused, 20.000 add-on units carried over, "
        + "and the new period grants 100.000 units.");
    assertThat(reset.message(TH)).contains("c1", "57.600 หน่วยหมดอายุ", "ยกยอดแพ็กเกจเสริม 20.000 หน่วย",
        "รอบใหม่ได้รับ 100.000 หน่วย");
  }

  @Test
  void forecast_readsInEachLanguage_fromTooLittleDataToADate() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "professional").build());
    EnumSet<DayOfWeek> everyDay = EnumSet.allOf(DayOfWeek.class);

    BurnForecast fresh = quotas.forecast("c1", everyDay);
    for (int day = 0; day < 3; day++) {
      quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "d" + day)
          .quantity(10).build());
      clock.advance(Duration.ofDays(1));
    }
    BurnForecast steady = quotas.forecast("c1", everyDay);

    assertThat(fresh.message(Locale.ENGLISH))
        .isEqualTo("Too little data for a forecast: 0 completed opening days, 3 needed.");
    assertThat(fresh.message(TH)).contains("0 วันทำการ", "อย่างน้อย 3 วัน");
    assertThat(steady.text().code()).isEqualTo("forecast.lasts");
    assertThat(steady.message(Locale.ENGLISH))
        .isEqualTo("At " + steady.dailyRate() + " units a day the quota lasts until the reset on "
            + "Apr 1, 2026.");
    assertThat(steady.message(TH)).contains(steady.dailyRate() + " หน่วยต่อวัน", "1 เม.ย. 2026");
  }

  @Test
  void paymentLine_namesThePackAndItsUnits() {
    List<String> lines = new ArrayList<>();
    QuotaService paying = QuotaService.builder().store(QuotaStore.inMemory()).clock(clock)
        .paymentGateway(request -> {
          lines.add(request.description());
          return PaymentGateway.Result.accepted("ref-" + lines.size());
        }).build();
    paying.registerClinic(ClinicRegistration.builder("c1", "professional").build());

    paying.purchaseTopUpOrThrow(TopUpRequest.pack("c1", "pack-100", "pay-1"));
    paying.purchaseTopUpOrThrow(TopUpRequest.units("c1", 7, "pay-2"));

    assertThat(lines).containsExactly("Top-up pack pack-100 (100.000 units)", "Top-up 7.000 units");
  }
}
