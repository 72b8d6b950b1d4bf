package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import java.util.List;
import java.util.Objects;

/**
 * What one or more decisions on one clinic change, read at one version: {@link QuotaStore#apply}
 * writes it atomically, all or nothing, if the clinic is still at {@link #readVersion()}, and
 * moves the clinic to {@code readVersion + 1}.
 *
 * <p>Rows come as {@link Row}s: a row marked {@code inserted} did not exist when the decision read
 * the clinic (a new reservation, a new key, a new period, a new window), and the store inserts it,
 * failing the whole write-set with a {@link WriteConflict} if it exists by then; every other row
 * replaces the stored row with the same identity. Ledger entries and billing lines are appended;
 * the ledger's entries follow the clinic's {@link #ledgerSize()} existing ones, in list order.
 *
 * @param clinic the clinic
 * @param readVersion the version the decisions read; 0 with {@code newAccount}
 * @param ledgerSize how many ledger entries the clinic had at that version
 * @param account the account after the decisions (it is always written: its version moves)
 * @param newAccount whether the account is new (a registration): it must not exist yet
 * @param periods period rows written
 * @param reservations reservations written
 * @param keys stored outcomes written
 * @param windows repeat-scan windows written
 * @param windowsRemoved customers whose repeat-scan window is deleted
 * @param ledger ledger entries appended
 * @param billing billing lines appended
 * @param grants add-on grants written: a new one inserted, a changed one replaced
 * @param autoTopUps the clinic's auto top-up written (at most one): inserted when new
 * @param payments payments written: a new one inserted, a moved one replaced
 * @param counters usage counters written: a new one inserted, a changed one replaced
 * @param budgets branch and staff budget rows written: a new one inserted, a changed one replaced
 * @param events outbox events inserted with the change, in position order ({@link
 *     EventRecord#version()} is {@link #nextVersion()}); an event id that exists is a conflict
 */
