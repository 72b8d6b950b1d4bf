package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.jdbc.internal.schema.tables.records.AiUsageLogsRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBillingLineRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.MonthlyCharge;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore.TransactionWork;
import com.bnaura.quota.spi.ReservationRecord;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transaction loop and row mapping behind {@code JdbcQuotaStore}. */
public final class JdbcStoreSupport {
  private static final Logger log = LoggerFactory.getLogger(JdbcStoreSupport.class);

  private final DSLContext dsl;
  private final int maxAttempts;
  private final LongAdder retries = new LongAdder();
  private final PostgresMonthlyCharge monthlyCharge;
  private final MonthlyChargeBatcher batcher;
  private final DurabilityCheck durability;

  /**
   * Support over {@code dsl}, trying each transaction up to {@code maxAttempts} times; with {@code
   * oneStatementCharges}, monthly charges on PostgreSQL take one statement, which carries up to
   * {@code maxCharges} charges of concurrent callers with up to {@code maxStatements} such
   * statements in flight ({@code maxCharges} 1: each charge alone, at once). Every transaction
   * that commits is followed by {@code durability}'s check on the same connection where it asks
   * for one (an embedded H2 file database).
   */
  public JdbcStoreSupport(DSLContext dsl, int maxAttempts, boolean oneStatementCharges,
      int maxCharges, int maxStatements, DurabilityCheck durability) {
    this.dsl = dsl;
    this.maxAttempts = maxAttempts;
    this.durability = durability;
    this.monthlyCharge = oneStatementCharges && dsl.dialect().family() == SQLDialect.POSTGRES
        ? new PostgresMonthlyCharge() : null;
    this.batcher = monthlyCharge != null && maxCharges > 1
        ? new MonthlyChargeBatcher(dsl, monthlyCharge, maxCharges, maxStatements) : null;
  }

  /** Whether monthly charges can take one statement here (PostgreSQL, unless turned off). */
  public boolean offersMonthlyCharges() {
    return monthlyCharge != null;
  }

  /**
   * Applies a monthly charge in one statement where the dialect has one (PostgreSQL), else returns
   * empty. A transient failure (a broken connection, a serialization failure) counts as a retry:
   * the engine runs the charge again through {@link #inTransaction}.
   *
   * @throws QuotaStoreException if the statement fails other than on an existing key
   */
  public java.util.Optional<MonthlyCharge.Applied> tryMonthlyCharge(MonthlyCharge charge) {
    if (monthlyCharge == null) {
      return java.util.Optional.empty();
    }
    try {
      return batcher != null ? batcher.apply(charge) : monthlyCharge.apply(dsl, charge);
    } catch (DataAccessException e) {
      String state = SqlFailures.sqlState(e);
      if (SqlFailures.retryable(e)) {
        retries.increment();
        log.debug("one-step charge on clinic {} failed with SQLSTATE {}; the transaction runs it",
            charge.clinic(), state);
      }
      throw new QuotaStoreException("one-step charge on clinic " + charge.clinic() + " (SQLSTATE "
          + state + ")", e);
    }
  }

  /**
   * Runs {@code work} in one database transaction with the clinic's account row locked, retrying
   * the whole transaction on a transient failure.
   *
   * @throws QuotaStoreException when the database fails for good; nothing was written then, or (if
   *     the failure came after the commit) the outcome is unknown until retried with the same key
   */
  public <T> T inTransaction(ClinicId clinic, TransactionWork<T> work) {
    return run(clinic, work, false);
  }

  /**
   * Like {@link #inTransaction} but locks the account row with {@code FOR UPDATE SKIP LOCKED}, and
   * returns empty when another transaction holds it.
   */
  public <T> java.util.Optional<T> inTransactionIfFree(ClinicId clinic, TransactionWork<T> work) {
    try {
      return java.util.Optional.of(run(clinic, work, true));
    } catch (JdbcTransaction.ClinicBusy busy) {
      return java.util.Optional.empty();
    }
  }

  private <T> T run(ClinicId clinic, TransactionWork<T> work, boolean skipLocked) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction(cfg -> {
          JdbcTransaction tx = new JdbcTransaction(DSL.using(cfg), clinic, skipLocked);
          T result = work.run(tx);
          tx.flush();
          return result;
        });
      } catch (DataAccessException e) {
        String state = SqlFailures.sqlState(e);
        if (attempt < maxAttempts && SqlFailures.retryable(e)) {
          retries.increment();
          log.debug("retrying transaction on clinic {} after SQLSTATE {} (attempt {})", clinic,
              state, attempt);
          pause(attempt);
          continue;
        }
        throw new QuotaStoreException("transaction on clinic " + clinic + " (SQLSTATE " + state
            + ", attempt " + attempt + " of " + maxAttempts + ")", e);
      }
    }
  }

  /**
   * Runs {@code body} in one transaction; where the durability check asks for it, the transaction
   * and the check after its commit share one connection, so the caller hears of the commit only
   * once it is in the database file.
   */
  private <T> T transaction(org.jooq.TransactionalCallable<T> body) {
    if (!durability.guardsCommits()) {
      return dsl.transactionResult(body);
    }
    return dsl.connectionResult(connection -> {
      T result = DSL.using(dsl.configuration().derive(connection)).transactionResult(body);
      durability.afterCommit(connection);
      return result;
    });
  }

  /**
   * Runs a read, retrying it twice when the connection broke (a pooled connection the server
   * dropped is only found out when used).
   */
  public <T> T read(String operation, java.util.function.Supplier<T> query) {
    for (int attempt = 1; ; attempt++) {
      try {
        return query.get();
      } catch (DataAccessException e) {
        if (attempt < 3 && SqlFailures.connectionFailure(e)) {
          retries.increment();
          continue;
        }
        throw new QuotaStoreException(operation, e);
      }
    }
  }

  /** Transactions run again after a transient failure, since this store was created. */
  public long retries() {
    return retries.sum();
  }

  private static void pause(int attempt) {
    long bound = Math.min(50, 2L << Math.min(attempt, 5));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuotaStoreException("transaction retry", e);
    }
  }

  /** Deletes up to {@code limit} idempotency records created before {@code before}. */
  public int purgeKeys(Instant before, int limit) {
    return Dialects.purgeKeys(dsl, RecordMappers.micros(before), limit);
  }

  /** Epoch microseconds of {@code instant}. */
  public static long micros(Instant instant) {
    return RecordMappers.micros(instant);
  }

  /** Epoch microseconds of {@code instant}, saturated at the {@code long} range (for query bounds). */
  public static long clampedMicros(Instant instant) {
    try {
      return RecordMappers.micros(instant);
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Maps an account row. */
  public static AccountRecord account(QuotaClinicAccountRecord r) {
    return RecordMappers.account(r);
  }

  /** Maps a period row. */
  public static PeriodRecord period(UsageMetricsRecord r) {
    return RecordMappers.period(r);
  }

  /** Maps a reservation row. */
  public static ReservationRecord reservation(QuotaReservationRecord r) {
    return RecordMappers.reservation(r);
  }

  /** Maps a ledger row. */
  public static LedgerEntry ledger(AiUsageLogsRecord r) {
    return RecordMappers.ledger(r);
  }

  /** Maps a billing row. */
  public static BillingLine billing(QuotaBillingLineRecord r) {
    return RecordMappers.billing(r);
  }
}
