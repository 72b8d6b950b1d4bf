package com.bnaura.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.AlertLevel;
import com.bnaura.quota.PeriodReset;
import com.bnaura.quota.QuotaRecovered;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.Units;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's words: both bundles know every code, and each refusal reads with its figures. */
final class MessagesTest {
  private static final Locale TH = LocalizedText.THAI;
  private static final ClinicId CLINIC = new ClinicId("c1");
  private static final Instant AT = Instant.parse("2026-03-17T03:00:00Z");

  private static Money thb(String amount) {
    return Money.of(amount, Money.THB);
  }

  private static Properties bundle(String file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/com/bnaura/quota/" + file)) {
      assertThat(in).as(file).isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  /** Every code the engine and the public result types send. */
  private static Set<String> codesSent() throws ReflectiveOperationException {
    Set<String> codes = new TreeSet<>();
    for (Class<?> holder : List.of(Messages.class,
        Class.forName("com.bnaura.quota.model.Reasons"))) {
      for (Field f : holder.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          f.setAccessible(true);
          codes.add((String) f.get(null));
        }
      }
    }
    for (AlertLevel level : AlertLevel.values()) {
      codes.add("alert." + level.name().toLowerCase(Locale.ROOT));
    }
    codes.addAll(List.of(LocalizedText.LITERAL, LocalizedText.STORED,
        Refused.INVALID_ARGUMENT_TEXT, "refused.feature_not_in_plan",
        Recommendations.BuyTopUp.BY_COUNT, Recommendations.BuyTopUp.ONE_UNIT,
        Recommendations.BuyTopUp.PACK, Recommendations.Upgrade.CODE,
        Recommendations.Downgrade.CODE, "forecast.unlimited", "forecast.insufficient_data",
        "forecast.lasts", "forecast.monthly_runs_out", "forecast.quota_runs_out",
        "forecast.runs_out", QuotaRecovered.CODE, QuotaRecovered.UNLIMITED_CODE,
        PeriodReset.CODE, PeriodReset.UNLIMITED_CODE));
    return codes;
  }

  @Test
  void everyCodeSent_hasAnEnglishAndAThaiPattern() throws Exception {
    Properties english = bundle("messages.properties");
    Properties thai = bundle("messages_th.properties");

    Set<String> codes = codesSent();

    assertThat(english.stringPropertyNames()).as("English keys").containsAll(codes);
    assertThat(thai.stringPropertyNames()).as("Thai keys").containsAll(codes);
    assertThat(thai.stringPropertyNames()).as("the same keys in both")
        .isEqualTo(english.stringPropertyNames());
    assertThat(codes).as("no pattern that nothing sends").isEqualTo(english.stringPropertyNames());
  }

  @Test
  void everyPattern_keepsItsPlaceholdersAndQuotes() throws Exception {
    for (String file : List.of("messages.properties", "messages_th.properties")) {
      Properties p = bundle(file);
      for (String key : p.stringPropertyNames()) {
        String pattern = p.getProperty(key);
        Object[] args = {"A0", "A1", "A2", "A3", "A4", "A5"};

        String shown = new MessageFormat(pattern, Locale.ROOT).format(args);

        assertThat(shown).as(file + " " + key + " quotes no placeholder away")
            .doesNotContain("{", "}");
        assertThat(shown.indexOf('\'') >= 0).as(file + " " + key + " keeps its apostrophes")
            .isEqualTo(pattern.contains("''"));
      }
    }
  }

  @Test
  void thaiPatterns_areThai() throws Exception {
    Properties thai = bundle("messages_th.properties");
    for (String key : thai.stringPropertyNames()) {
      if (!key.startsWith("text.")) {
        assertThat(thai.getProperty(key)).as(key).containsPattern("\\p{IsThai}");
      }
    }
  }

