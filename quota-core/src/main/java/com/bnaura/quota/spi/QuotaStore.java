package com.bnaura.quota.spi;

import com.bnaura.quota.internal.InMemoryQuotaStore;
import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the quota service keeps its state. The engine decides; the store only makes each decision
 * atomic.
 *
 * <p>{@link #inTransaction} is the one write path: it locks one clinic (its account row, for a
 * database {@code SELECT ... FOR UPDATE}), runs the work against a {@link QuotaTransaction}, and
 * commits everything the work wrote, or nothing. A store may run the work more than once (for a
 * retry after a serialization failure or deadlock), so the work acts only through the transaction.
 * Any failure of the store itself surfaces as {@link com.bnaura.quota.QuotaStoreException}; a store
 * never turns a failure into an empty answer.
 *
 * <p>Implementations: {@link #inMemory()} (thread-safe, exact, the reference) and the JDBC store of
 * {@code quota-jdbc}. Both pass the {@code QuotaStoreContract} of quota-core's test-jar.
 */
public interface QuotaStore {

  /** A new, empty, thread-safe store that keeps everything in this JVM's memory. */
  static QuotaStore inMemory() {
    return new InMemoryQuotaStore();
  }

  /**
   * Runs {@code work} atomically with {@code clinic} locked against every other transaction on the
   * same clinic, and returns what it returns.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails; nothing was written then
   */
  <T> T inTransaction(ClinicId clinic, TransactionWork<T> work);

  /**
   * Like {@link #inTransaction}, but returns empty at once instead of waiting when another
   * transaction holds {@code clinic}: sweepers in several instances use it to pass over busy clinics
   * rather than queue behind them. The default waits, like {@link #inTransaction}; stores that can
   * skip a locked row (a database's {@code FOR UPDATE SKIP LOCKED}) override it.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  default <T> Optional<T> inTransactionIfFree(ClinicId clinic, TransactionWork<T> work) {
    return Optional.of(inTransaction(clinic, work));
  }

  /**
   * Whether {@link #tryMonthlyCharge} can ever apply a charge. The engine asks once, when it is
   * built, and does not prepare one-step charges for a store that answers {@code false}. The
   * default is {@code false}; a store that overrides {@link #tryMonthlyCharge} answers {@code true}.
   */
  default boolean offersMonthlyCharges() {
    return false;
  }

  /**
   * Applies {@code charge} in one atomic step if the store offers such a step and the charge's
   * conditions hold on the rows' current columns (see {@link MonthlyCharge}); returns empty, having
   * changed nothing, otherwise. The engine then runs the charge through {@link #inTransaction},
   * which decides it, replays a stored outcome for the key, or refuses it.
   *
   * <p>The default offers no such step and always returns empty. A database store overrides it with
   * one statement, so the common charge costs one round trip and holds no lock across round trips.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails; the engine then runs the
   *     charge through {@link #inTransaction}, where the key tells whether it was applied
   */
  default Optional<MonthlyCharge.Applied> tryMonthlyCharge(MonthlyCharge charge) {
    return Optional.empty();
  }

  /** The committed account of {@code clinic}, read without locking. */
  Optional<AccountRecord> findAccount(ClinicId clinic);

  /** The committed period row of {@code clinic} that starts at {@code periodStart}. */
  Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart);

  /** Up to {@code limit} clinics that have a pending reservation expired at {@code now}. */
  List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit);

  /**
   * Deletes up to {@code limit} idempotency records created before {@code createdBefore} and returns
   * how many it deleted.
   */
  int purgeIdempotencyKeys(Instant createdBefore, int limit);

  /** The ledger of {@code clinic} with entries at {@code [from, to)}, in append order. */
  List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to);

  /** Every period row of {@code clinic}, oldest first. */
  List<PeriodRecord> periods(ClinicId clinic);

  /** The reservations of {@code clinic} taken in the period starting at {@code periodStart}. */
  List<ReservationRecord> reservations(ClinicId clinic, Instant periodStart);

  /** The billing lines of {@code clinic}, in append order. */
  List<BillingLine> billingLines(ClinicId clinic);

  /** The work run inside {@link #inTransaction}. */
  @FunctionalInterface
  interface TransactionWork<T> {
    /** Runs against the open transaction. */
    T run(QuotaTransaction tx);
  }
}
