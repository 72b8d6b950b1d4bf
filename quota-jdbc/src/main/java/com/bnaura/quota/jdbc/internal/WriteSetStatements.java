package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.AI_USAGE_LOGS;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_AUTO_TOP_UP;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_BILLING_LINE;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_BUDGET;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_CLINIC_ACCOUNT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_EVENT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_GRANT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_IDEMPOTENCY;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_PAYMENT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_REPEAT_WINDOW;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_RESERVATION;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_USAGE_COUNTER;
import static com.bnaura.quota.jdbc.internal.schema.Tables.USAGE_METRICS;

import com.bnaura.quota.jdbc.internal.schema.tables.records.AiUsageLogsRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBillingLineRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaEventRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBudgetRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaGrantRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaIdempotencyRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaRepeatWindowRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaUsageCounterRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaAutoTopUpRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaPaymentRecord;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.UsageCounter;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteSet;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.InsertSetMoreStep;
import org.jooq.Query;

/**
 * The statements that write one {@link WriteSet} as one JDBC batch, values inlined, each naming its
 * clinic alone, and which of their update counts must be 1 for the write-set to stand: how MariaDB
 * writes a write-set (PostgreSQL and H2 write it with one statement, {@link
 * SingleStatementWriteSets}), and PostgreSQL the rare write-set one statement cannot hold.
 *
 * <p>The first statement moves the account: an {@code UPDATE ... WHERE clinic_id = ? AND version =
 * ?} from the version read to the next (or, for a new account, an {@code INSERT} at version 1). An
 * update count of 0 there means the clinic moved since the decision read it. The same holds for
 * the update of a row the decision read: the version check makes a missing row impossible unless
 * something outside the store deleted it, and the decision must then be made again too. Rows the
 * decision inserts are plain {@code INSERT}s, so one that exists by then fails the batch with a
 * duplicate key; so are its outbox events, and an event whose id exists fails it the same way.
 * Stored outcomes the decision read are written with an upsert, because the purge of old keys
 * deletes them without moving the clinic's version.
 */
final class WriteSetStatements {
  final WriteSet writes;
  final List<Query> queries = new ArrayList<>();
  /** Indexes into {@link #queries} whose update count must not be 0; the account's is first. */
  final List<Integer> mustMatch = new ArrayList<>();
  /** What each index of {@link #mustMatch} writes, for the conflict's message. */
  final List<String> matchNames = new ArrayList<>();

