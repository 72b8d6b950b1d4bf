package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Group commit: concurrent write-sets on different clinics share commits, each still applies or
 * conflicts on its own, and every statement an operation sends names one clinic.
 */
final class GroupCommitTest {
  private static final int CLINICS = 16;
  private static final int SCANS = 12;

  @Test
  void manyClinicsAtOnce_onH2_shareCommits_andLoseNoWrite() throws Exception {
    manyClinicsShareCommits(TestDatabases::h2);
  }

  @Test
  void manyClinicsAtOnce_onPostgres_shareCommits_andLoseNoWrite() throws Exception {
    manyClinicsShareCommits(() -> TestDatabases.postgres("group"));
  }

  @Test
  void conflictInAGroup_onH2_failsOnlyThatClinic() throws Exception {
    conflictFailsOnlyItsClinic(TestDatabases::h2);
  }

  @Test
  void conflictInAGroup_onPostgres_failsOnlyThatClinic() throws Exception {
    conflictFailsOnlyItsClinic(() -> TestDatabases.postgres("group"));
  }

  @Test
  void everyStatementOfAnOperation_onH2_namesOneClinic() {
    statementsNameOneClinic(TestDatabases::h2);
  }

  @Test
  void everyStatementOfAnOperation_onPostgres_namesOneClinic() {
    statementsNameOneClinic(() -> TestDatabases.postgres("oneclinic"));
  }

  @Test
  void everyStatementOfAnOperation_onMariaDb_namesOneClinic() {
    statementsNameOneClinic(() -> TestDatabases.mariadb("oneclinic"));
  }

  @Test
  void groupCommit_outOfRange_isRefusedNamingTheArgument() {
    HikariDataSource pool = TestDatabases.h2();
    try {
      assertThatThrownBy(() -> JdbcQuotaStore.builder(pool).groupCommit(0, 2))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWriteSets");
      assertThatThrownBy(() -> JdbcQuotaStore.builder(pool).groupCommit(8, 65))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInFlight");
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static void manyClinicsShareCommits(Supplier<HikariDataSource> databases)
      throws Exception {
    HikariDataSource pool = databases.get();
    RecordingDataSource recording = new RecordingDataSource(pool).commitDelay(5);
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(recording).groupCommit(32, 2).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      for (int c = 0; c < CLINICS; c++) {
        quotas.registerClinic(ClinicRegistration.builder("g" + c, "starter").build());
      }
      recording.reset();
      long commitsBefore = store.commits();

      runConcurrently(CLINICS, c -> {
        for (int i = 0; i < SCANS; i++) {
          Object result = quotas.tryConsume(
              UsageRequest.builder("g" + c, OperationId.QUICK_SCAN, "k-" + c + "-" + i).build());
          assertThat(result).isInstanceOf(Consumed.class);
        }
      });

      int writeSets = CLINICS * SCANS;
      assertThat(recording.commits()).as("commits for %d write-sets", writeSets)
          .isLessThan(writeSets).isPositive();
      assertThat(store.commits() - commitsBefore).isEqualTo(recording.commits());
      for (int c = 0; c < CLINICS; c++) {
        ClinicId clinic = ClinicId.of("g" + c);
        assertThat(store.ledger(clinic, Instant.MIN, Instant.MAX).stream()
            .filter(e -> e.kind() == LedgerKind.CHARGE).count())
            .as("charges of %s", clinic).isEqualTo(SCANS);
        assertThat(quotas.balance("g" + c).monthlyUsed())
            .isEqualTo(Units.parse("0.2").times(SCANS));
        LedgerInvariants.check(store, clinic);
      }
    } finally {
      TestDatabases.drop(pool);
    }
  }

  /**
   * Half of the write-sets sent at once were read at a version their clinic has left: each of them
   * conflicts and writes nothing, and the other half, sent in the same groups, all apply.
   */
  private static void conflictFailsOnlyItsClinic(Supplier<HikariDataSource> databases)
      throws Exception {
    HikariDataSource pool = databases.get();
    RecordingDataSource recording = new RecordingDataSource(pool).commitDelay(20);
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(recording).groupCommit(32, 1).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      List<WriteSet> writes = new ArrayList<>();
      for (int c = 0; c < CLINICS; c++) {
        quotas.registerClinic(ClinicRegistration.builder("x" + c, "starter").build());
        ClinicSnapshot read = store.load(LoadRequest.of(ClinicId.of("x" + c)));
        if (c % 2 == 0) {
          store.apply(keyOnly(read, "moved"));
        }
        writes.add(keyOnly(read, "late"));
      }
      recording.reset();
      List<Object> outcomes = new ArrayList<>();
      for (int c = 0; c < CLINICS; c++) {
        outcomes.add(null);
      }

      runConcurrently(CLINICS, c -> {
        try {
          store.apply(writes.get(c));
          outcomes.set(c, "applied");
        } catch (WriteConflict conflict) {
          outcomes.set(c, conflict);
        }
      });

      for (int c = 0; c < CLINICS; c++) {
        ClinicId clinic = ClinicId.of("x" + c);
        IdempotencyKey late = new IdempotencyKey("late");
        boolean stored = store.load(LoadRequest.of(clinic).withKey(late)).keys().containsKey(late);
        if (c % 2 == 0) {
          assertThat(outcomes.get(c)).as("clinic %s", clinic).isInstanceOf(WriteConflict.class);
          assertThat(stored).as("nothing of the conflicting write-set").isFalse();
        } else {
          assertThat(outcomes.get(c)).as("clinic %s", clinic).isEqualTo("applied");
          assertThat(stored).isTrue();
        }
      }
      assertThat(recording.commits()).as("the applied ones shared commits")
          .isLessThan(CLINICS / 2);
    } finally {
      TestDatabases.drop(pool);
    }
  }

