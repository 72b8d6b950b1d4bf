package com.bnaura.quota.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.jdbc.TableLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The prefix reaches every name the scripts create and nothing else. */
final class TableNamesTest {
  private static final String LONGEST = "p".repeat(TableLocation.MAX_PREFIX_LENGTH - 1) + "_";

  @Test
  void rewrite_withoutPrefix_isTheScriptAsWritten() throws IOException {
    String script = script("standard", "V1__quota.sql");

    assertThat(TableNames.rewrite(script, "")).isSameAs(script);
  }

  @Test
  void rewrite_prefixesTablesConstraintsIndexesAndReferences_notColumns() throws IOException {
    String rewritten = TableNames.rewrite(script("standard", "V1__quota.sql"), "clinic1_");

    assertThat(rewritten)
        .contains("CREATE TABLE clinic1_quota_clinic_account (")
        .contains("CONSTRAINT clinic1_quota_clinic_account_pk PRIMARY KEY (clinic_id)")
        .contains("REFERENCES clinic1_quota_clinic_account (clinic_id)")
        .contains("CREATE INDEX clinic1_ai_usage_logs_time_ix ON clinic1_ai_usage_logs")
        .contains("quota_limit ")
        .doesNotContain("clinic1_quota_limit");
    Matcher unprefixed = Pattern.compile(
        "\\b(CREATE TABLE|CONSTRAINT|CREATE INDEX|ON|REFERENCES) (?!clinic1_)[a-z_]+\\b")
        .matcher(rewritten);
    assertThat(unprefixed.find()).as("%s", unprefixed).isFalse();
  }

  @Test
  void rewrite_withTheLongestPrefix_keepsEveryNameWithinPostgresLimit() throws IOException {
    for (String vendor : new String[] {"standard", "mariadb"}) {
      for (String name : PrefixedScripts.SCRIPTS) {
        Matcher names = Pattern.compile(Pattern.quote(LONGEST) + "[a-z0-9_]*")
            .matcher(TableNames.rewrite(script(vendor, name), LONGEST));
        while (names.find()) {
          assertThat(names.group().length()).as(vendor + "/" + name + ": " + names.group())
              .isLessThanOrEqualTo(63);
        }
      }
    }
  }

  private static String script(String vendor, String name) throws IOException {
    try (InputStream in = TableNamesTest.class.getClassLoader()
        .getResourceAsStream("com/bnaura/quota/jdbc/schema/" + vendor + "/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
