package com.bnaura.quota.testing;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that hands every call to another: a test overrides the calls it watches or breaks and
 * leaves the rest to the real store.
 */
public class ForwardingQuotaStore implements QuotaStore {
  private final QuotaStore delegate;

  /** A store forwarding to {@code delegate}. */
  public ForwardingQuotaStore(QuotaStore delegate) {
    this.delegate = delegate;
  }

  /** The store calls go to. */
  public QuotaStore delegate() {
    return delegate;
  }

  @Override
  public ClinicSnapshot load(LoadRequest request) {
    return delegate.load(request);
  }

  @Override
  public void apply(WriteSet writes) {
    delegate.apply(writes);
  }

  @Override
  public <T> T locked(ClinicId clinic, java.util.function.Supplier<T> work) {
    return delegate.locked(clinic, work);
  }

  @Override
  public Optional<AccountRecord> findAccount(ClinicId clinic) {
    return delegate.findAccount(clinic);
  }

  @Override
  public Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart) {
    return delegate.findPeriod(clinic, periodStart);
  }

  @Override
  public List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit) {
    return delegate.clinicsWithExpiredReservations(now, limit);
  }

  @Override
  public int purgeIdempotencyKeys(Instant createdBefore, int limit) {
    return delegate.purgeIdempotencyKeys(createdBefore, limit);
  }

  @Override
  public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
    return delegate.clinics(after, limit);
  }

  @Override
  public List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to) {
    return delegate.ledger(clinic, from, to);
  }

  @Override
  public List<PeriodRecord> periods(ClinicId clinic) {
    return delegate.periods(clinic);
  }

  @Override
  public List<ReservationRecord> reservations(ClinicId clinic, Instant periodStart) {
    return delegate.reservations(clinic, periodStart);
  }

  @Override
  public List<BillingLine> billingLines(ClinicId clinic) {
    return delegate.billingLines(clinic);
  }

  @Override
  public List<ClinicId> clinicsWithOpenPayments(int limit) {
    return delegate.clinicsWithOpenPayments(limit);
  }

  @Override
  public List<com.bnaura.quota.spi.PaymentRecord> payments(ClinicId clinic) {
    return delegate.payments(clinic);
  }

  @Override
  public List<GrantRecord> grants(ClinicId clinic) {
    return delegate.grants(clinic);
  }

  @Override
  public List<BudgetRecord> budgets(ClinicId clinic) {
    return delegate.budgets(clinic);
  }

  @Override
  public List<EventRecord> claimEvents(Instant now, Instant until, int limit) {
    return delegate.claimEvents(now, until, limit);
  }

  @Override
  public boolean updateDelivery(EventRecord event) {
    return delegate.updateDelivery(event);
  }

  @Override
  public List<EventRecord> events(ClinicId clinic, long afterVersion, int afterIndex, int limit) {
    return delegate.events(clinic, afterVersion, afterIndex, limit);
  }

  @Override
  public List<EventRecord> latestEvents(ClinicId clinic, java.util.Set<String> types,
      int limit) {
    return delegate.latestEvents(clinic, types, limit);
  }

  @Override
  public List<EventRecord> eventsIn(DeliveryState state, int limit) {
    return delegate.eventsIn(state, limit);
  }

  @Override
  public Optional<EventRecord> event(String id) {
    return delegate.event(id);
  }

  @Override
  public int purgeEvents(Instant before, int limit) {
    return delegate.purgeEvents(before, limit);
  }

  @Override
  public boolean holdLease(String name, String holder, Instant now, Instant until) {
    return delegate.holdLease(name, holder, now, until);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
