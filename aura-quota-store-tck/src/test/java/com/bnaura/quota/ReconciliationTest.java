package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.ForwardingQuotaStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation on the reference store: a clean clinic reports nothing, a column written behind
 * the engine's back is named with both values, and the walk over clinics is bounded per step.
 */
final class ReconciliationTest {
  private static final Instant NOW = Instant.parse("2026-03-17T03:00:00Z");
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private void busyClinic(String clinic) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(clinic, 2, clinic + "-top"));
    for (int i = 0; i < 100; i++) {
      quotas.consumeOrThrow(scan(clinic, clinic + "-c" + i));
    }
    Reserved held = quotas.reserveOrThrow(scan(clinic, clinic + "-r1"));
    quotas.commitOrThrow(CommitRequest.builder(clinic, held.id().value())
        .actualUnits(Units.parse("0.4")).build());
    Reserved released = quotas.reserveOrThrow(scan(clinic, clinic + "-r2"));
    quotas.tryRelease(clinic, released.id().value());
    quotas.consumeOrThrow(scan(clinic, clinic + "-c-top"));
    quotas.consumeOrThrow(scan(clinic, clinic + "-c-overage"));
    quotas.reserveOrThrow(scan(clinic, clinic + "-r3"));
  }

  private static UsageRequest scan(String clinic, String key) {
    return UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key).build();
  }

  /** Writes the clinic's account and current period as {@code change} has them, with no ledger. */
  private void corrupt(String clinic, UnaryOperator<AccountRecord> account,
      UnaryOperator<PeriodRecord> period) {
    ClinicSnapshot s = store.load(LoadRequest.of(ClinicId.of(clinic)));
    AccountRecord a = s.account().orElseThrow();
    PeriodRecord p = s.periods().get(a.currentPeriod().start());
    store.apply(new WriteSet(s.clinic(), s.version(), s.ledgerSize(), account.apply(a), false,
        List.of(new WriteSet.Row<>(period.apply(p), false)), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of()));
  }

  @Test
  void reconcile_cleanClinic_reportsNothing() {
    busyClinic("c1");

    ReconciliationReport report = quotas.reconcile("c1");

    assertThat(report.clean()).isTrue();
    assertThat(report.ledgerEntries()).isGreaterThan(100);
    assertThat(report.at()).isEqualTo(NOW);
  }

  @Test
  void reconcile_addonBalanceChangedBehindTheEngine_namesTheFieldAndBothValues() {
    busyClinic("c1");
    long available = store.findAccount(ClinicId.of("c1")).orElseThrow().addonAvailable().milli();
    corrupt("c1", a -> a.withAddon(a.addonAvailable().plus(Units.of(5)), a.addonReserved(),
        a.addonPurchased().plus(Units.of(5)), a.addonUsed(), NOW), p -> p);

    ReconciliationReport report = quotas.reconcile("c1");

    assertThat(report.drifts()).containsExactly(
        new Drift(ClinicId.of("c1"), Optional.empty(), Drift.Field.ADDON_AVAILABLE, available,
            available + 5_000),
        new Drift(ClinicId.of("c1"), Optional.empty(), Drift.Field.ADDON_PURCHASED, 2_000,
            7_000));
    assertThat(report.drifts().get(1)).hasToString(
        "clinic c1 addonPurchased: ledger 2.000, row 7.000");
  }

  @Test
  void reconcile_periodUsedAndOverageMoneyChanged_areEachADrift() {
    busyClinic("c1");
    PeriodRecord row = store.periods(ClinicId.of("c1")).get(0);
    corrupt("c1", a -> a, p -> p.withMonthlyUsed(p.monthlyUsed().minus(Units.of(1)))
        .withOverageCost(p.overageCost().plus(p.overageCost())));

    List<Drift> drifts = quotas.reconcile("c1").drifts();

    Optional<Instant> period = Optional.of(row.period().start());
    long owed = row.overageCost().minor();
    assertThat(owed).as("0.4 unit of overage at THB 75").isEqualTo(3_000);
    assertThat(drifts).containsExactly(
        new Drift(ClinicId.of("c1"), period, Drift.Field.MONTHLY_USED, 100_000, 99_000),
        new Drift(ClinicId.of("c1"), period, Drift.Field.OVERAGE_COST, owed, 2 * owed));
    assertThat(drifts.get(1).rowText()).isEqualTo("6000 minor units");
  }

  @Test
  void reconcile_unknownClinic_isRefused() {
    assertThatThrownBy(() -> quotas.reconcile("nobody"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }

  @Test
  void reconcileSome_walksEveryClinicInBoundedSteps_andStartsOver() {
    for (String clinic : List.of("e", "a", "d", "b", "c")) {
      quotas.registerClinic(ClinicRegistration.builder(clinic, "starter").build());
    }
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    ReconciliationCursor cursor = ReconciliationCursor.START;
    ReconciliationBatch batch;
    do {
      batch = quotas.reconcileSome(cursor, 2);
      batch.reports().forEach(r -> seen.add(r.clinic().value()));
      sizes.add(batch.reports().size());
      cursor = batch.next();
    } while (!batch.passComplete());

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(cursor).isEqualTo(ReconciliationCursor.START);
    assertThat(quotas.reconcileSome(cursor, 2).reports()).extracting(r -> r.clinic().value())
        .containsExactly("a", "b");
  }

  @Test
  void reconcileSome_reportsTheDriftOfTheClinicThatHasOne() {
    busyClinic("c1");
    busyClinic("c2");
    corrupt("c2", a -> a, p -> p.withMonthlyUsed(p.monthlyUsed().minus(Units.parse("0.2"))));

    ReconciliationBatch batch = quotas.reconcileSome(ReconciliationCursor.START, 10);

    assertThat(batch.passComplete()).isTrue();
    assertThat(batch.reports()).hasSize(2);
    assertThat(batch.drifts()).singleElement().satisfies(d -> {
      assertThat(d.clinic()).isEqualTo(ClinicId.of("c2"));
      assertThat(d.field()).isEqualTo(Drift.Field.MONTHLY_USED);
      assertThat(d.ledgerText()).isEqualTo("100.000");
      assertThat(d.rowText()).isEqualTo("99.800");
    });
  }

  @Test
  void reconcileSome_outOfRangeBatchOrNoCursor_isRefusedNamingTheField() {
    assertThatThrownBy(() -> quotas.reconcileSome(ReconciliationCursor.START, 0))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().field()).contains("maxClinics"));
    assertThatThrownBy(() -> quotas.reconcileSome(ReconciliationCursor.START, 10_001))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().field()).contains("maxClinics"));
    assertThatThrownBy(() -> quotas.reconcileSome(null, 5))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().field()).contains("cursor"));
  }

  @Test
  void reconcileSome_onAStoreThatCannotListClinics_saysSo_butOneClinicReconciles() {
    // a store that, like the SPI's default, cannot list its clinics
    QuotaService forwarding = QuotaService.builder().store(new ForwardingQuotaStore(store) {
      @Override
      public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
        throw new UnsupportedOperationException("this store cannot list its clinics");
      }
    }).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    busyClinic("c1");

    assertThatThrownBy(() -> forwarding.reconcileSome(ReconciliationCursor.START, 5))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cannot list its clinics");
    assertThat(forwarding.reconcile("c1").clean()).isTrue();
  }

  @Test
  void reconcile_clinicWrittenDuringTheCheck_isComparedAsOfOneInstant() {
    busyClinic("c1");
    int[] written = {0};
    QuotaService racing = QuotaService.builder().store(new ForwardingQuotaStore(store) {
      @Override
      public List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to) {
        quotas.consumeOrThrow(scan("c1", "during-" + written[0]++));
        return super.ledger(clinic, from, to);
      }
    }).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    long before = store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX).size();

    ReconciliationReport report = racing.reconcile("c1");

    assertThat(written[0]).isEqualTo(1);
    assertThat(report.clean()).isTrue();
    assertThat(report.ledgerEntries()).isEqualTo(before);
    assertThat(quotas.reconcile("c1").ledgerEntries()).isEqualTo(before + 1);
  }
}
