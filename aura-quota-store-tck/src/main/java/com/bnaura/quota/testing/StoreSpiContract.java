package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.PaymentPurpose;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.spi.UsageCounter;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the store SPI's two calls, driven directly: what {@link QuotaStore#load} returns
 * for what a {@link LoadRequest} names, and that {@link QuotaStore#apply} writes a {@link WriteSet}
 * whole or not at all, refusing with {@link WriteConflict} a write-set read at a version the clinic
 * has left or inserting a row that exists. Extend it and return a fresh store from {@link
 * #newStore()}.
 */
public abstract class StoreSpiContract {
  private static final Instant T0 = Instant.parse("2026-03-10T03:00:00Z");
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final ClinicId CLINIC = ClinicId.of("spi-clinic");
  private static final BillingPeriod MARCH =
      ResetSchedule.calendarMonth().periodContaining(T0, BANGKOK);
  private static final BillingPeriod FEBRUARY =
      ResetSchedule.calendarMonth().periodBefore(MARCH, BANGKOK);
  private static final Money ZERO = Money.zero(Money.THB);

  /** The store under test: what {@link #newStore()} returned for this test. */
  protected QuotaStore store;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  @AfterEach
  void tearDownStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  // ---- rows ----

  private static AccountRecord account(ClinicId clinic, BillingPeriod period, Units addon) {
    return new AccountRecord(clinic, PlanId.STARTER, BANGKOK, ResetSchedule.calendarMonth(),
        Optional.empty(), Optional.empty(), addon, Units.ZERO, addon, Units.ZERO, period,
        Optional.empty(), T0, T0);
  }

  private static PeriodRecord period(ClinicId clinic, BillingPeriod period, Units used,
      boolean closed) {
    return new PeriodRecord(clinic, period, PlanId.STARTER, false, Units.of(100), used,
        Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, ZERO, ZERO, Units.ZERO, Units.ZERO,
        Units.ZERO, closed, Set.of());
  }

  private static LedgerEntry entry(ClinicId clinic, LedgerKind kind, Units units, String key) {
    return new LedgerEntry(clinic, kind, T0, MARCH.start(), units,
        new Deduction(units, Units.ZERO, Units.ZERO), ZERO, Units.ZERO,
        Optional.of(OperationId.QUICK_SCAN), Optional.empty(), Optional.empty(),
        Optional.ofNullable(key).map(IdempotencyKey::of), Optional.empty(), Optional.empty(), 0,
        0, 0);
  }

  private static IdempotencyRecord key(ClinicId clinic, String key, String outcome) {
    return new IdempotencyRecord(clinic, IdempotencyKey.of(key), "fp-" + key, outcome, T0);
  }

  private static ReservationRecord reservation(ClinicId clinic, String id, BillingPeriod period,
      Optional<CustomerRefHash> customer, Instant expiresAt, ReservationState state) {
    return new ReservationRecord(ReservationId.of(id), clinic, IdempotencyKey.of("k-" + id),
        OperationId.QUICK_SCAN, 1, Optional.empty(), customer, period,
        new Deduction(Units.of(1), Units.ZERO, Units.ZERO), ZERO, Units.ZERO, false, T0,
        expiresAt, state, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static CustomerRefHash customer(char c) {
    return new CustomerRefHash(String.valueOf(c).repeat(64));
  }

  private static <T> WriteSet.Row<T> inserted(T row) {
    return new WriteSet.Row<>(row, true);
  }

  private static <T> WriteSet.Row<T> updated(T row) {
    return new WriteSet.Row<>(row, false);
  }

  /** A write-set builder with every list empty. */
  private static final class Writes {
    final ClinicId clinic;
    final long version;
    final long ledgerSize;
    final AccountRecord account;
    final boolean newAccount;
    final List<WriteSet.Row<PeriodRecord>> periods = new ArrayList<>();
    final List<WriteSet.Row<ReservationRecord>> reservations = new ArrayList<>();
    final List<WriteSet.Row<IdempotencyRecord>> keys = new ArrayList<>();
    final List<WriteSet.Row<RepeatWindow>> windows = new ArrayList<>();
    final List<CustomerRefHash> removed = new ArrayList<>();
    final List<LedgerEntry> ledger = new ArrayList<>();
    final List<BillingLine> billing = new ArrayList<>();
    final List<WriteSet.Row<AutoTopUpRecord>> autoTopUps = new ArrayList<>();
    final List<WriteSet.Row<PaymentRecord>> payments = new ArrayList<>();
    final List<WriteSet.Row<UsageCounter>> counters = new ArrayList<>();
    final List<WriteSet.Row<BudgetRecord>> budgets = new ArrayList<>();

    Writes(ClinicSnapshot read, AccountRecord account) {
      this.clinic = account.clinic();
      this.version = read.version();
      this.ledgerSize = read.ledgerSize();
      this.account = account;
      this.newAccount = read.account().isEmpty();
    }

    WriteSet build() {
      return new WriteSet(clinic, version, ledgerSize, account, newAccount, periods, reservations,
          keys, windows, removed, ledger, billing, List.of(), autoTopUps, payments, counters,
          budgets);
    }
  }

  /** Registers {@code clinic} in March with a February period and returns its snapshot. */
  private ClinicSnapshot opened(ClinicId clinic) {
    Writes w = new Writes(store.load(LoadRequest.of(clinic)), account(clinic, MARCH, Units.ZERO));
    w.periods.add(inserted(period(clinic, FEBRUARY, Units.of(7), true)));
    w.periods.add(inserted(period(clinic, MARCH, Units.ZERO, false)));
    w.ledger.add(entry(clinic, LedgerKind.GRANT, Units.of(100), null));
    store.apply(w.build());
    return store.load(LoadRequest.of(clinic));
  }

  // ---- tests ----

  @Test
  public void load_ofAClinicWithoutAccount_isEmptyAtVersionZero() {
    ClinicSnapshot none = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("k")));

    assertThat(none.account()).isEmpty();
    assertThat(none.version()).isZero();
    assertThat(none.keys()).isEmpty();
    assertThat(none.periods()).isEmpty();
  }

  @Test
  public void apply_ofANewAccount_isLoadedAtVersionOneWithItsCurrentPeriodAndLedger() {
    ClinicSnapshot read = opened(CLINIC);

    assertThat(read.account()).contains(account(CLINIC, MARCH, Units.ZERO));
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.ledgerSize()).isEqualTo(1);
    assertThat(read.periods()).containsOnlyKeys(MARCH.start())
        .containsEntry(MARCH.start(), period(CLINIC, MARCH, Units.ZERO, false));
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).singleElement()
        .extracting(LedgerEntry::kind).isEqualTo(LedgerKind.GRANT);
  }

  @Test
  public void apply_ofANewAccountThatExists_conflicts_andTheFirstStays() {
    opened(CLINIC);
    Writes again = new Writes(ClinicSnapshot.empty(LoadRequest.of(CLINIC)),
        account(CLINIC, MARCH, Units.of(50)));
    again.ledger.add(entry(CLINIC, LedgerKind.TOP_UP, Units.of(50), null));

    assertThatThrownBy(() -> store.apply(again.build())).isInstanceOf(WriteConflict.class);

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC));
    assertThat(after.account().orElseThrow().addonAvailable()).isEqualTo(Units.ZERO);
    assertThat(after.version()).isEqualTo(1);
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).hasSize(1);
  }

  @Test
  public void apply_readAtAnOldVersion_conflicts_andWritesNothingOfIt() {
    ClinicSnapshot read = opened(CLINIC);
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.periods.add(updated(period(CLINIC, MARCH, Units.of(1), false)));
    first.keys.add(inserted(key(CLINIC, "a", "first")));
    first.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(1), "a"));
    store.apply(first.build());

    Writes stale = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    stale.periods.add(updated(period(CLINIC, MARCH, Units.of(5), false)));
    stale.keys.add(inserted(key(CLINIC, "b", "stale")));
    stale.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(5), "b"));
    stale.billing.add(new BillingLine(CLINIC, "line-1", BillingLineKind.TOP_UP, ZERO, Units.ZERO,
        "stale", "", T0));

    assertThatThrownBy(() -> store.apply(stale.build()))
        .isInstanceOfSatisfying(WriteConflict.class, c -> assertThat(c.clinic()).isEqualTo(CLINIC));

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("a"))
        .withKey(IdempotencyKey.of("b")));
    assertThat(after.version()).isEqualTo(2);
    assertThat(after.ledgerSize()).isEqualTo(2);
    assertThat(after.periods().get(MARCH.start()).monthlyUsed()).isEqualTo(Units.of(1));
    assertThat(after.keys()).containsOnlyKeys(IdempotencyKey.of("a"));
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).hasSize(2);
    assertThat(store.billingLines(CLINIC)).isEmpty();
  }

  @Test
  public void apply_insertingAKeyThatExists_conflicts_andMovesNothing() {
    ClinicSnapshot read = opened(CLINIC);
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.keys.add(inserted(key(CLINIC, "a", "first")));
    store.apply(first.build());
    ClinicSnapshot current = store.load(LoadRequest.of(CLINIC));

    Writes dup = new Writes(current, account(CLINIC, MARCH, Units.ZERO));
    dup.periods.add(updated(period(CLINIC, MARCH, Units.of(9), false)));
    dup.keys.add(inserted(key(CLINIC, "a", "second")));
    dup.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(9), "a"));

    assertThatThrownBy(() -> store.apply(dup.build())).isInstanceOf(WriteConflict.class);

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("a")));
    assertThat(after.version()).isEqualTo(current.version());
    assertThat(after.keys().get(IdempotencyKey.of("a")).outcome()).isEqualTo("first");
    assertThat(after.periods().get(MARCH.start()).monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).hasSize(1);
  }

  @Test
  public void countersAndBudgets_areLoadedByKey_updated_andAnInsertOfAnExistingOneConflicts() {
    ClinicSnapshot read = opened(CLINIC);
    String longId = "ผู้ใช้-" + "x".repeat(240);
    UsageCounter.Key staffDay = new UsageCounter.Key(UsageCounter.Scope.STAFF, longId,
        "calls:" + "Q".repeat(255), MARCH.start());
    UsageCounter.Key clinicHour = new UsageCounter.Key(UsageCounter.Scope.CLINIC, CLINIC.value(),
        "calls:*", T0);
    BudgetRecord.Key branch = BudgetRecord.Key.branch("phuket");
    BudgetRecord.Key staff = BudgetRecord.Key.staff(longId);
    AccountRecord withCaps = new AccountRecord(CLINIC, PlanId.STARTER, BANGKOK,
        ResetSchedule.calendarMonth(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, MARCH,
        Optional.empty(), T0, T0, Optional.of(List.of(
            OperationCap.of(OperationId.of("สแกน/ด่วน;1"), OperationCap.Per.STAFF,
                OperationCap.Window.DAY, 20),
            OperationCap.everyOperation(OperationCap.Per.CLINIC, OperationCap.Window.HOUR, 200))),
        true);
    Writes first = new Writes(read, withCaps);
    first.counters.add(inserted(new UsageCounter(CLINIC, staffDay, 3, Units.parse("2.5"))));
    first.counters.add(inserted(new UsageCounter(CLINIC, clinicHour, 1, Units.ZERO)));
    first.budgets.add(inserted(new BudgetRecord(CLINIC, branch, "ภูเก็ต", "phuket",
        Optional.of(Units.of(50)), T0)));
    first.budgets.add(inserted(new BudgetRecord(CLINIC, staff, longId, "phuket",
        Optional.empty(), T0)));
    store.apply(first.build());
    LoadRequest both = LoadRequest.of(CLINIC).withCounters(Set.of(staffDay, clinicHour))
        .withBudgets(Set.of(branch, staff, BudgetRecord.Key.branch("nowhere")));

    ClinicSnapshot loaded = store.load(both);
    Writes second = new Writes(loaded, withCaps);
    second.counters.add(updated(new UsageCounter(CLINIC, staffDay, 4, Units.of(3))));
    second.budgets.add(updated(new BudgetRecord(CLINIC, branch, "Phuket", "phuket",
        Optional.of(Units.of(60)), T0)));
    store.apply(second.build());
    ClinicSnapshot current = store.load(both);
    Writes dup = new Writes(current, withCaps);
    dup.counters.add(inserted(new UsageCounter(CLINIC, clinicHour, 9, Units.ZERO)));

    assertThat(loaded.account().orElseThrow().capsOverride()).isEqualTo(withCaps.capsOverride());
    assertThat(loaded.account().orElseThrow().budgetsInUse()).isTrue();
    assertThat(loaded.counters()).containsOnlyKeys(staffDay, clinicHour);
    assertThat(loaded.counters().get(staffDay).units()).isEqualTo(Units.parse("2.5"));
    assertThat(loaded.budgets()).containsOnlyKeys(branch, staff);
    assertThat(loaded.budgets().get(branch).name()).isEqualTo("ภูเก็ต");
    assertThat(loaded.budgets().get(staff).monthlyBudget()).isEmpty();
    assertThat(current.counters().get(staffDay).calls()).isEqualTo(4);
    assertThat(current.budgets().get(branch).monthlyBudget()).contains(Units.of(60));
    assertThatThrownBy(() -> store.apply(dup.build())).isInstanceOf(WriteConflict.class);
    assertThat(store.load(both).counters().get(clinicHour).calls()).isEqualTo(1);
    assertThat(store.budgets(CLINIC)).extracting(BudgetRecord::key)
        .containsExactly(branch, staff);
    assertThat(store.budgets(ClinicId.of("spi-other"))).isEmpty();
  }

  @Test
  public void apply_insertingAWindowOrReservationThatExists_conflicts_andMovesNothing() {
    ClinicSnapshot read = opened(CLINIC);
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.windows.add(inserted(new RepeatWindow(CLINIC, customer('9'), T0, Units.of(1))));
    first.reservations.add(inserted(reservation(CLINIC, "r-dup", MARCH, Optional.empty(),
        T0.plusSeconds(600), ReservationState.PENDING)));
    store.apply(first.build());
    ClinicSnapshot current = store.load(LoadRequest.of(CLINIC));

    Writes window = new Writes(current, account(CLINIC, MARCH, Units.ZERO));
    window.windows.add(inserted(new RepeatWindow(CLINIC, customer('9'), T0, Units.of(9))));
    window.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(1), null));
    Writes reservation = new Writes(current, account(CLINIC, MARCH, Units.ZERO));
    reservation.reservations.add(inserted(reservation(CLINIC, "r-dup", MARCH, Optional.empty(),
        T0.plusSeconds(900), ReservationState.PENDING)));

    assertThatThrownBy(() -> store.apply(window.build())).isInstanceOf(WriteConflict.class);
    assertThatThrownBy(() -> store.apply(reservation.build())).isInstanceOf(WriteConflict.class);

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC).withCustomer(customer('9'))
        .withReservation(ReservationId.of("r-dup")));
    assertThat(after.version()).isEqualTo(current.version());
    assertThat(after.windows().get(customer('9')).paid()).isEqualTo(Units.of(1));
    assertThat(after.reservations().get(ReservationId.of("r-dup")).expiresAt())
        .isEqualTo(T0.plusSeconds(600));
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).hasSize(1);
  }

  private static AutoTopUpRecord autoTopUp(ClinicId clinic, int purchases) {
    return new AutoTopUpRecord(clinic, Optional.of(Units.of(20)), Optional.empty(),
        Optional.of("pack-100"), Units.ZERO, Money.of("9600", Money.THB), false, true,
        Optional.empty(), MARCH.start(), purchases, Money.of("4800", Money.THB).times(purchases),
        false, T0);
  }

  private static PaymentRecord payment(ClinicId clinic, int crossing, PaymentState state) {
    return new PaymentRecord(clinic, IdempotencyKey.of("auto-top-up:" + MARCH.start() + ":"
        + crossing), state, PaymentPurpose.AUTO_TOP_UP, MARCH.start(), Units.of(100),
        Optional.of("pack-100"), Money.of("4800", Money.THB), "auto_" + crossing,
        Optional.empty(), Optional.empty(), 0, false, Optional.empty(), T0, T0);
  }

  @Test
  public void autoTopUpAndPayments_areLoadedOpenOnly_andAnInsertedPaymentThatExistsConflicts() {
    ClinicSnapshot read = opened(CLINIC);
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.autoTopUps.add(inserted(autoTopUp(CLINIC, 1)));
    first.payments.add(inserted(payment(CLINIC, 1, PaymentState.REQUESTED)));
    store.apply(first.build());
    ClinicSnapshot requested = store.load(LoadRequest.of(CLINIC));
    List<ClinicId> open = store.clinicsWithOpenPayments(100);

    Writes dup = new Writes(requested, account(CLINIC, MARCH, Units.ZERO));
    dup.payments.add(inserted(payment(CLINIC, 1, PaymentState.REQUESTED)));
    assertThatThrownBy(() -> store.apply(dup.build())).isInstanceOf(WriteConflict.class);

    Writes granted = new Writes(requested, account(CLINIC, MARCH, Units.ZERO));
    granted.payments.add(updated(requested.payment().orElseThrow()
        .moved(PaymentState.GRANTED, Optional.of("paid-1"), T0.plusSeconds(5))));
    granted.autoTopUps.add(updated(autoTopUp(CLINIC, 2)));
    granted.payments.add(inserted(payment(CLINIC, 2, PaymentState.REQUESTED)));
    store.apply(granted.build());
    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC));

    assertThat(requested.autoTopUp()).contains(autoTopUp(CLINIC, 1));
    assertThat(requested.payment()).contains(payment(CLINIC, 1, PaymentState.REQUESTED));
    assertThat(open).containsExactly(CLINIC);
    assertThat(after.version()).isEqualTo(requested.version() + 1);
    assertThat(after.autoTopUp().orElseThrow().purchases()).isEqualTo(2);
    assertThat(after.payment().orElseThrow().key().value()).endsWith(":2");
    assertThat(store.payments(CLINIC)).extracting(PaymentRecord::state, PaymentRecord::reference)
        .containsExactly(tuple(PaymentState.GRANTED, Optional.of("paid-1")),
            tuple(PaymentState.REQUESTED, Optional.empty()));
    assertThat(opened(ClinicId.of("spi-other")).payment()).isEmpty();
  }

  @Test
  public void load_ofAReservation_bringsItsPeriodAndItsCustomersWindow() {
    ClinicSnapshot read = opened(CLINIC);
    CustomerRefHash alice = customer('a');
    Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    w.reservations.add(inserted(reservation(CLINIC, "res-feb", FEBRUARY, Optional.of(alice),
        T0.plusSeconds(600), ReservationState.PENDING)));
    w.windows.add(inserted(new RepeatWindow(CLINIC, alice, T0, Units.of(1))));
    w.windows.add(inserted(new RepeatWindow(CLINIC, customer('b'), T0, Units.of(1))));
    store.apply(w.build());

    ClinicSnapshot commit = store.load(LoadRequest.of(CLINIC)
        .withReservation(ReservationId.of("res-feb"))
        .withReservation(ReservationId.of("res-none")));

    assertThat(commit.reservations()).containsOnlyKeys(ReservationId.of("res-feb"));
    assertThat(commit.periods()).containsOnlyKeys(MARCH.start(), FEBRUARY.start());
    assertThat(commit.periods().get(FEBRUARY.start()).closed()).isTrue();
    assertThat(commit.windows()).as("the reservation's customer's window, and no other")
        .containsOnlyKeys(alice);
  }

  @Test
  public void load_namesWhatItFinds_andLeavesOutWhatDoesNotExist() {
    ClinicSnapshot read = opened(CLINIC);
    Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    w.keys.add(inserted(key(CLINIC, "a", "outcome-a")));
    w.windows.add(inserted(new RepeatWindow(CLINIC, customer('c'), T0, Units.of(2))));
    store.apply(w.build());

    ClinicSnapshot s = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("a"))
        .withKey(IdempotencyKey.of("missing")).withCustomer(customer('c'))
        .withCustomer(customer('d')).withPeriod(FEBRUARY.start()));

    assertThat(s.keys()).containsOnlyKeys(IdempotencyKey.of("a"));
    assertThat(s.keys().get(IdempotencyKey.of("a"))).isEqualTo(key(CLINIC, "a", "outcome-a"));
    assertThat(s.windows()).containsOnlyKeys(customer('c'));
    assertThat(s.windows().get(customer('c')).paid()).isEqualTo(Units.of(2));
    assertThat(s.periods()).containsOnlyKeys(MARCH.start(), FEBRUARY.start());
  }

  @Test
  public void load_withExpiredAt_bringsThePendingReservationsExpiredThen_soonestFirst() {
    ClinicSnapshot read = opened(CLINIC);
    Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    w.reservations.add(inserted(reservation(CLINIC, "late", MARCH, Optional.empty(),
        T0.plusSeconds(300), ReservationState.PENDING)));
    w.reservations.add(inserted(reservation(CLINIC, "early", FEBRUARY, Optional.of(customer('e')),
        T0.plusSeconds(100), ReservationState.PENDING)));
    w.reservations.add(inserted(reservation(CLINIC, "not-yet", MARCH, Optional.empty(),
        T0.plusSeconds(900), ReservationState.PENDING)));
    w.reservations.add(inserted(reservation(CLINIC, "done", MARCH, Optional.empty(),
        T0.plusSeconds(50), ReservationState.COMMITTED)));
    w.windows.add(inserted(new RepeatWindow(CLINIC, customer('e'), T0, Units.of(1))));
    store.apply(w.build());

    ClinicSnapshot s = store.load(LoadRequest.of(CLINIC).withExpiredAt(T0.plusSeconds(300)));

    assertThat(s.expired()).extracting(r -> r.id().value()).containsExactly("early", "late");
    assertThat(s.reservations()).containsKeys(ReservationId.of("early"), ReservationId.of("late"))
        .doesNotContainKey(ReservationId.of("not-yet"));
    assertThat(s.periods()).containsKey(FEBRUARY.start());
    assertThat(s.windows()).containsOnlyKeys(customer('e'));
    assertThat(store.load(LoadRequest.of(CLINIC)).expired()).as("only when asked").isEmpty();
  }

  @Test
  public void apply_updatesAndRemovesRows_andAppendsTheLedgerInOrder() {
    ClinicSnapshot read = opened(CLINIC);
    CustomerRefHash alice = customer('a');
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.reservations.add(inserted(reservation(CLINIC, "r1", MARCH, Optional.of(alice),
        T0.plusSeconds(600), ReservationState.PENDING)));
    first.windows.add(inserted(new RepeatWindow(CLINIC, alice, T0, Units.of(1))));
    first.ledger.add(entry(CLINIC, LedgerKind.HOLD, Units.of(1), "k-r1"));
    store.apply(first.build());
    ClinicSnapshot held = store.load(LoadRequest.of(CLINIC).withReservation(ReservationId.of("r1")));

    ReservationRecord released = held.reservations().get(ReservationId.of("r1"))
        .resolve(ReservationState.RELEASED, T0.plusSeconds(5), Optional.of("release"),
            Optional.of("released-outcome"));
    Writes second = new Writes(held, account(CLINIC, MARCH, Units.ZERO));
    second.reservations.add(updated(released));
    second.removed.add(alice);
    second.ledger.add(entry(CLINIC, LedgerKind.UNHOLD, Units.of(1), "k-r1"));
    second.ledger.add(entry(CLINIC, LedgerKind.FORFEIT, Units.of(1), null));
    store.apply(second.build());

    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC)
        .withReservation(ReservationId.of("r1")).withCustomer(alice));
    assertThat(after.reservations().get(ReservationId.of("r1"))).isEqualTo(released);
    assertThat(after.windows()).isEmpty();
    assertThat(after.version()).isEqualTo(3);
    assertThat(after.ledgerSize()).isEqualTo(4);
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).extracting(LedgerEntry::kind)
        .containsExactly(LedgerKind.GRANT, LedgerKind.HOLD, LedgerKind.UNHOLD, LedgerKind.FORFEIT);
  }

  @Test
  public void apply_ofManyRowsOfEachKind_writesThemAll_andOneMissingUpdateWritesNone() {
    ClinicSnapshot read = opened(CLINIC);
    CustomerRefHash alice = customer('a');
    CustomerRefHash bob = customer('b');
    CustomerRefHash carol = customer('c');
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    for (String id : List.of("r1", "r2", "r3")) {
      first.reservations.add(inserted(reservation(CLINIC, id, MARCH, Optional.empty(),
          T0.plusSeconds(600), ReservationState.PENDING)));
      first.keys.add(inserted(key(CLINIC, "k-" + id, "held " + id)));
      first.ledger.add(entry(CLINIC, LedgerKind.HOLD, Units.of(1), "k-" + id));
    }
    for (CustomerRefHash c : List.of(alice, bob, carol)) {
      first.windows.add(inserted(new RepeatWindow(CLINIC, c, T0, Units.of(1))));
    }
    store.apply(first.build());

    LoadRequest all = LoadRequest.of(CLINIC).withReservation(ReservationId.of("r1"))
        .withReservation(ReservationId.of("r2")).withReservation(ReservationId.of("r3"))
        .withKey(IdempotencyKey.of("k-r1")).withKey(IdempotencyKey.of("k-r2"))
        .withCustomer(alice).withCustomer(bob).withCustomer(carol);
    ClinicSnapshot held = store.load(all);
    assertThat(held.reservations()).hasSize(3);
    assertThat(held.keys()).hasSize(2);
    assertThat(held.windows()).hasSize(3);

    Writes missing = new Writes(held, account(CLINIC, MARCH, Units.ZERO));
    for (String id : List.of("r1", "r2", "never-taken")) {
      missing.reservations.add(updated(reservation(CLINIC, id, MARCH, Optional.empty(),
          T0.plusSeconds(600), ReservationState.RELEASED)));
    }
    missing.keys.add(inserted(key(CLINIC, "k-new", "new")));
    assertThatThrownBy(() -> store.apply(missing.build())).isInstanceOf(WriteConflict.class);
    ClinicSnapshot unchanged = store.load(all.withKey(IdempotencyKey.of("k-new")));
    assertThat(unchanged.version()).isEqualTo(held.version());
    assertThat(unchanged.keys()).doesNotContainKey(IdempotencyKey.of("k-new"));
    assertThat(unchanged.reservations().values()).extracting(ReservationRecord::state)
        .containsOnly(ReservationState.PENDING);

    Writes second = new Writes(held, account(CLINIC, MARCH, Units.ZERO));
    for (String id : List.of("r1", "r2", "r3")) {
      second.reservations.add(updated(held.reservations().get(ReservationId.of(id))
          .resolve(ReservationState.COMMITTED, T0.plusSeconds(5), Optional.of("fp " + id),
              Optional.of("committed " + id))));
    }
    second.keys.add(updated(key(CLINIC, "k-r1", "replaced r1")));
    second.keys.add(updated(key(CLINIC, "k-r2", "replaced r2")));
    second.keys.add(inserted(key(CLINIC, "k-new", "new")));
    second.keys.add(inserted(key(CLINIC, "k-other", "other")));
    second.windows.add(updated(new RepeatWindow(CLINIC, alice, T0, Units.of(2))));
    second.windows.add(updated(new RepeatWindow(CLINIC, bob, T0, Units.of(3))));
    second.removed.add(carol);
    for (int i = 0; i < 3; i++) {
      second.ledger.add(entry(CLINIC, LedgerKind.COMMIT, Units.of(1), "k-r" + (i + 1)));
    }
    store.apply(second.build());

    ClinicSnapshot after = store.load(all.withKey(IdempotencyKey.of("k-new"))
        .withKey(IdempotencyKey.of("k-other")));
    assertThat(after.version()).isEqualTo(held.version() + 1);
    assertThat(after.reservations().values()).extracting(ReservationRecord::state)
        .containsOnly(ReservationState.COMMITTED);
    assertThat(after.keys().get(IdempotencyKey.of("k-r1")).outcome()).isEqualTo("replaced r1");
    assertThat(after.keys().get(IdempotencyKey.of("k-r2")).outcome()).isEqualTo("replaced r2");
    assertThat(after.keys()).containsKeys(IdempotencyKey.of("k-new"),
        IdempotencyKey.of("k-other"));
    assertThat(after.windows()).containsOnlyKeys(alice, bob);
    assertThat(after.windows().get(bob).paid()).isEqualTo(Units.of(3));
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).extracting(LedgerEntry::kind)
        .containsExactly(LedgerKind.GRANT, LedgerKind.HOLD, LedgerKind.HOLD, LedgerKind.HOLD,
            LedgerKind.COMMIT, LedgerKind.COMMIT, LedgerKind.COMMIT);
  }

  @Test
  public void apply_ofAKeyPurgedSinceItWasRead_writesIt() {
    ClinicSnapshot read = opened(CLINIC);
    IdempotencyRecord old = new IdempotencyRecord(CLINIC, IdempotencyKey.of("old"), "fp", "o1",
        T0.minusSeconds(10 * 86_400));
    Writes first = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    first.keys.add(inserted(old));
    store.apply(first.build());
    ClinicSnapshot withOld = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("old")));
    assertThat(withOld.keys()).containsKey(IdempotencyKey.of("old"));

    assertThat(store.purgeIdempotencyKeys(T0.minusSeconds(86_400), 100)).isEqualTo(1);
    Writes reuse = new Writes(withOld, account(CLINIC, MARCH, Units.ZERO));
    reuse.keys.add(updated(key(CLINIC, "old", "o2")));
    store.apply(reuse.build());

    assertThat(store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("old"))).keys()
        .get(IdempotencyKey.of("old")).outcome()).isEqualTo("o2");
  }

  @Test
  public void load_neverShowsAnotherClinicsRows() {
    opened(CLINIC);
    ClinicId other = ClinicId.of("spi-other");
    ClinicSnapshot read = opened(other);
    Writes w = new Writes(read, account(other, MARCH, Units.ZERO));
    w.keys.add(inserted(key(other, "shared", "other's")));
    w.reservations.add(inserted(reservation(other, "r-other", MARCH, Optional.of(customer('f')),
        T0, ReservationState.PENDING)));
    w.windows.add(inserted(new RepeatWindow(other, customer('f'), T0, Units.of(1))));
    store.apply(w.build());

    ClinicSnapshot mine = store.load(LoadRequest.of(CLINIC).withKey(IdempotencyKey.of("shared"))
        .withReservation(ReservationId.of("r-other")).withCustomer(customer('f'))
        .withExpiredAt(T0.plusSeconds(3600)));

    assertThat(mine.keys()).isEmpty();
    assertThat(mine.reservations()).isEmpty();
    assertThat(mine.windows()).isEmpty();
    assertThat(mine.expired()).isEmpty();
  }

  @Test
  public void apply_ofManyWritersAtOneVersion_letsExactlyOneWin() throws Exception {
    ClinicSnapshot read = opened(CLINIC);
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
          w.periods.add(updated(period(CLINIC, MARCH, Units.of(n + 1), false)));
          w.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(n + 1), "w" + n));
          start.await();
          try {
            store.apply(w.build());
            return true;
          } catch (WriteConflict conflict) {
            return false;
          }
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> f : results) {
        won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC));
    List<LedgerEntry> ledger = store.ledger(CLINIC, Instant.MIN, Instant.MAX);
    assertThat(after.version()).isEqualTo(2);
    assertThat(ledger).hasSize(2);
    assertThat(after.periods().get(MARCH.start()).monthlyUsed())
        .as("the winner's period row, with the winner's ledger entry")
        .isEqualTo(ledger.get(1).units());
  }

  @Test
  public void locked_holdsOffAnotherWriter_untilItsWriteSetIsIn_andThatWriterThenConflicts()
      throws Exception {
    ClinicSnapshot read = opened(CLINIC);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> holder = pool.submit(() -> store.locked(CLINIC, () -> {
        ClinicSnapshot mine = store.load(LoadRequest.of(CLINIC));
        holding.countDown();
        try {
          // holds the clinic a while, so that the other writer's apply comes meanwhile
          never.await(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Writes w = new Writes(mine, account(CLINIC, MARCH, Units.ZERO));
        w.periods.add(updated(period(CLINIC, MARCH, Units.of(3), false)));
        w.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(3), "held"));
        store.apply(w.build());
        return mine.version();
      }));
      assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> other = pool.submit(() -> {
        Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
        w.periods.add(updated(period(CLINIC, MARCH, Units.of(5), false)));
        w.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(5), "other"));
        try {
          store.apply(w.build());
          return true;
        } catch (WriteConflict conflict) {
          return false;
        }
      });

      assertThat(holder.get(60, TimeUnit.SECONDS)).as("the version the locked run read")
          .isEqualTo(read.version());
      assertThat(other.get(60, TimeUnit.SECONDS)).as("the other writer applied").isFalse();
    } finally {
      pool.shutdownNow();
    }
    ClinicSnapshot after = store.load(LoadRequest.of(CLINIC));
    assertThat(after.version()).isEqualTo(read.version() + 1);
    assertThat(after.periods().get(MARCH.start()).monthlyUsed()).isEqualTo(Units.of(3));
    assertThat(store.ledger(CLINIC, Instant.MIN, Instant.MAX)).extracting(LedgerEntry::key)
        .map(k -> k.map(IdempotencyKey::value).orElse(""))
        .containsExactly("", "held");
  }

  @Test
  public void locked_whoseWorkThrowsAfterItsLoad_letsTheClinicGo() throws Exception {
    ClinicSnapshot read = opened(CLINIC);

    assertThatThrownBy(() -> store.locked(CLINIC, () -> {
      store.load(LoadRequest.of(CLINIC));
      throw new IllegalStateException("the decision failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("the decision failed");

    Writes w = new Writes(read, account(CLINIC, MARCH, Units.ZERO));
    w.periods.add(updated(period(CLINIC, MARCH, Units.of(2), false)));
    w.ledger.add(entry(CLINIC, LedgerKind.CHARGE, Units.of(2), "after"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> store.apply(w.build())).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.load(LoadRequest.of(CLINIC)).version()).isEqualTo(read.version() + 1);
  }
}