  WriteSetStatements(DSLContext dsl, WriteSet writes) {
    this.writes = writes;
    String clinic = writes.clinic().value();
    long ledgerSeq = writes.ledgerSize() + writes.ledger().size();
    QuotaClinicAccountRecord account = RecordMappers.account(writes.account(), ledgerSeq);
    account.setVersion(writes.nextVersion());
    if (writes.newAccount()) {
      queries.add(dsl.insertInto(QUOTA_CLINIC_ACCOUNT).set(account));
    } else {
      must("the account at version " + writes.readVersion(), dsl.update(QUOTA_CLINIC_ACCOUNT)
          .set(account)
          .where(QUOTA_CLINIC_ACCOUNT.CLINIC_ID.eq(clinic))
          .and(QUOTA_CLINIC_ACCOUNT.VERSION.eq(writes.readVersion())));
    }
    for (WriteSet.Row<PeriodRecord> p : writes.periods()) {
      UsageMetricsRecord row = RecordMappers.period(p.row());
      if (p.inserted()) {
        queries.add(dsl.insertInto(USAGE_METRICS).set(row));
      } else {
        must("period " + p.row().period(), dsl.update(USAGE_METRICS).set(row)
            .where(USAGE_METRICS.CLINIC_ID.eq(clinic))
            .and(USAGE_METRICS.PERIOD_START_US.eq(row.getPeriodStartUs())));
      }
    }
    for (WriteSet.Row<ReservationRecord> r : writes.reservations()) {
      QuotaReservationRecord row = RecordMappers.reservation(r.row());
      if (r.inserted()) {
        queries.add(dsl.insertInto(QUOTA_RESERVATION).set(row));
      } else {
        must("reservation " + r.row().id(), dsl.update(QUOTA_RESERVATION).set(row)
            .where(QUOTA_RESERVATION.CLINIC_ID.eq(clinic))
            .and(QUOTA_RESERVATION.RESERVATION_ID.eq(row.getReservationId())));
      }
    }
    for (WriteSet.Row<GrantRecord> g : writes.grants()) {
      QuotaGrantRecord row = RecordMappers.grant(g.row());
      if (g.inserted()) {
        queries.add(dsl.insertInto(QUOTA_GRANT).set(row));
      } else {
        must("grant " + g.row().id(), dsl.update(QUOTA_GRANT).set(row)
            .where(QUOTA_GRANT.CLINIC_ID.eq(clinic))
            .and(QUOTA_GRANT.GRANT_ID.eq(row.getGrantId())));
      }
    }
    for (WriteSet.Row<AutoTopUpRecord> a : writes.autoTopUps()) {
      QuotaAutoTopUpRecord row = RecordMappers.autoTopUp(a.row());
      if (a.inserted()) {
        queries.add(dsl.insertInto(QUOTA_AUTO_TOP_UP).set(row));
      } else {
        must("the auto top-up", dsl.update(QUOTA_AUTO_TOP_UP).set(row)
            .where(QUOTA_AUTO_TOP_UP.CLINIC_ID.eq(clinic)));
      }
    }
    for (WriteSet.Row<PaymentRecord> p : writes.payments()) {
      QuotaPaymentRecord row = RecordMappers.payment(p.row());
      if (p.inserted()) {
        queries.add(dsl.insertInto(QUOTA_PAYMENT).set(row));
      } else {
        must("payment " + p.row().key(), dsl.update(QUOTA_PAYMENT).set(row)
            .where(QUOTA_PAYMENT.CLINIC_ID.eq(clinic))
            .and(QUOTA_PAYMENT.PAYMENT_KEY.eq(row.getPaymentKey())));
      }
    }
    for (WriteSet.Row<BudgetRecord> b : writes.budgets()) {
      QuotaBudgetRecord row = RecordMappers.budget(b.row());
      if (b.inserted()) {
        queries.add(dsl.insertInto(QUOTA_BUDGET).set(row));
      } else {
        must("budget " + b.row().key(), dsl.update(QUOTA_BUDGET).set(row)
            .where(QUOTA_BUDGET.CLINIC_ID.eq(clinic))
            .and(QUOTA_BUDGET.SCOPE_KIND.eq(row.getScopeKind()))
            .and(QUOTA_BUDGET.HOLDER_ID.eq(row.getHolderId())));
      }
    }
    for (WriteSet.Row<UsageCounter> c : writes.counters()) {
      QuotaUsageCounterRecord row = RecordMappers.counter(c.row());
      if (c.inserted()) {
        queries.add(dsl.insertInto(QUOTA_USAGE_COUNTER).set(row));
      } else {
        must("counter " + c.row().key(), dsl.update(QUOTA_USAGE_COUNTER).set(row)
            .where(QUOTA_USAGE_COUNTER.CLINIC_ID.eq(clinic))
            .and(QUOTA_USAGE_COUNTER.COUNTER_ID.eq(row.getCounterId())));
      }
    }
    for (WriteSet.Row<IdempotencyRecord> k : writes.keys()) {
      QuotaIdempotencyRecord row = RecordMappers.idempotency(k.row());
      if (k.inserted()) {
        queries.add(dsl.insertInto(QUOTA_IDEMPOTENCY).set(row));
      } else {
        queries.add(dsl.insertInto(QUOTA_IDEMPOTENCY).set(row)
            .onDuplicateKeyUpdate()
            .set(QUOTA_IDEMPOTENCY.FINGERPRINT, row.getFingerprint())
            .set(QUOTA_IDEMPOTENCY.OUTCOME, row.getOutcome())
            .set(QUOTA_IDEMPOTENCY.CREATED_AT_US, row.getCreatedAtUs()));
      }
    }
    for (CustomerRefHash removed : writes.windowsRemoved()) {
      queries.add(dsl.deleteFrom(QUOTA_REPEAT_WINDOW)
          .where(QUOTA_REPEAT_WINDOW.CLINIC_ID.eq(clinic))
          .and(QUOTA_REPEAT_WINDOW.CUSTOMER_HASH.eq(removed.hex())));
    }
    for (WriteSet.Row<RepeatWindow> w : writes.windows()) {
      QuotaRepeatWindowRecord row = RecordMappers.window(w.row());
      if (w.inserted()) {
        queries.add(dsl.insertInto(QUOTA_REPEAT_WINDOW).set(row));
      } else {
        must("the window of " + w.row().customer(), dsl.update(QUOTA_REPEAT_WINDOW).set(row)
            .where(QUOTA_REPEAT_WINDOW.CLINIC_ID.eq(clinic))
            .and(QUOTA_REPEAT_WINDOW.CUSTOMER_HASH.eq(row.getCustomerHash())));
      }
    }
    if (!writes.ledger().isEmpty()) {
      long seq = writes.ledgerSize();
      InsertSetMoreStep<AiUsageLogsRecord> insert = null;
      for (LedgerEntry e : writes.ledger()) {
        AiUsageLogsRecord row = RecordMappers.ledger(e, ++seq);
        insert = insert == null ? dsl.insertInto(AI_USAGE_LOGS).set(row)
            : insert.newRecord().set(row);
      }
      queries.add(insert);
    }
    if (!writes.billing().isEmpty()) {
      InsertSetMoreStep<QuotaBillingLineRecord> insert = null;
      for (BillingLine b : writes.billing()) {
        QuotaBillingLineRecord row = RecordMappers.billing(b);
        insert = insert == null ? dsl.insertInto(QUOTA_BILLING_LINE).set(row)
            : insert.newRecord().set(row);
      }
      queries.add(insert);
    }
    if (!writes.events().isEmpty()) {
      InsertSetMoreStep<QuotaEventRecord> insert = null;
      for (EventRecord e : writes.events()) {
        QuotaEventRecord row = RecordMappers.event(e);
        insert = insert == null ? dsl.insertInto(QUOTA_EVENT).set(row)
            : insert.newRecord().set(row);
      }
      queries.add(insert);
    }
  }

  private void must(String what, Query query) {
    mustMatch.add(queries.size());
    matchNames.add(what);
    queries.add(query);
  }

  /**
   * What of this write-set did not match in {@code counts} (the batch's update counts, this
   * write-set's starting at {@code offset}), or {@code null} when everything matched.
   */
  String mismatch(int[] counts, int offset) {
    for (int i = 0; i < mustMatch.size(); i++) {
      int at = offset + mustMatch.get(i);
      // SUCCESS_NO_INFO (-2) is a driver that does not count; the account check then cannot be
      // trusted, so it is treated as a mismatch rather than a success
      if (at >= counts.length || counts[at] <= 0) {
        return matchNames.get(i) + " was not found";
      }
    }
    return null;
  }
}
