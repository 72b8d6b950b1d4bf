package com.bnaura.quota.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which database failures run the whole transaction again, and which surface at once. */
final class SqlFailuresTest {

  @ParameterizedTest
  @ValueSource(strings = {"40001", "40P01", "55P03", "53300", "08006", "08001", "57P01", "57P02",
      "57P03", "23505", "HYT00"})
  void transientFailures_areRunAgain(String state) {
    DataAccessException failure = new DataAccessException("statement failed",
        new SQLException("server said no", state));

    assertThat(SqlFailures.retryable(failure)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23514", "22003", "42P01", "57014", "XX000"})
  void otherFailures_surface(String state) {
    DataAccessException failure = new DataAccessException("statement failed",
        new SQLException("server said no", state));

    assertThat(SqlFailures.retryable(failure)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"08006", "57P01", "57P03"})
  void aSessionTheServerEnded_isAConnectionFailure(String state) {
    assertThat(SqlFailures.connectionFailure(new SQLException("gone", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"40001", "23505", "57014"})
  void aFailedStatement_isNotAConnectionFailure(String state) {
    assertThat(SqlFailures.connectionFailure(new SQLException("failed", state))).isFalse();
  }
}
