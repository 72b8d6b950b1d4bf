package com.bnaura.quota.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class IdsTest {

  @Test
  void nfcAndNfdSpellings_areTheSameId() {
    String nfc = "caf\u00e9";
    String nfd = "cafe\u0301";

    assertThat(ClinicId.of(nfc)).isEqualTo(ClinicId.of(nfd));
  }

  @Test
  void thaiEmojiAndSqlLikeText_areValidIds() {
    assertThat(ClinicId.of("คลินิกสุขภาพ").value()).isEqualTo("คลินิกสุขภาพ");
    assertThat(ClinicId.of("clinic-😀").value()).isEqualTo("clinic-😀");
    assertThat(ClinicId.of("x'; DROP TABLE ledger;--").value()).isEqualTo("x'; DROP TABLE ledger;--");
  }

  @Test
  void length_isCountedInCodePoints() {
    assertThat(ClinicId.of("😀".repeat(255)).value()).hasSize(510);
    assertThatThrownBy(() -> ClinicId.of("a".repeat(256)))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("clinicId");
          assertThat(e.reason()).contains("255");
        });
  }

  @Test
  void blankControlNulAndLoneSurrogates_areRejectedNamingTheField() {
    for (String bad : new String[] {"", "   ", "\t\n", "a\u0000b", "a\u0007", "\ud800", "x\udc00"}) {
      assertThatThrownBy(() -> IdempotencyKey.of(bad)).as("%s", bad)
          .isInstanceOfSatisfying(InvalidArgumentException.class,
              e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
    }
    assertThatThrownBy(() -> UserId.of(null))
        .isInstanceOfSatisfying(InvalidArgumentException.class,
            e -> assertThat(e.reason()).isEqualTo("is required"));
  }
}
