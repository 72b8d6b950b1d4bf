package com.bnaura.quota.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The kept scan answers on their own, on H2 (and, through {@link PostgresScanAnswersTest}, on
 * PostgreSQL): a claimed key is busy for everyone else, a finished one replays, another
 * fingerprint conflicts, a claim whose instance stopped renewing it is taken over once its lease
 * ran out (and the old holder can no longer finish it), and a key is forgotten after the engine's
 * retention.
 */
class ScanAnswersTest {

  static final Duration LEASE = Duration.ofSeconds(10);
  static final Duration RETENTION = Duration.ofDays(35);

  final MutableClock clock = MutableClock.at("2026-11-10T03:00:00Z");
  ScanAnswers answers;

  /** A fresh, empty database for one test. */
  DataSource dataSource() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:answers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  @BeforeEach
  void setUp() throws Exception {
    DataSource dataSource = dataSource();
    answers = new ScanAnswers(new AppSchema(dataSource), new JdbcTemplate(dataSource), clock,
        RETENTION, LEASE);
    // no renewals: every claim here behaves as one whose instance died
    answers.close();
  }

  @AfterEach
  void tearDown() throws Exception {
    // a subclass whose database is not configured aborts in setUp, before there are answers
    if (answers != null) {
      answers.close();
    }
  }

  @Test
  void aClaimedKeyIsBusyAndAFinishedOneReplays() {
    ScanAnswers.Claim first = answers.claim("c1", "k1", "fp");
    ScanAnswers.Claim second = answers.claim("c1", "k1", "fp");
    boolean kept = answers.finish("c1", "k1", (ScanAnswers.Granted) first, 200, "{\"a\":1}");
    ScanAnswers.Claim third = answers.claim("c1", "k1", "fp");

    assertThat(first).isEqualTo(new ScanAnswers.Granted(1, ((ScanAnswers.Granted) first).token()));
    assertThat(second).isInstanceOf(ScanAnswers.Busy.class);
    assertThat(kept).isTrue();
    assertThat(third).isEqualTo(new ScanAnswers.Finished(200, "{\"a\":1}"));
  }

  @Test
  void anotherFingerprintConflictsAndKeysAreScopedPerClinic() {
    answers.claim("c1", "k1", "fp");

    assertThat(answers.claim("c1", "k1", "other")).isInstanceOf(ScanAnswers.Conflict.class);
    assertThat(answers.claim("c2", "k1", "other")).isInstanceOf(ScanAnswers.Granted.class);
  }

  @Test
  void aReopenedKeyIsClaimedAgainWithTheNextAttempt() {
    ScanAnswers.Granted first = (ScanAnswers.Granted) answers.claim("c1", "k1", "fp");

    answers.reopen("c1", "k1", first, 2);
    ScanAnswers.Claim again = answers.claim("c1", "k1", "fp");

    assertThat(again).isInstanceOf(ScanAnswers.Granted.class);
    assertThat(((ScanAnswers.Granted) again).attempt()).isEqualTo(2);
  }

  @Test
  void aClaimPastItsLeaseIsTakenOverAndTheOldHolderCannotFinishIt() {
    ScanAnswers.Granted dead = (ScanAnswers.Granted) answers.claim("c1", "k1", "fp");
    clock.advance(LEASE.minusMillis(1));
    assertThat(answers.claim("c1", "k1", "fp")).isInstanceOf(ScanAnswers.Busy.class);

    clock.advance(Duration.ofMillis(1));
    ScanAnswers.Claim taken = answers.claim("c1", "k1", "fp");

    assertThat(taken).isInstanceOf(ScanAnswers.Granted.class);
    assertThat(((ScanAnswers.Granted) taken).attempt()).isEqualTo(1);
    assertThat(answers.finish("c1", "k1", dead, 200, "{\"old\":true}")).isFalse();
    assertThat(answers.finish("c1", "k1", (ScanAnswers.Granted) taken, 200, "{\"new\":true}"))
        .isTrue();
    assertThat(answers.claim("c1", "k1", "fp"))
        .isEqualTo(new ScanAnswers.Finished(200, "{\"new\":true}"));
  }

  @Test
  void aKeyIsForgottenAfterTheRetentionAndPurged() {
    ScanAnswers.Granted first = (ScanAnswers.Granted) answers.claim("c1", "k1", "fp");
    answers.finish("c1", "k1", first, 200, "{}");
    answers.claim("c1", "k2", "fp");

    clock.advance(RETENTION.minusMillis(1));
    assertThat(answers.claim("c1", "k1", "fp")).isInstanceOf(ScanAnswers.Finished.class);
    clock.advance(Duration.ofMillis(1));

    assertThat(answers.claim("c1", "k1", "other")).isInstanceOf(ScanAnswers.Granted.class);
    assertThat(answers.purge()).isEqualTo(1);
  }
}
