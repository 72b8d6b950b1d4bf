package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Drift;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.ReconciliationBatch;
import com.bnaura.quota.ReconciliationCursor;
import com.bnaura.quota.ReconciliationReport;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciliation on every store (in memory, H2, PostgreSQL, MariaDB): after a mixed workload the
 * balance rows equal the fold of the ledger, and a row changed behind the engine's back (through
 * the SPI in memory, by an SQL {@code UPDATE} in a database) is reported with its field and both
 * values.
 */
final class ReconciliationTest {
  private static final ClinicId C1 = ClinicId.of("c1");
  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
  private HikariDataSource pool;
  private QuotaStore store;
  private QuotaService quotas;

  private void open(String kind) {
    pool = switch (kind) {
      case "memory" -> null;
      case "h2" -> TestDatabases.h2();
      case "postgres" -> TestDatabases.postgres("recon");
      case "mariadb" -> TestDatabases.mariadb("recon");
      default -> throw new IllegalArgumentException(kind);
    };
    store = pool == null ? QuotaStore.inMemory() : JdbcQuotaStore.builder(pool).build();
    quotas = QuotaService.builder().store(store).clock(clock)
        .customerRefKey("reconciliation-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .build();
  }

  @AfterEach
  void tearDown() {
    if (pool != null) {
      TestDatabases.drop(pool);
    }
  }

  private static UsageRequest.Builder call(String clinic, OperationId op, String key) {
    return UsageRequest.builder(clinic, op, key);
  }

  /**
   * Charges, free and topped-up repeat scans, top-ups, reservations committed in part, released
   * and expired, a late commit, overage, a reservation released after its period closed, a
   * period reset and an upgrade.
   */
  private void mixedWorkload() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
    quotas.registerClinic(ClinicRegistration.builder("c2", "professional").build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 3, "top-1"));
    for (int i = 0; i < 99; i++) {
      quotas.consumeOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "k" + i).build());
    }
    quotas.consumeOrThrow(call("c1", OperationId.QUICK_SCAN, "q1").customerRef("cust-1").build());
    quotas.consumeOrThrow(call("c1", OperationId.QUICK_SCAN, "q2").customerRef("cust-1").build());
    quotas.consumeOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "q3").customerRef("cust-1")
        .build());
    quotas.consumeOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "k0").build()); // a repeat
    Reserved partly = quotas.reserveOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "r1")
        .build());
    quotas.commitOrThrow(CommitRequest.builder("c1", partly.id().value())
        .actualUnits(Units.parse("0.4")).build());
    Reserved released = quotas.reserveOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "r2")
        .build());
    quotas.tryRelease("c1", released.id().value());
    Reserved expired = quotas.reserveOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "r3")
        .build());
    Reserved lateOne = quotas.reserveOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "r4")
        .build());
    clock.advance(Duration.ofMinutes(11));
    quotas.expireReservations();
    assertThat(quotas.reservationState("c1", expired.id().value()).name()).isEqualTo("EXPIRED");
    quotas.commitOrThrow(CommitRequest.of("c1", lateOne.id().value()));
    for (int i = 0; i < 3; i++) {
      quotas.consumeOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "o" + i).build());
    }
    for (int i = 0; i < 5; i++) {
      quotas.consumeOrThrow(call("c2", OperationId.QUICK_SCAN, "c2-" + i).build());
    }

    clock.set("2026-03-31T16:55:00Z"); // 23:55 in Bangkok, the last minutes of March
    Reserved acrossTheReset = quotas.reserveOrThrow(call("c2", OperationId.CLINICAL_ANALYSIS,
        "c2-late").build());
    clock.set("2026-03-31T17:01:00Z");
    quotas.tryRelease("c2", acrossTheReset.id().value());
    quotas.consumeOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "april-1").build());
    quotas.changePlan(PlanChangeRequest.of("c1", "professional", "upgrade-1"));
    quotas.purchaseTopUpOrThrow(TopUpRequest.pack("c1", "pack-100", "top-2"));
    quotas.reserveOrThrow(call("c1", OperationId.CLINICAL_ANALYSIS, "april-open").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres", "mariadb"})
  void cleanStore_afterAMixedWorkload_reportsNothing(String kind) {
    open(kind);
    mixedWorkload();

    ReconciliationBatch batch = quotas.reconcileSome(ReconciliationCursor.START, 10);

    assertThat(batch.passComplete()).isTrue();
    assertThat(batch.reports()).extracting(r -> r.clinic().value()).containsExactly("c1", "c2");
    assertThat(batch.reports()).allSatisfy(r -> assertThat(r.clean()).as(r.toString()).isTrue());
    Set<LedgerKind> kinds = store.ledger(C1, Instant.MIN, Instant.MAX).stream()
        .map(e -> e.kind()).collect(Collectors.toSet());
    kinds.addAll(store.ledger(ClinicId.of("c2"), Instant.MIN, Instant.MAX).stream()
        .map(e -> e.kind()).toList());
    assertThat(kinds).as("the workload wrote every kind the fold moves balances by")
        .contains(LedgerKind.GRANT, LedgerKind.GRANT_CHANGED, LedgerKind.TOP_UP, LedgerKind.HOLD,
            LedgerKind.UNHOLD, LedgerKind.COMMIT, LedgerKind.CHARGE, LedgerKind.FORFEIT);
    assertThat(store.periods(C1)).hasSize(2);
    assertThat(store.periods(C1).get(0).overageCost().isZero()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres", "mariadb"})
  void addonBalanceChangedBehindTheEngine_isReportedWithBothValues(String kind) throws Exception {
    open(kind);
    mixedWorkload();
    AccountRecord before = store.findAccount(C1).orElseThrow();
    long available = before.addonAvailable().milli();
    long purchased = before.addonPurchased().milli();

    if (pool == null) {
      corrupt(a -> a.withAddon(a.addonAvailable().plus(Units.of(5)), a.addonReserved(),
          a.addonPurchased().plus(Units.of(5)), a.addonUsed(), clock.instant()), p -> p);
    } else { // the account's check keeps purchased = used + reserved + available
      sql("update quota_clinic_account set addon_available = addon_available + 5000,"
          + " addon_purchased = addon_purchased + 5000 where clinic_id = 'c1'");
    }
    ReconciliationReport report = quotas.reconcile("c1");

    assertThat(report.drifts()).containsExactly(
        new Drift(C1, Optional.empty(), Drift.Field.ADDON_AVAILABLE, available, available + 5000),
        new Drift(C1, Optional.empty(), Drift.Field.ADDON_PURCHASED, purchased,
            purchased + 5000));
    assertThat(quotas.reconcile("c2").clean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres", "mariadb"})
  void periodUsedChangedBehindTheEngine_isReportedWithBothValues(String kind) throws Exception {
    open(kind);
    mixedWorkload();
    PeriodRecord open = store.findPeriod(C1, store.findAccount(C1).orElseThrow().currentPeriod()
        .start()).orElseThrow();
    long used = open.monthlyUsed().milli();

    if (pool == null) {
      corrupt(a -> a, p -> p.withMonthlyUsed(p.monthlyUsed().plus(Units.parse("0.2"))));
    } else {
      sql("update usage_metrics set current_usage = current_usage + 200"
          + " where clinic_id = 'c1' and closed = false");
    }
    ReconciliationBatch batch = quotas.reconcileSome(ReconciliationCursor.START, 10);

    assertThat(batch.drifts()).containsExactly(new Drift(C1,
        Optional.of(open.period().start()), Drift.Field.MONTHLY_USED, used, used + 200));
    assertThat(batch.drifts().get(0)).hasToString("clinic c1 period " + open.period().start()
        + " monthlyUsed: ledger " + Units.ofMilli(used) + ", row " + Units.ofMilli(used + 200));
  }

  /** Writes c1's account and current period as the functions have them, with no ledger entry. */
  private void corrupt(UnaryOperator<AccountRecord> account, UnaryOperator<PeriodRecord> period) {
    ClinicSnapshot s = store.load(LoadRequest.of(C1));
    AccountRecord a = s.account().orElseThrow();
    PeriodRecord p = s.periods().get(a.currentPeriod().start());
    store.apply(new WriteSet(C1, s.version(), s.ledgerSize(), account.apply(a), false,
        List.of(new WriteSet.Row<>(period.apply(p), false)), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of()));
  }

  private void sql(String statement) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(statement)).isEqualTo(1);
    }
  }
}