  private static WriteSet keyOnly(ClinicSnapshot read, String key) {
    ClinicId clinic = read.clinic();
    IdempotencyRecord record = new IdempotencyRecord(clinic, new IdempotencyKey(key), "fp",
        "v=1&t=test", Instant.parse("2026-03-10T03:00:00Z"));
    return new WriteSet(clinic, read.version(), read.ledgerSize(), read.account().orElseThrow(),
        false, List.of(), List.of(), List.of(new WriteSet.Row<>(record, true)), List.of(),
        List.of(), List.of(), List.of());
  }

  /**
   * Every statement that reserve, commit, release, consume and top-up send names exactly one
   * clinic, the one operated on, so {@code clinic_id} can be a sharded database's distribution key.
   */
  private static void statementsNameOneClinic(Supplier<HikariDataSource> databases) {
    HikariDataSource pool = databases.get();
    RecordingDataSource recording = new RecordingDataSource(pool);
    try {
      JdbcQuotaStore store = JdbcQuotaStore.builder(recording).build();
      QuotaService quotas = QuotaService.builder().store(store)
          .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
      quotas.registerClinic(ClinicRegistration.builder("alpha", "starter").build());
      quotas.registerClinic(ClinicRegistration.builder("beta", "starter").build());
      recording.reset();

      Reserved held = (Reserved) quotas.tryReserve(
          UsageRequest.builder("alpha", OperationId.QUICK_SCAN, "r1").customerRef("p1").build());
      quotas.tryCommit(CommitRequest.of("alpha", held.id().value()));
      Reserved other = (Reserved) quotas.tryReserve(
          UsageRequest.builder("alpha", OperationId.QUICK_SCAN, "r2").build());
      quotas.tryRelease("alpha", other.id().value());
      quotas.tryConsume(UsageRequest.builder("alpha", OperationId.CLINICAL_ANALYSIS, "c1")
          .customerRef("p1").build());
      quotas.purchaseTopUpOrThrow(TopUpRequest.units("alpha", 10, "pay-1"));

      List<RecordingDataSource.Sent> sent = recording.sent();
      assertThat(sent).isNotEmpty();
      assertThat(sent).allSatisfy(s -> {
        assertThat(s.names("alpha")).as("names alpha: %s", s).isTrue();
        assertThat(s.names("beta")).as("names no other clinic: %s", s).isFalse();
      });
    } finally {
      TestDatabases.drop(pool);
    }
  }

  /** Runs {@code body} on {@code threads} threads at once, numbered from 0. */
  private static void runConcurrently(int threads, java.util.function.IntConsumer body)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        running.add(executor.submit(() -> {
          start.await();
          body.accept(n);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