public record WriteSet(
    ClinicId clinic,
    long readVersion,
    long ledgerSize,
    AccountRecord account,
    boolean newAccount,
    List<Row<PeriodRecord>> periods,
    List<Row<ReservationRecord>> reservations,
    List<Row<IdempotencyRecord>> keys,
    List<Row<RepeatWindow>> windows,
    List<CustomerRefHash> windowsRemoved,
    List<LedgerEntry> ledger,
    List<BillingLine> billing,
    List<Row<GrantRecord>> grants,
    List<Row<AutoTopUpRecord>> autoTopUps,
    List<Row<PaymentRecord>> payments,
    List<Row<UsageCounter>> counters,
    List<Row<BudgetRecord>> budgets,
    List<EventRecord> events) {

  /** Validates and copies; every row must belong to {@code clinic}. */
  public WriteSet {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(account, "account");
    if (readVersion < 0 || ledgerSize < 0) {
      throw new IllegalArgumentException("readVersion and ledgerSize must not be negative");
    }
    if (newAccount && readVersion != 0) {
      throw new IllegalArgumentException("a new account is written at version 0");
    }
    periods = List.copyOf(periods);
    reservations = List.copyOf(reservations);
    keys = List.copyOf(keys);
    windows = List.copyOf(windows);
    windowsRemoved = List.copyOf(windowsRemoved);
    ledger = List.copyOf(ledger);
    billing = List.copyOf(billing);
    grants = List.copyOf(grants);
    grants.forEach(g -> own(clinic, g.row().clinic()));
    autoTopUps = List.copyOf(autoTopUps);
    payments = List.copyOf(payments);
    if (autoTopUps.size() > 1) {
      throw new IllegalArgumentException("a clinic has one auto top-up, not " + autoTopUps.size());
    }
    autoTopUps.forEach(a -> own(clinic, a.row().clinic()));
    payments.forEach(p -> own(clinic, p.row().clinic()));
    counters = List.copyOf(counters);
    counters.forEach(c -> own(clinic, c.row().clinic()));
    budgets = List.copyOf(budgets);
    budgets.forEach(b -> own(clinic, b.row().clinic()));
    events = List.copyOf(events);
    for (EventRecord e : events) {
      own(clinic, e.clinic());
      if (e.version() != readVersion + 1) {
        throw new IllegalArgumentException("event " + e.id() + " is at version " + e.version()
            + ", not the write-set's " + (readVersion + 1));
      }
    }
    own(clinic, account.clinic());
    periods.forEach(r -> own(clinic, r.row().clinic()));
    reservations.forEach(r -> own(clinic, r.row().clinic()));
    keys.forEach(r -> own(clinic, r.row().clinic()));
    windows.forEach(r -> own(clinic, r.row().clinic()));
    ledger.forEach(e -> own(clinic, e.clinic()));
    billing.forEach(b -> own(clinic, b.clinic()));
  }

  /** A write-set that writes no outbox event. */
  public WriteSet(ClinicId clinic, long readVersion, long ledgerSize, AccountRecord account,
      boolean newAccount, List<Row<PeriodRecord>> periods, List<Row<ReservationRecord>> reservations,
      List<Row<IdempotencyRecord>> keys, List<Row<RepeatWindow>> windows,
      List<CustomerRefHash> windowsRemoved, List<LedgerEntry> ledger, List<BillingLine> billing,
      List<Row<GrantRecord>> grants, List<Row<AutoTopUpRecord>> autoTopUps,
      List<Row<PaymentRecord>> payments, List<Row<UsageCounter>> counters,
      List<Row<BudgetRecord>> budgets) {
    this(clinic, readVersion, ledgerSize, account, newAccount, periods, reservations, keys,
        windows, windowsRemoved, ledger, billing, grants, autoTopUps, payments, counters, budgets,
        List.of());
  }

  /** A write-set that writes no auto top-up, payment, usage counter or budget row. */
  public WriteSet(ClinicId clinic, long readVersion, long ledgerSize, AccountRecord account,
      boolean newAccount, List<Row<PeriodRecord>> periods, List<Row<ReservationRecord>> reservations,
      List<Row<IdempotencyRecord>> keys, List<Row<RepeatWindow>> windows,
      List<CustomerRefHash> windowsRemoved, List<LedgerEntry> ledger, List<BillingLine> billing,
      List<Row<GrantRecord>> grants) {
    this(clinic, readVersion, ledgerSize, account, newAccount, periods, reservations, keys,
        windows, windowsRemoved, ledger, billing, grants, List.of(), List.of(), List.of(),
        List.of());
  }

  /** A write-set that writes no add-on grant either. */
  public WriteSet(ClinicId clinic, long readVersion, long ledgerSize, AccountRecord account,
      boolean newAccount, List<Row<PeriodRecord>> periods, List<Row<ReservationRecord>> reservations,
      List<Row<IdempotencyRecord>> keys, List<Row<RepeatWindow>> windows,
      List<CustomerRefHash> windowsRemoved, List<LedgerEntry> ledger, List<BillingLine> billing) {
    this(clinic, readVersion, ledgerSize, account, newAccount, periods, reservations, keys,
        windows, windowsRemoved, ledger, billing, List.of());
  }

  private static void own(ClinicId clinic, ClinicId other) {
    if (!clinic.equals(other)) {
      throw new IllegalArgumentException(
          "a write-set of clinic " + clinic + " cannot hold a row of " + other);
    }
  }

  /** The version the clinic is at once this write-set applied. */
  public long nextVersion() {
    return readVersion + 1;
  }

  /**
   * One row to write.
   *
   * @param row the row's new state
   * @param inserted whether it is new: it did not exist when the decision read the clinic
   * @param <T> the row type
   */
  public record Row<T>(T row, boolean inserted) {
    /** Validates. */
    public Row {
      Objects.requireNonNull(row, "row");
    }
  }
}
