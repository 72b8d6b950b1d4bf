package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction on one locked clinic: reads see the transaction's own writes, and everything
 * written commits together or not at all.
 *
 * <p>Every method is scoped to {@link #clinic()}: a reservation, key or window of another clinic is
 * never found here, and a record of another clinic is refused.
 */
public interface QuotaTransaction {

  /** The clinic this transaction holds. */
  ClinicId clinic();

  /** The clinic's account, locked. */
  Optional<AccountRecord> account();

  /** Inserts or replaces the clinic's account. */
  void putAccount(AccountRecord account);

  /** The clinic's period row starting at {@code periodStart}. */
  Optional<PeriodRecord> period(Instant periodStart);

  /** Inserts or replaces a period row. */
  void putPeriod(PeriodRecord period);

  /** The stored outcome for {@code key}, whatever its age. */
  Optional<IdempotencyRecord> idempotency(IdempotencyKey key);

  /** Inserts or replaces the stored outcome for its key. */
  void putIdempotency(IdempotencyRecord record);

  /** The clinic's reservation {@code id}. */
  Optional<ReservationRecord> reservation(ReservationId id);

  /** Inserts or replaces a reservation. */
  void putReservation(ReservationRecord reservation);

  /** The clinic's pending reservations whose expiry is at or before {@code now}. */
  List<ReservationRecord> expiredReservations(Instant now);

  /** The repeat-scan window of {@code customer}, whatever its age. */
  Optional<RepeatWindow> repeatWindow(CustomerRefHash customer);

  /** Inserts or replaces a repeat-scan window. */
  void putRepeatWindow(RepeatWindow window);

  /** Removes the repeat-scan window of {@code customer}, if any. */
  void removeRepeatWindow(CustomerRefHash customer);

  /** Appends a ledger entry. */
  void append(LedgerEntry entry);

  /** Appends a billing line. */
  void append(BillingLine line);
}
