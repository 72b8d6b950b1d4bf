package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_CLINIC_ACCOUNT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.USAGE_METRICS;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.jdbc.internal.schema.tables.records.AiUsageLogsRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBillingLineRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaBudgetRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaGrantRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load and apply paths behind {@code JdbcQuotaStore}: one statement per load, one batch and
 * one commit per apply (shared with concurrent callers' write-sets through {@link GroupCommit}),
 * the retry of transient failures, and row mapping.
 */
public final class JdbcStoreSupport {
  private static final Logger log = LoggerFactory.getLogger(JdbcStoreSupport.class);

  private final DSLContext dsl;
  private final ClinicLoader loader;
  private final int maxAttempts;
  private final LongAdder retries = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final DurabilityCheck durability;
  private final GroupCommit group;
  /** How PostgreSQL and H2 write a write-set in one statement; {@code null} on MariaDB. */
  private final SingleStatementWriteSets single;
  /** Whether {@link #write} sets its transactions to {@code READ COMMITTED} (MariaDB). */
  private final boolean readCommitted;
  /** The transaction of the {@link #locked} run under way on this thread, if any. */
  private final ThreadLocal<Held> held = new ThreadLocal<>();

  /**
   * Support over {@code dsl}, trying each apply up to {@code maxAttempts} times on a transient
   * failure; with {@code maxWriteSets} above 1, concurrent applies on different clinics share a
   * transaction, up to {@code maxWriteSets} in one, with up to {@code maxInFlight} such
   * transactions at once. Every transaction that commits is followed by {@code durability}'s check
   * on the same connection where it asks for one (an embedded H2 file database).
   */
  public JdbcStoreSupport(DSLContext dsl, int maxAttempts, int maxWriteSets, int maxInFlight,
      DurabilityCheck durability) {
    this.dsl = dsl;
    this.loader = new ClinicLoader(dsl);
    this.maxAttempts = maxAttempts;
    this.durability = durability;
    this.group = maxWriteSets > 1 ? new GroupCommit(this, maxWriteSets, maxInFlight) : null;
    this.single = dsl.dialect().family() == org.jooq.SQLDialect.MARIADB ? null
        : new SingleStatementWriteSets(dsl);
    this.readCommitted = dsl.dialect().family() == org.jooq.SQLDialect.MARIADB;
  }

  /**
   * Loads what {@code request} names in one statement (see {@link ClinicLoader}); in the {@link
   * #locked} run of its clinic on this thread, in that run's transaction.
   */
  public ClinicSnapshot load(LoadRequest request) {
    Held h = held.get();
    if (h != null && h.clinic.equals(request.clinic())) {
      return loader.load(h.tx, request);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return loader.load(request);
      } catch (DataAccessException e) {
        String state = SqlFailures.sqlState(e);
        if (attempt < maxAttempts && SqlFailures.retryable(e)) {
          retries.increment();
          pause(attempt);
          continue;
        }
        throw new QuotaStoreException("load clinic " + request.clinic() + " (SQLSTATE " + state
            + ", attempt " + attempt + " of " + maxAttempts + ")", e);
      }
    }
  }

  /**
   * Applies {@code writes}, in a transaction of its own or shared with other callers' write-sets.
   *
   * @throws WriteConflict if the clinic moved or an inserted row exists; nothing was written
   * @throws QuotaStoreException if the database failed; when the failure came at or after the
   *     commit, whether the write-set applied is unknown
   */
  public void apply(WriteSet writes) {
    Held h = held.get();
    if (h != null && h.clinic.equals(writes.clinic())) {
      h.apply(writes);
      return;
    }
    if (group != null) {
      group.apply(writes);
    } else {
      applyAlone(writes);
    }
  }

  /**
   * Runs {@code work} in one transaction that first locks {@code clinic}'s rows in the order every
   * write-set's statement locks them (on PostgreSQL the period rows, then the account; elsewhere
   * the account, which each write-set moves first), so a write-set in flight on the clinic is
   * waited for rather than deadlocked with, and every later one waits and then conflicts. The
   * loads and the apply of {@code clinic} that {@code work} makes on this thread join the
   * transaction, which commits when {@code work} returns. A transient failure before the commit
   * (a deadlock, a broken connection) runs {@code work} again, up to the store's attempts.
   *
   * @throws WriteConflict if {@code work}'s apply did not match or met an existing row
   * @throws QuotaStoreException if the database failed; at the commit, with the outcome unknown
   */
  public <T> T locked(ClinicId clinic, Supplier<T> work) {
    if (held.get() != null) {
      throw new IllegalStateException("this thread already holds clinic " + held.get().clinic);
    }
    for (int attempt = 1; ; attempt++) {
      Held h = new Held(clinic);
      boolean[] ran = new boolean[1];
      try {
        T result = transaction(cfg -> {
          h.tx = DSL.using(cfg);
          lock(h.tx, clinic);
          held.set(h);
          try {
            T r = work.get();
            ran[0] = true;
            return r;
          } finally {
            held.remove();
          }
        });
        if (h.applied) {
          commits.increment();
        }
        return result;
      } catch (DataAccessException e) {
        String state = SqlFailures.sqlState(e);
        if (!ran[0] && attempt < maxAttempts && SqlFailures.retryable(e)
            && !SqlFailures.duplicateKey(e)) {
          retries.increment();
          log.debug("running the locked run on clinic {} again after SQLSTATE {} (attempt {})",
              clinic, state, attempt);
          pause(attempt);
          continue;
        }
        throw new QuotaStoreException("locked run on clinic " + clinic + " (SQLSTATE " + state
            + (ran[0] && h.applied ? ", at the commit: whether it applied is unknown" : "")
            + ", attempt " + attempt + " of " + maxAttempts + ")", e);
      }
    }
  }

  /** Locks {@code clinic}'s rows for {@link #locked}: they stay locked until its commit. */
  private void lock(DSLContext tx, ClinicId clinic) {
    if (tx.dialect().family() == org.jooq.SQLDialect.POSTGRES) {
      tx.select(DSL.one()).from(USAGE_METRICS)
          .where(USAGE_METRICS.CLINIC_ID.eq(clinic.value()))
          .orderBy(USAGE_METRICS.PERIOD_START_US)
          .forUpdate()
          .fetch();
    }
    tx.select(DSL.one()).from(QUOTA_CLINIC_ACCOUNT)
        .where(QUOTA_CLINIC_ACCOUNT.CLINIC_ID.eq(clinic.value()))
        .forUpdate()
        .fetch();
  }

  /** The transaction of a {@link #locked} run, and whether its work applied a write-set. */
  private final class Held {
    final ClinicId clinic;
    DSLContext tx;
    boolean applied;

    Held(ClinicId clinic) {
      this.clinic = clinic;
    }

    /** Writes {@code writes} in the run's transaction, or throws {@link WriteConflict}. */
    void apply(WriteSet writes) {
      if (applied) {
        throw new IllegalStateException("a locked run applies one write-set, clinic " + clinic);
      }
      Map<Integer, String> conflicts;
      try {
        conflicts = single != null ? singleStatements(tx, List.of(writes))
            : staticBatch(tx, List.of(writes), List.of(0));
      } catch (RuntimeException e) {
        if (SqlFailures.duplicateKey(e)) {
          throw new WriteConflict(writes.clinic(), "a row it inserts exists (SQLSTATE "
              + SqlFailures.sqlState(e) + ")");
        }
        throw e;
      }
      if (!conflicts.isEmpty()) {
        throw new WriteConflict(writes.clinic(), conflicts.values().iterator().next());
      }
      applied = true;
    }
  }

  /** How a batch of write-sets ended. */
  static final class Outcome {
    /** The write-sets that conflicted (the transaction was rolled back), by index; or empty. */
    final Map<Integer, String> conflicts;

    Outcome(Map<Integer, String> conflicts) {
      this.conflicts = conflicts;
    }
  }

  /** Thrown inside the transaction to roll it back when a write-set did not match. */
  private static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Map<Integer, String> conflicts;

    Mismatch(Map<Integer, String> conflicts) {
      super(null, null, false, false);
      this.conflicts = conflicts;
    }
  }

  /**
   * A failure of one transaction, telling whether it came before the commit was sent (nothing was
   * written) or at or after it (the outcome is unknown).
   */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean atCommit;

    Failed(RuntimeException cause, boolean atCommit) {
      super(cause.getMessage(), cause, false, false);
      this.atCommit = atCommit;
    }

    RuntimeException failure() {
      return (RuntimeException) getCause();
    }
  }

  /**
   * Runs every write-set of {@code batch} in one transaction: one JDBC batch, then the commit. If
   * any write-set did not match, rolls back and returns which; otherwise commits and returns no
   * conflicts.
   *
   * @throws Failed if the database failed, saying whether before or at the commit
   */
  Outcome once(List<WriteSet> batch) {
    boolean[] sent = new boolean[1];
    try {
      transaction(cfg -> {
        DSLContext tx = DSL.using(cfg);
        Map<Integer, String> conflicts = single != null ? singleStatements(tx, batch)
            : staticBatch(tx, batch, allOf(batch));
        if (!conflicts.isEmpty()) {
          throw new Mismatch(conflicts);
        }
        sent[0] = true;
        return null;
      });
      commits.increment();
      return new Outcome(Map.of());
    } catch (Mismatch m) {
      return new Outcome(m.conflicts);
    } catch (RuntimeException e) {
      throw new Failed(e, sent[0]);
    }
  }

  private static List<Integer> allOf(List<WriteSet> batch) {
    List<Integer> all = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      all.add(i);
    }
    return all;
  }

  /**
   * Writes the write-sets of {@code batch} at {@code indexes} as one JDBC batch of their {@link
   * WriteSetStatements}, values inlined; returns those that did not match, by index.
   */
  private static Map<Integer, String> staticBatch(DSLContext tx, List<WriteSet> batch,
      List<Integer> indexes) {
    Map<Integer, String> conflicts = new LinkedHashMap<>();
    if (indexes.isEmpty()) {
      return conflicts;
    }
    List<Query> queries = new ArrayList<>();
    List<WriteSetStatements> statements = new ArrayList<>(indexes.size());
    int[] offsets = new int[indexes.size()];
    for (int i = 0; i < indexes.size(); i++) {
      WriteSetStatements s = new WriteSetStatements(tx, batch.get(indexes.get(i)));
      offsets[i] = queries.size();
      queries.addAll(s.queries);
      statements.add(s);
    }
    int[] counts;
    try {
      counts = queries.size() == 1 ? new int[] {queries.get(0).execute()}
          : tx.batch(queries).execute();
    } catch (AssertionError e) {
      throw brokenConnection(tx, e);
    }
    for (int i = 0; i < statements.size(); i++) {
      String mismatch = statements.get(i).mismatch(counts, offsets[i]);
      if (mismatch != null) {
        conflicts.put(indexes.get(i), mismatch);
      }
    }
    return conflicts;
  }

  /**
   * Writes each write-set of {@code batch} with its one {@link SingleStatementWriteSets} statement,
   * in the batch's order (clinic order: two transactions in flight lock their clinics' rows in the
   * same order, so they never deadlock on each other); on PostgreSQL a run of consecutive
   * write-sets of one text shares a prepared statement and goes in one round trip. Returns those
   * that did not match, by index.
   */
  private Map<Integer, String> singleStatements(DSLContext tx, List<WriteSet> batch) {
    List<List<Integer>> runs = new ArrayList<>();
    List<SingleStatementWriteSets.Statement> statements = new ArrayList<>(batch.size());
    String lastText = null;
    for (int i = 0; i < batch.size(); i++) {
      SingleStatementWriteSets.Statement s = single.statement(batch.get(i));
      statements.add(s);
      String text = s == null ? null : s.sql;
      if (runs.isEmpty() || text == null || !text.equals(lastText)) {
        runs.add(new ArrayList<>(4));
      }
      runs.get(runs.size() - 1).add(i);
      lastText = text;
    }
    Map<Integer, String> conflicts = new LinkedHashMap<>();
    try {
      tx.connection(c -> {
        for (List<Integer> run : runs) {
          SingleStatementWriteSets.Statement first = statements.get(run.get(0));
          if (first == null) {
            conflicts.putAll(staticBatch(tx, batch, run));
            continue;
          }
          boolean[] matched = new boolean[run.size()];
          try (java.sql.PreparedStatement ps = c.prepareStatement(first.sql)) {
            if (!single.batches()) {
              for (int j = 0; j < run.size(); j++) {
                statements.get(run.get(j)).bind(ps);
                try (java.sql.ResultSet counts = ps.executeQuery()) {
                  matched[j] = statements.get(run.get(j)).matched(counts);
                }
              }
            } else if (run.size() == 1) {
              first.bind(ps);
              matched[0] = ps.executeUpdate() == 1;
            } else {
              for (int i : run) {
                statements.get(i).bind(ps);
                ps.addBatch();
              }
              int[] counts = ps.executeBatch();
              for (int j = 0; j < run.size(); j++) {
                matched[j] = j < counts.length && counts[j] == 1;
              }
            }
          } catch (java.sql.BatchUpdateException b) {
            throw b.getNextException() != null ? b.getNextException() : b;
          }
          for (int j = 0; j < run.size(); j++) {
            if (!matched[j]) {
              SingleStatementWriteSets.Statement st = statements.get(run.get(j));
              conflicts.put(run.get(j), "the account at version " + st.writes.readVersion()
                  + ", or a row the decision read, was not found");
            }
          }
        }
      });
    } catch (AssertionError e) {
      throw brokenConnection(tx, e);
    }
    return conflicts;
  }

  /**
   * Applies one write-set in a transaction of its own, running it again after a transient failure.
   *
   * <p>That includes a connection that broke at the commit, whose outcome is unknown: if the
   * write-set did commit, the run again meets the version it moved the clinic to and throws {@link
   * WriteConflict}, and the engine's new decision finds what the first run wrote (the stored
   * outcome of its idempotency key, the resolution of its reservation, an account that exists), so
   * it is replayed, never applied twice.
   */
  void applyAlone(WriteSet writes) {
    for (int attempt = 1; ; attempt++) {
      Outcome outcome;
      try {
        outcome = once(List.of(writes));
      } catch (Failed f) {
        RuntimeException e = f.failure();
        String state = SqlFailures.sqlState(e);
        if (!f.atCommit && SqlFailures.duplicateKey(e)) {
          throw new WriteConflict(writes.clinic(), "a row it inserts exists (SQLSTATE " + state
              + ")");
        }
        if (attempt < maxAttempts && SqlFailures.retryable(e)) {
          retries.increment();
          log.debug("running apply on clinic {} again after SQLSTATE {} (attempt {})",
              writes.clinic(), state, attempt);
          pause(attempt);
          continue;
        }
        throw new QuotaStoreException("apply clinic " + writes.clinic() + " (SQLSTATE " + state
            + (f.atCommit ? ", at the commit: whether it applied is unknown" : "")
            + ", attempt " + attempt + " of " + maxAttempts + ")", e);
      }
      if (!outcome.conflicts.isEmpty()) {
        throw new WriteConflict(writes.clinic(), outcome.conflicts.get(0));
      }
      return;
    }
  }

  /**
   * The failure to report for an {@link AssertionError} a driver raised during a batch: PgJDBC
   * asserts on its connection's state when that connection broke under the batch (with assertions
   * on, as in tests), where it would otherwise throw SQLSTATE class 08. On a connection that is
   * closed or no longer valid that is a broken connection (08003, retried); anything else is
   * rethrown.
   */
  private static RuntimeException brokenConnection(DSLContext tx, AssertionError e) {
    boolean closed;
    try {
      closed = tx.connectionResult(c -> c.isClosed() || !c.isValid(1));
    } catch (RuntimeException notReadable) {
      closed = true;
    }
    if (!closed) {
      throw e;
    }
    return new DataAccessException("the connection broke during the batch",
        new java.sql.SQLException("connection closed during the batch: " + e, "08003", e));
  }

  /** Counts one run again after a transient failure. */
  void countRetry() {
    retries.increment();
  }

  /** Write transactions committed since this store was created. */
  public long commits() {
    return commits.sum();
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
   * Runs {@code body} in one write transaction of its own, followed by the durability check where
   * it asks for one, and runs it again after a transient failure (a deadlock, a lock wait that
   * timed out, a broken connection), up to the store's attempts. For the outbox and the leases:
   * each such body is safe to run again, and {@link #commits()} does not count them.
   *
   * <p>On MariaDB the transaction runs at {@code READ COMMITTED}, the isolation PostgreSQL and H2
   * run at by default, and the connection's own isolation is restored after it: at InnoDB's
   * default {@code REPEATABLE READ} a search locks the gaps it passed, so callers inserting one
   * lease at once deadlock on each other, and a claim holds back the insert of new events until
   * it commits.
   *
   * @param onDuplicateKey the answer when the body met a duplicate key (the transaction was rolled
   *     back), or {@code null} when a duplicate key is a failure like any other
   * @throws QuotaStoreException if the database failed, or a transient failure outlasted the
   *     attempts
   */
  public <T> T write(String operation, org.jooq.TransactionalCallable<T> body,
      java.util.function.Supplier<T> onDuplicateKey) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readCommitted ? readCommittedTransaction(body) : transaction(body);
      } catch (DataAccessException e) {
        if (onDuplicateKey != null && SqlFailures.duplicateKey(e)) {
          return onDuplicateKey.get();
        }
        if (attempt < maxAttempts && SqlFailures.retryable(e) && !SqlFailures.duplicateKey(e)) {
          retries.increment();
          pause(attempt);
          continue;
        }
        throw new QuotaStoreException(operation + " (SQLSTATE " + SqlFailures.sqlState(e)
            + ", attempt " + attempt + " of " + maxAttempts + ")", e);
      }
    }
  }

  /**
   * {@link #transaction}, on one connection set to {@code READ COMMITTED} for it and set back to
   * its own isolation after it.
   */
  private <T> T readCommittedTransaction(org.jooq.TransactionalCallable<T> body) {
    return dsl.connectionResult(connection -> {
      int own = connection.getTransactionIsolation();
      if (own != java.sql.Connection.TRANSACTION_READ_COMMITTED) {
        connection.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
      }
      try {
        T result = DSL.using(dsl.configuration().derive(connection)).transactionResult(body);
        if (durability.guardsCommits()) {
          durability.afterCommit(connection);
        }
        return result;
      } finally {
        if (own != java.sql.Connection.TRANSACTION_READ_COMMITTED) {
          connection.setTransactionIsolation(own);
        }
      }
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

  /** Loads, reads and applies run again after a transient failure, since this store was created. */
  public long retries() {
    return retries.sum();
  }

  static void pause(int attempt) {
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

  /** Maps a payment row. */
  public static com.bnaura.quota.spi.PaymentRecord payment(
      com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaPaymentRecord r) {
    return RecordMappers.payment(r);
  }

  /** Maps a budget row. */
  public static BudgetRecord budget(QuotaBudgetRecord r) {
    return RecordMappers.budget(r);
  }

  /** Maps a grant row. */
  public static GrantRecord grant(QuotaGrantRecord r) {
    return RecordMappers.grant(r);
  }

  /** Maps a billing row. */
  public static BillingLine billing(QuotaBillingLineRecord r) {
    return RecordMappers.billing(r);
  }
}
