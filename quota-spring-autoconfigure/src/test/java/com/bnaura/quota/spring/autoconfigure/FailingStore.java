package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store whose database is down: every call fails. */
final class FailingStore implements QuotaStore {
  @Override
  public ClinicSnapshot load(LoadRequest request) {
    throw failure();
  }

  @Override
  public void apply(WriteSet writes) {
    throw failure();
  }

  @Override
  public Optional<AccountRecord> findAccount(ClinicId clinic) {
    throw failure();
  }

  @Override
  public Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart) {
    throw failure();
  }

  @Override
  public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
    throw failure();
  }

  @Override
  public List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit) {
    throw failure();
  }

  @Override
  public int purgeIdempotencyKeys(Instant createdBefore, int limit) {
    throw failure();
  }

  @Override
  public List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to) {
    throw failure();
  }

  @Override
  public List<PeriodRecord> periods(ClinicId clinic) {
    throw failure();
  }

  @Override
  public List<ReservationRecord> reservations(ClinicId clinic, Instant periodStart) {
    throw failure();
  }

  @Override
  public List<BillingLine> billingLines(ClinicId clinic) {
    throw failure();
  }

  @Override
  public List<GrantRecord> grants(ClinicId clinic) {
    throw failure();
  }

  @Override
  public List<BudgetRecord> budgets(ClinicId clinic) {
    throw failure();
  }

  private static QuotaStoreException failure() {
    return new QuotaStoreException("read",
        new SQLException("connection refused"));
  }
}