  static Stream<Arguments> refusals() {
    ReservationId res = new ReservationId("res-7");
    return Stream.of(
        Arguments.of(Messages.consent(thb("60"), thb("12")),
            List.of("฿60.00", "฿12.00"), "per unit will apply", "ต่อหน่วย"),
        Arguments.of(Messages.blocked(Units.parse("0.2"), Units.ZERO),
            List.of("0.200", "0.000"), "units needed", "ต้องใช้"),
        Arguments.of(Messages.cap(thb("1000"), thb("960"), thb("60")),
            List.of("฿60.00", "฿1,020.00", "฿1,000.00", "฿960.00"), "over the cap of ฿1,000.00",
            "เกินวงเงิน ฿1,000.00"),
        Arguments.of(Messages.unitsLimit(Units.of(101), Units.of(100)),
            List.of("101.000", "100.000"), "units per request", "หน่วยต่อคำขอ"),
        Arguments.of(Messages.overageLimit(thb("4800"), thb("1200")),
            List.of("฿4,800.00", "฿1,200.00"), "of overage per request", "ต่อคำขอ"),
        Arguments.of(Messages.unknownClinic(CLINIC).text(), List.of("'c1'"), "is registered",
            "ไม่พบคลินิก"),
        Arguments.of(Messages.unknownOperation("X_RAY"), List.of("'X_RAY'"), "in the catalog",
            "ในแคตตาล็อก"),
        Arguments.of(Messages.unknownPlan(PlanId.of("gold")), List.of("'gold'"), "no plan",
            "ไม่มีแผน"),
        Arguments.of(Messages.planMissing(CLINIC, PlanId.of("gold")), List.of("c1", "gold"),
            "which the catalog does not have", "ซึ่งไม่มีในแคตตาล็อก"),
        Arguments.of(Messages.unknownReservation(CLINIC, res), List.of("'res-7'", "'c1'"),
            "no reservation", "ไม่พบการจอง"),
        Arguments.of(Messages.notOpen(Messages.ALREADY_COMMITTED, res, AT),
            List.of("res-7", "2026-03-17T03:00:00Z"), "was already committed at", "ไปแล้วเมื่อ"),
        Arguments.of(Messages.notOpen(Messages.COMMITTED, res, AT),
            List.of("res-7", "2026-03-17T03:00:00Z"), "was committed at", "ยืนยันการใช้เมื่อ"),
        Arguments.of(Messages.notOpen(Messages.RELEASED, res, AT),
            List.of("res-7", "2026-03-17T03:00:00Z"), "was released at", "ยกเลิก"),
        Arguments.of(Messages.notOpen(Messages.EXPIRED_ALREADY_COMMITTED_LATE, res),
            List.of("res-7"), "expired and was already committed late", "หมดอายุ"),
        Arguments.of(Messages.notOpen(Messages.EXPIRED_COMMITTED_LATE, res),
            List.of("res-7"), "expired and was committed late", "หมดอายุ"),
        Arguments.of(Messages.keyReused(new IdempotencyKey("k-1"), AT),
            List.of("'k-1'", "2026-03-17T03:00:00Z"), "for a different request", "กับคำขออื่น"),
        Arguments.of(Messages.paymentDeclined(thb("4800"), "card expired"),
            List.of("฿4,800.00", "card expired"), "declined", "ถูกปฏิเสธ"),
        Arguments.of(Messages.registrationConflict(CLINIC, "overageCap", thb("500"),
                Messages.word(Messages.WORD_NONE), "updateSettings"),
            List.of("'c1'", "overageCap", "฿500.00", "updateSettings"), "asks for none",
            "ขอ ไม่มี"),
        Arguments.of(Refused.invalid(Messages.invalid("units", Messages.TOP_UP_TOO_LARGE,
                Units.of(5), Units.MAX, Units.ZERO)).text(),
            List.of("units: ", "5.000", "1000000000.000", "0.000"), "can be bought now",
            "ซื้อได้อีก"),
        Arguments.of(Refused.invalid(Messages.invalid("quantity", Messages.BETWEEN, 1L,
                1_000_000L, 0L)).text(),
            List.of("quantity: ", "1000000", "0"), "must be between 1 and 1000000, was 0",
            "ข้อมูลไม่ถูกต้อง quantity: ต้องอยู่ระหว่าง 1 ถึง 1000000 แต่ได้ 0"),
        Arguments.of(Refused.invalid("ttl", "must be more than 0").text(),
            List.of("ttl: must be more than 0"), "ttl: must be", "ข้อมูลไม่ถูกต้อง"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void eachRefusal_readsInEnglishAndThai_withItsFigures(LocalizedText text, List<String> figures,
      String englishWords, String thaiWords) {
    String english = text.render(Locale.ENGLISH);
    String thai = text.render(TH);

    assertThat(english).contains(figures).contains(englishWords).doesNotContainPattern("\\p{IsThai}");
    assertThat(thai).contains(figures).contains(thaiWords);
  }

  @Test
  void refusalCodes_eachHaveATestedText() {
    List<String> tested = new ArrayList<>();
    refusals().forEach(a -> tested.add(((LocalizedText) a.get()[0]).code()));

    assertThat(tested).containsAll(List.of(Messages.CONSENT, Messages.BLOCKED, Messages.CAP,
        Messages.UNITS_LIMIT, Messages.OVERAGE_LIMIT, Messages.UNKNOWN_CLINIC,
        Messages.UNKNOWN_OPERATION, Messages.UNKNOWN_PLAN, Messages.PLAN_MISSING,
        Messages.UNKNOWN_RESERVATION, Messages.ALREADY_COMMITTED, Messages.COMMITTED,
        Messages.RELEASED, Messages.EXPIRED_ALREADY_COMMITTED_LATE,
        Messages.EXPIRED_COMMITTED_LATE, Messages.KEY_REUSED, Messages.PAYMENT_DECLINED,
        Messages.REGISTRATION_CONFLICT, Refused.INVALID_ARGUMENT_TEXT));
  }

  @Test
  void invalidValue_readsInThaiWithTheFieldAndTheValue() {
    InvalidArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidArgumentException.class, () -> Units.parse("units", "1.2345"));

    Refused refused = Refused.invalid(e);

    assertThat(e.reason()).startsWith("must be a non-negative decimal with at most three");
    assertThat(refused.message()).isEqualTo("units: " + e.reason());
    assertThat(refused.message(TH)).startsWith("ข้อมูลไม่ถูกต้อง units: ต้องเป็นเลขทศนิยม")
        .contains("1.2345");
    assertThat(refused.field()).hasValue("units");
  }
}
