package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** The table prefix and schema options refuse names the databases would read differently. */
final class TableLocationTest {

  @Test
  void tablePrefix_upperCase_isRefusedNamingTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TableLocation.DEFAULT.withTablePrefix("Clinic1_"))
        .withMessageStartingWith("tablePrefix must be lower-case letters, digits and underscores")
        .withMessageContaining("\"Clinic1_\"");
  }

  @Test
  void tablePrefix_punctuationOrLeadingDigit_isRefused() {
    for (String bad : new String[] {"clinic-1_", "1clinic_", "_clinic", "clinic 1", "ก_"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> TableLocation.DEFAULT.withTablePrefix(bad))
          .as(bad).withMessageStartingWith("tablePrefix ");
    }
  }

  @Test
  void tablePrefix_longerThanTheLimit_isRefusedWithItsLength() {
    String longest = "p".repeat(TableLocation.MAX_PREFIX_LENGTH);

    assertThat(TableLocation.DEFAULT.withTablePrefix(longest).tablePrefix()).isEqualTo(longest);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TableLocation.DEFAULT.withTablePrefix(longest + "p"))
        .withMessageStartingWith("tablePrefix must be at most 30 characters, was 31");
  }

  @Test
  void schema_badName_isRefusedNamingTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TableLocation.DEFAULT.withSchema("quota.books"))
        .withMessageStartingWith("schema must be lower-case letters");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TableLocation.DEFAULT.withSchema("s".repeat(64)))
        .withMessageStartingWith("schema must be at most 63 characters");
    assertThatNullPointerException().isThrownBy(() -> TableLocation.DEFAULT.withSchema(null))
        .withMessage("schema");
  }

  @Test
  void default_isNoPrefixInTheDefaultSchema_withTheUnprefixedHistory() {
    assertThat(TableLocation.DEFAULT.isDefault()).isTrue();
    assertThat(TableLocation.DEFAULT.historyTable()).isEqualTo("quota_schema_history");
    assertThat(TableLocation.DEFAULT.withTablePrefix("clinic1_").historyTable())
        .isEqualTo("clinic1_quota_schema_history");
    assertThat(TableLocation.DEFAULT.withSchema("books").isDefault()).isFalse();
  }

  @Test
  void builder_badPrefix_failsWhenSet_andASecondPrefixIsRefused() {
    HikariDataSource pool = TestDatabases.h2();
    try {
      JdbcQuotaStore.Builder builder = JdbcQuotaStore.builder(pool);

      assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix("a-b"))
          .withMessageStartingWith("tablePrefix ");
      builder.tablePrefix("clinic1_");
      assertThatIllegalStateException().isThrownBy(() -> builder.tablePrefix("clinic2_"))
          .withMessage("tablePrefix was already set to clinic1_");
      builder.schema("books");
      assertThatIllegalStateException().isThrownBy(() -> builder.schema("other"))
          .withMessage("schema was already set to books");
      try (JdbcQuotaStore store = builder.build()) {
        assertThat(store.tableLocation()).isEqualTo(new TableLocation("clinic1_", "books"));
      }
    } finally {
      TestDatabases.drop(pool);
    }
  }
}
