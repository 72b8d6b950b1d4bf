package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the quota service keeps its state. The engine decides every operation in Java; the store
 * loads what a decision reads and applies what it writes, and knows no rule.
 *
 * <p>Two calls carry every write: {@link #load} reads one clinic's state a decision needs (its
 * account, its current period and the point records the request names) in one round trip, and
 * {@link #apply} writes the decision's {@link WriteSet} atomically, all or nothing, if the clinic is
 * still at the version it was read at, and throws {@link WriteConflict} otherwise. Neither holds a
 * lock between calls, so no lock is held across the host's AI call. The engine decides again on a
 * conflict; a store never decides anything itself. Any failure of the store surfaces as {@link
 * com.bnaura.quota.QuotaStoreException}; a store never turns a failure into an empty answer or a
 * conflict into a success.
 *
 * <p>Implementations: {@link #inMemory()} (thread-safe, exact, the reference) and the JDBC store of
 * {@code quota-jdbc}. Both pass the {@code QuotaStoreContract} and {@code StoreSpiContract} of
 * the store contract kit, {@code aura-quota-store-tck}.
 */
public interface QuotaStore {

  /** A new, empty, thread-safe store that keeps everything in this JVM's memory. */
  static QuotaStore inMemory() {
    return new InMemoryQuotaStore();
  }

  /**
   * Loads the committed state of {@code request.clinic()} that the request names (see {@link
   * LoadRequest} and {@link ClinicSnapshot}), as of one instant, in one round trip.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  ClinicSnapshot load(LoadRequest request);

  /**
   * Writes {@code writes} atomically if its clinic is at {@link WriteSet#readVersion()} (for a new
   * account: if the clinic has none), none of its inserted rows exists and every period,
   * reservation and repeat window it updates does (a stored outcome it updates is written either
   * way, since purging old keys does not move the clinic), moving the clinic to
   * {@link WriteSet#nextVersion()}; a store may send the write-sets of concurrent callers on
   * different clinics in one transaction, but each applies or conflicts on its own. Returns once
   * the write is durable as far as the store promises.
   *
   * @throws WriteConflict if the clinic moved, an inserted row exists or an updated one does not;
   *     nothing was written
   * @throws com.bnaura.quota.QuotaStoreException if the store fails; whether the write-set was
   *     applied is then unknown, and the engine's idempotency key tells on a retry
   */
  void apply(WriteSet writes);

  /**
   * Runs {@code work} holding {@code clinic} against every other writer of the store: the engine's
   * way out for a clinic whose write-sets keep conflicting because other instances keep writing it
   * first, so that its next decision applies. The {@link #load} and {@link #apply} calls {@code
   * work} makes on this thread for {@code clinic} run under the lock, in one transaction where the
   * store has them: a load reads what was committed once the lock was taken, and the write-set
   * {@code work} applies, at most one and as its last step, is durable when this returns. Other
   * writers of the clinic wait until then, and then conflict, since the clinic moved. Nothing else
   * may be called on this thread meanwhile.
   *
   * <p>The default runs {@code work} as it is, without a lock: its apply may still conflict, and
   * the engine then decides again. The in-memory and JDBC stores hold the lock.
   *
   * @param clinic the clinic to hold
   * @param work loads {@code clinic}, decides, and applies at most one write-set of it
   * @param <T> what {@code work} returns
   * @return what {@code work} returned
   * @throws WriteConflict if the apply conflicted all the same; nothing was written
   * @throws com.bnaura.quota.QuotaStoreException if the store fails; when that is at the commit,
   *     whether the write-set applied is unknown
   */
  default <T> T locked(ClinicId clinic, Supplier<T> work) {
    return work.get();
  }

  /** The committed account of {@code clinic}, read without locking. */
  Optional<AccountRecord> findAccount(ClinicId clinic);

  /** The committed period row of {@code clinic} that starts at {@code periodStart}. */
  Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart);

  /**
   * Up to {@code limit} registered clinics whose ids follow {@code after} (from the first when
   * empty), in the store's ascending order of ids, read without locking: the cursor of a walk over
   * every clinic, such as {@link com.bnaura.quota.QuotaService#reconcileSome}. The order is the
   * store's own (a database's collation) and the same on every call.
   *
   * <p>The default throws {@link UnsupportedOperationException}: a store that cannot list its
   * clinics can still reconcile one named clinic. The in-memory and JDBC stores implement it.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  default List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list its clinics");
  }

  /** Up to {@code limit} clinics that have a pending reservation expired at {@code now}. */
  List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit);

  /**
   * Up to {@code limit} clinics that have an open payment ({@link PaymentRecord#isOpen()}), read
   * without locking: what {@link com.bnaura.quota.QuotaService#resumePayments} drives on. The
   * default throws {@link UnsupportedOperationException}; the in-memory and JDBC stores implement
   * it.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  default List<ClinicId> clinicsWithOpenPayments(int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list open payments");
  }

  /**
   * Every payment of {@code clinic}, open or not, oldest first (by {@code createdAt}, then key):
   * for audits and tests. The default throws {@link UnsupportedOperationException}; the in-memory
   * and JDBC stores implement it.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  default List<PaymentRecord> payments(ClinicId clinic) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list payments");
  }

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

  /**
   * The ledger entries of {@code clinic} with the idempotency key {@code key} or that reverse it
   * ({@link LedgerEntry#reverses()}), in append order: what a receipt, and a reversal of the
   * charge, is read from. The default reads the clinic's whole ledger; a store with an index on
   * the clinic and key overrides it.
   */
  default List<LedgerEntry> ledgerByKey(ClinicId clinic, IdempotencyKey key) {
    return ledger(clinic, Instant.MIN, Instant.MAX).stream()
        .filter(e -> e.key().filter(key::equals).isPresent()
            || e.reverses().filter(key::equals).isPresent())
        .toList();
  }

  /** The billing lines of {@code clinic}, in append order. */
  List<BillingLine> billingLines(ClinicId clinic);

  /**
   * Every add-on grant of {@code clinic}, open or not, oldest first (by {@code createdAt}, then
   * id). A decision reads the open ones from {@link ClinicSnapshot#grants()}; this read is for
   * statements, audits and reconciliation.
   */
  List<GrantRecord> grants(ClinicId clinic);

  /**
   * Every branch and staff budget row of {@code clinic}, branches first, each kind by id. A
   * decision reads the rows it needs from {@link ClinicSnapshot#budgets()}; this read is for the
   * owner's view of branches and staff.
   */
  List<BudgetRecord> budgets(ClinicId clinic);

  // ---- the outbox: events are written by apply (WriteSet#events) and delivered by these ----

  /**
   * Claims up to {@code limit} pending events due at {@code now} ({@link EventRecord#state()}
   * {@code PENDING} and {@link EventRecord#nextAttemptAt()} not after {@code now}), in the order
   * they were written, and moves each one's {@code nextAttemptAt} to {@code until} in the same
   * transaction, so no other claim takes it before then: a dispatcher that dies with events in
   * hand leaves them to be claimed again once {@code until} passes. Rows another transaction is
   * claiming are skipped, not waited for ({@code FOR UPDATE SKIP LOCKED}). Returns the claimed
   * events as they now stand.
   *
   * @throws com.bnaura.quota.QuotaStoreException if the store fails
   */
  default List<EventRecord> claimEvents(Instant now, Instant until, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /**
   * Writes the delivery fields of {@code event} ({@code state}, {@code attempts},
   * {@code nextAttemptAt}, {@code deliveredTo}, {@code lastError}) over the stored event with its
   * id; the rest of the stored event is never changed. Returns false if no such event is stored.
   */
  default boolean updateDelivery(EventRecord event) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /**
   * Up to {@code limit} events of {@code clinic} after the position ({@code afterVersion},
   * {@code afterIndex}), in position order (version, then index): the clinic's events in the order
   * its changes committed. Start from (0, 0) for the first.
   */
  default List<EventRecord> events(ClinicId clinic, long afterVersion, int afterIndex, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /**
   * Up to {@code limit} of the latest events of {@code clinic} whose type is one of {@code types}
   * (every type when empty), newest first (by version, then index, descending): what an owner's
   * recent-alerts list reads without paging through the clinic's whole outbox.
   */
  default List<EventRecord> latestEvents(ClinicId clinic, java.util.Set<String> types,
      int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /** Up to {@code limit} events in {@code state}, of every clinic, in the order written. */
  default List<EventRecord> eventsIn(DeliveryState state, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /** The event with {@code id}, of any clinic. */
  default Optional<EventRecord> event(String id) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /**
   * Deletes up to {@code limit} delivered events that occurred before {@code before}; returns how
   * many it deleted.
   */
  default int purgeEvents(Instant before, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no outbox");
  }

  /**
   * Takes or renews the lease {@code name} for {@code holder} until {@code until}, if it is free,
   * expired at {@code now} or already {@code holder}'s; returns whether {@code holder} holds it.
   * Two callers never both hold one lease at one instant of the store's: what keeps one
   * dispatcher active per database.
   */
  default boolean holdLease(String name, String holder, Instant now, Instant until) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no leases");
  }
}
