package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.LedgerReplay;
import com.bnaura.quota.testing.ModelCheck;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger replay the storm reconciler runs: it agrees with every seeded model sequence, and it
 * reports a diff when a balance row or a ledger row says something the rules do not.
 */
final class LedgerReplayTest {
  private HikariDataSource pool;
  private QuotaService quotas;
  private JdbcQuotaStore store;

  @BeforeEach
  void setUp() {
    pool = TestDatabases.h2();
    store = JdbcQuotaStore.builder(pool).build();
    quotas = QuotaService.builder().store(store).clock(MutableClock.at("2026-03-10T03:00:00Z"))
        .build();
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 2, "top-1"));
    for (int i = 0; i < 101; i++) {
      quotas.consumeOrThrow(scan("k" + i));
    }
    Reserved held = quotas.reserveOrThrow(scan("r1"));
    quotas.commitOrThrow(CommitRequest.builder("c1", held.id().value())
        .actualUnits(Units.parse("0.4")).build());
    quotas.reserveOrThrow(scan("r2"));
  }

  @AfterEach
  void tearDown() {
    TestDatabases.drop(pool);
  }

  private static UsageRequest scan(String key) {
    return UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, key).build();
  }

  @Test
  void seededModelSequences_replayWithoutDiffs() {
    List<QuotaStore> stores = new ArrayList<>();
    Supplier<QuotaStore> fresh = () -> {
      QuotaStore s = QuotaStore.inMemory();
      stores.add(s);
      return s;
    };

    ModelCheck.run(fresh, 7_000L, 25);

    assertThat(stores).isNotEmpty();
    for (QuotaStore s : stores) {
      for (String clinic : List.of("c-a", "c-b", "c-c")) {
        assertThat(LedgerReplay.diffs(s, ClinicId.of(clinic))).as(clinic).isEmpty();
      }
    }
    assertThat(LedgerReplay.diffs(store, ClinicId.of("c1"))).isEmpty();
  }

  @Test
  void balanceRowThatDriftedFromItsLedger_isADiff() throws Exception {
    sql("update usage_metrics set current_usage = current_usage - 1000 where clinic_id = 'c1'");

    assertThat(LedgerReplay.diffs(store, ClinicId.of("c1")))
        .anySatisfy(d -> assertThat(d).contains("monthlyUsed: database 99000, replay 100000"));
  }

  @Test
  void chargeThatSkippedTheMonthlyBucket_isADiff() throws Exception {
    sql("update ai_usage_logs set from_monthly = 0, overage = 1000, money_minor = 7500"
        + " where clinic_id = 'c1' and idem_key = 'k0' and entry_kind = 'CHARGE'");

    assertThat(LedgerReplay.diffs(store, ClinicId.of("c1")))
        .anySatisfy(d -> assertThat(d).contains("k0").contains("rules say 1000/0/0"));
  }

  @Test
  void pendingReservationTheLedgerNeverReleased_isADiff() throws Exception {
    sql("update quota_reservation set res_state = 'RELEASED' where clinic_id = 'c1'"
        + " and idem_key = 'r2'");

    assertThat(LedgerReplay.diffs(store, ClinicId.of("c1")))
        .anySatisfy(d -> assertThat(d).contains("is RELEASED, replay says PENDING"));
  }

  private void sql(String statement) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(statement)).isPositive();
    }
  }
}
