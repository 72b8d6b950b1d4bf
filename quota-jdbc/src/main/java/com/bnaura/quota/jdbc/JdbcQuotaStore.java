package com.bnaura.quota.jdbc;

import static com.bnaura.quota.jdbc.internal.schema.Tables.AI_USAGE_LOGS;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_BILLING_LINE;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_BUDGET;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_GRANT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_PAYMENT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_CLINIC_ACCOUNT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_RESERVATION;
import static com.bnaura.quota.jdbc.internal.schema.Tables.USAGE_METRICS;

import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.jdbc.internal.Dialects;
import com.bnaura.quota.jdbc.internal.DurabilityCheck;
import com.bnaura.quota.jdbc.internal.H2DataSources;
import com.bnaura.quota.jdbc.internal.JdbcOutbox;
import com.bnaura.quota.jdbc.internal.JdbcStoreSupport;
import com.bnaura.quota.jdbc.internal.TableNames;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteConflict;
import com.bnaura.quota.spi.WriteSet;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A {@link QuotaStore} on a relational database through jOOQ: H2 (the embedded default),
 * PostgreSQL and MariaDB.
 *
 * <p>The engine decides every operation in Java; this store only loads and applies. {@link #load}
 * reads what a decision needs (the clinic's account with its version, its current period and the
 * rows the request names) with one {@code SELECT}, one round trip and one consistent read. {@link
 * #apply} writes a decision's write-set as one JDBC batch in one transaction and commits: the
 * account moves from the version read to the next with {@code UPDATE ... WHERE version = ?}, and an
 * update count of 0 (the clinic moved) or an inserted row that exists rolls everything back and
 * throws {@link WriteConflict}, on which the engine loads and decides again. No lock is held between
 * the two calls, so none is held across the host's AI call. A transient failure (a deadlock, a
 * lock wait that timed out, a broken connection) runs the load or the apply again, up to {@link
 * Builder#maxAttempts(int)} times. That is safe even for a connection that broke at the commit,
 * whose outcome is unknown: a write-set that did commit meets, when run again, the version it moved
 * its clinic to and conflicts, and the engine's new decision finds what it wrote and replays it.
 * Every other database failure, and one that outlasts the attempts, surfaces as {@link
 * QuotaStoreException}, never as a conflict or a success. Every statement of a load or an apply
 * names one clinic, so {@code clinic_id} can be the distribution key of a sharded database; the
 * maintenance queries {@link #clinics}, {@link #clinicsWithExpiredReservations}, {@link
 * #clinicsWithOpenPayments}, {@link #purgeIdempotencyKeys} and the outbox's {@link #claimEvents},
 * {@link #updateDelivery}, {@link #eventsIn}, {@link #event}, {@link #purgeEvents} and {@link
 * #holdLease} span clinics.
 *
 * <p>Concurrent callers' write-sets on different clinics share one transaction and one commit
 * (group commit, {@link Builder#groupCommit(int, int)}): a lone caller's write-set leaves at once,
 * alone; under load one commit, and one log flush, carries many, and each write-set still applies
 * or conflicts on its own.
 *
 * <pre>{@code
 * // in production: the application's pool (PostgreSQL or MariaDB), schema migrated on build
 * QuotaStore store = JdbcQuotaStore.builder(dataSource).build();
 *
 * // embedded: an H2 file database in ./data/aura-quota, created and migrated on first use
 * QuotaStore embedded = JdbcQuotaStore.h2Default();
 * }</pre>
 *
 * <p>Several application instances may share one PostgreSQL or MariaDB database. An H2 file
 * database can be opened by one JVM at a time. Several stores may share one database with
 * different table prefixes or schemas ({@link Builder#tablePrefix}, {@link Builder#schema}), each
 * keeping its own books.
 *
 * <h2>Durability</h2>
 *
 * <p>A write this store acknowledges is in the database before the call returns; {@link
 * #durability()} says what it then survives, as found when the store was built:
 *
 * <ul>
 *   <li><b>H2</b> ({@link #h2Default()}, {@link #h2(Path)}, and any store built over an H2 file
 *       database, embedded or behind an H2 server): every commit is written to the database file
 *       before it returns ({@code WRITE_DELAY} 0; H2's default of 500 ms acknowledges commits
 *       before writing them). H2 2.3 writes the commit with {@code FileChannel.write}
 *       ({@code pwrite(2)}) on the committing thread and does not {@code fsync} it, so an
 *       acknowledged write survives {@code kill -9} or any other death of the process, and an
 *       operating system crash or power loss can lose the commits the kernel had not yet written
 *       back to disk (with Linux's defaults, commits up to about 30 seconds old); the file stays
 *       readable, at its last complete commit. A host's H2 file database found with a write delay
 *       is set to {@code WRITE_DELAY} 0 and a WARN line says so: the host's URL needs no change
 *       and a charge is never acknowledged before it is written. The store refuses to build,
 *       naming {@code WRITE_DELAY}, only if its user may not change that setting. On an embedded
 *       database every write transaction then checks, on its own connection, that no delay came
 *       back (a reopened database, a connection whose URL names {@code WRITE_DELAY}) and if one did
 *       sets it to 0 again and writes all commits before returning. {@link Durability#WRITTEN}.
 *   <li><b>PostgreSQL</b> with {@code synchronous_commit} on (or {@code local}, {@code
 *       remote_write}, {@code remote_apply}) and {@code fsync} on, its defaults: a commit's WAL is
 *       flushed to disk before the commit returns, so it survives a crash of the application, of
 *       the server and a power loss (given a disk that honours flushes). With {@code
 *       synchronous_commit=off} the last commits (up to three times {@code wal_writer_delay}) are
 *       lost by a server crash; with {@code fsync=off} by an operating system crash or power loss.
 *       {@link Durability#FLUSHED}, or {@link Durability#NOT_FLUSHED} with a WARN at build naming
 *       the setting.
 *   <li><b>MariaDB</b> (InnoDB) with {@code innodb_flush_log_at_trx_commit=1} (the default) or
 *       3, and {@code sync_binlog=1} when the binary log is on: the redo log (and binary log) are
 *       flushed at each commit, so a commit survives a server crash and a power loss. With {@code
 *       innodb_flush_log_at_trx_commit=2} it is written but flushed once a second (a server crash
 *       keeps it, a power loss can lose about a second), with 0 even a server crash can lose about
 *       a second; with the binary log on and {@code sync_binlog} not 1, InnoDB relies on the
 *       binary log to recover a commit, and an operating system crash or power loss can cut the
 *       binary log short. {@link Durability#FLUSHED}, or {@link Durability#NOT_FLUSHED} with a
 *       WARN at build naming the setting: the server's configuration is the operator's choice and
 *       is used as it is.
 *   <li>In-memory H2 ({@code jdbc:h2:mem:}) keeps nothing across a restart; {@link
 *       Durability#IN_MEMORY}.
 * </ul>
 *
 * <p>A call that fails after its commit reached the database (a lost acknowledgement, a killed
 * caller) is resolved by sending it again with the same idempotency key: it replays the first
 * outcome and charges nothing more.
 */
public final class JdbcQuotaStore implements QuotaStore, AutoCloseable {

  /** The folder of {@link #h2Default()}, unless the system property {@code aura.quota.h2.dir} is set. */
  public static final String DEFAULT_H2_DIRECTORY = "data/aura-quota";

  /** The most write-sets one transaction carries by default (see {@link Builder#groupCommit}). */
  public static final int DEFAULT_GROUP_WRITE_SETS = 32;

  /** The most group transactions in flight by default (see {@link Builder#groupCommit}). */
  public static final int DEFAULT_GROUP_IN_FLIGHT = 2;

  private final DSLContext dsl;
  private final JdbcStoreSupport support;
  private final JdbcOutbox outbox;
  private final Durability durability;
  private final TableLocation location;
  private final AutoCloseable owned;

  private JdbcQuotaStore(DSLContext dsl, TableLocation location, int maxAttempts,
      int groupWriteSets, int groupInFlight, DurabilityCheck durability, AutoCloseable owned) {
    this.dsl = dsl;
    this.location = location;
    this.support = new JdbcStoreSupport(dsl, maxAttempts, groupWriteSets, groupInFlight,
        durability);
    this.outbox = new JdbcOutbox(dsl, support);
    this.durability = durability.durability();
    this.owned = owned;
  }

  /** What a commit the store acknowledged survives, as found when the store was built. */
  public enum Durability {
    /** An in-memory database ({@code jdbc:h2:mem:}): nothing survives the end of the process. */
    IN_MEMORY,
    /**
     * Written to the database file before the call returns, not flushed to disk (H2 with {@code
     * WRITE_DELAY} 0): survives the death of the process, not necessarily an operating system
     * crash or power loss.
     */
    WRITTEN,
    /**
     * Flushed to disk before the call returns (PostgreSQL, MariaDB with their default settings):
     * survives a crash of the application or the server, and a power loss.
     */
    FLUSHED,
    /**
     * Acknowledged by the server before it is flushed ({@code synchronous_commit=off}, {@code
     * fsync=off}, {@code innodb_flush_log_at_trx_commit} 0 or 2, {@code sync_binlog} not 1 with the
     * binary log on): the last commits can be lost by a server crash or a power loss. A WARN at
     * build named the setting.
     */
    NOT_FLUSHED,
    /** The server's durability settings could not be read; a WARN at build said so. */
    UNKNOWN
  }

  /** A builder over the application's {@code dataSource} (its pool is reused, never copied). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * A builder over the application's jOOQ {@code dsl}; the store derives its own settings from it.
   * The schema must be migrated separately with {@link JdbcQuotaSchema#migrate(DataSource)}, or
   * with {@link JdbcQuotaSchema#migrate(DataSource, SQLDialect, TableLocation)} for a table
   * prefix or schema.
   */
  public static Builder builder(DSLContext dsl) {
    return new Builder(null, Objects.requireNonNull(dsl, "dsl"));
  }

  /**
   * The embedded default: an H2 file database in {@value #DEFAULT_H2_DIRECTORY} (relative to the
   * working directory; the system property {@code aura.quota.h2.dir} moves it), behind its own
   * HikariCP pool, migrated on first use. {@link #close()} closes the pool.
   */
  public static JdbcQuotaStore h2Default() {
    return h2(Path.of(System.getProperty("aura.quota.h2.dir", DEFAULT_H2_DIRECTORY)));
  }

  /**
   * An H2 file database in {@code directory}, like {@link #h2Default()}, writing each commit to the
   * file before it returns (see Durability above).
   *
   * @throws QuotaStoreException if the database cannot be opened, for example because another
   *     process has it open (an H2 file database serves one JVM)
   */
  public static JdbcQuotaStore h2(Path directory) {
    HikariDataSource pool;
    try {
      pool = H2DataSources.file(directory);
    } catch (RuntimeException e) {
      throw H2DataSources.explain(directory, e);
    }
    try {
      JdbcQuotaSchema.migrate(pool, SQLDialect.H2);
      DurabilityCheck durability = DurabilityCheck.of(pool, SQLDialect.H2);
      return new JdbcQuotaStore(DSL.using(pool, SQLDialect.H2, Dialects.settings()),
          TableLocation.DEFAULT, 10, DEFAULT_GROUP_WRITE_SETS, DEFAULT_GROUP_IN_FLIGHT, durability, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The dialect this store speaks. */
  public SQLDialect dialect() {
    return dsl.dialect();
  }

  /** Where this store's tables are: their prefix and schema ({@link TableLocation#DEFAULT}). */
  public TableLocation tableLocation() {
    return location;
  }

  /**
   * What a write this store acknowledged survives (a crash of the process, of the server, a power
   * loss), from the database's settings when the store was built; see Durability above.
   */
  public Durability durability() {
    return durability;
  }

  /**
   * Loads what {@code request} names with one {@code SELECT} (one round trip, one consistent read).
   */
  @Override
  public ClinicSnapshot load(LoadRequest request) {
    return support.load(request);
  }

  /**
   * Writes {@code writes} as one JDBC batch in one transaction, shared with concurrent callers'
   * write-sets on other clinics (see {@link Builder#groupCommit}), and commits.
   */
  @Override
  public void apply(WriteSet writes) {
    support.apply(writes);
  }

  /**
   * Runs {@code work} in one transaction that first locks the clinic's account row ({@code SELECT
   * ... FOR UPDATE}; on PostgreSQL its period rows before it, the order in which every write-set's
   * statement locks them, so a write-set in flight is waited for, not deadlocked with): the loads
   * and the apply {@code work} makes on this thread for {@code clinic} join that transaction, which
   * commits when {@code work} returns.
   */
  @Override
  public <T> T locked(ClinicId clinic, java.util.function.Supplier<T> work) {
    return support.locked(clinic, work);
  }

  @Override
  public Optional<AccountRecord> findAccount(ClinicId clinic) {
    return read("findAccount " + clinic, () -> dsl.selectFrom(QUOTA_CLINIC_ACCOUNT)
        .where(QUOTA_CLINIC_ACCOUNT.CLINIC_ID.eq(clinic.value()))
        .fetchOptional()
        .map(JdbcStoreSupport::account));
  }

  @Override
  public Optional<PeriodRecord> findPeriod(ClinicId clinic, Instant periodStart) {
    return read("findPeriod " + clinic, () -> dsl.selectFrom(USAGE_METRICS)
        .where(USAGE_METRICS.CLINIC_ID.eq(clinic.value()))
        .and(USAGE_METRICS.PERIOD_START_US.eq(JdbcStoreSupport.micros(periodStart)))
        .fetchOptional()
        .map(JdbcStoreSupport::period));
  }

  /** The clinic ids of the accounts after {@code after}, in the database's order of the key. */
  @Override
  public List<ClinicId> clinics(Optional<ClinicId> after, int limit) {
    return read("clinics", () -> dsl.select(QUOTA_CLINIC_ACCOUNT.CLINIC_ID)
        .from(QUOTA_CLINIC_ACCOUNT)
        .where(after.map(a -> QUOTA_CLINIC_ACCOUNT.CLINIC_ID.gt(a.value()))
            .orElse(DSL.noCondition()))
        .orderBy(QUOTA_CLINIC_ACCOUNT.CLINIC_ID)
        .limit(limit)
        .fetch(r -> new ClinicId(r.value1())));
  }

  @Override
  public List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit) {
    return read("clinicsWithExpiredReservations", () -> dsl
        .selectDistinct(QUOTA_RESERVATION.CLINIC_ID)
        .from(QUOTA_RESERVATION)
        .where(QUOTA_RESERVATION.RES_STATE.eq("PENDING"))
        .and(QUOTA_RESERVATION.EXPIRES_AT_US.le(JdbcStoreSupport.micros(now)))
        .limit(limit)
        .fetch(r -> new ClinicId(r.value1())));
  }

  @Override
  public List<ClinicId> clinicsWithOpenPayments(int limit) {
    List<String> open = java.util.Arrays.stream(PaymentState.values())
        .filter(PaymentState::isOpen).map(PaymentState::name).toList();
    return read("clinicsWithOpenPayments", () -> dsl
        .selectDistinct(QUOTA_PAYMENT.CLINIC_ID)
        .from(QUOTA_PAYMENT)
        .where(QUOTA_PAYMENT.PAYMENT_STATE.in(open))
        .limit(limit)
        .fetch(r -> new ClinicId(r.value1())));
  }

  @Override
  public List<PaymentRecord> payments(ClinicId clinic) {
    return read("payments " + clinic, () -> dsl.selectFrom(QUOTA_PAYMENT)
        .where(QUOTA_PAYMENT.CLINIC_ID.eq(clinic.value()))
        .orderBy(QUOTA_PAYMENT.CREATED_AT_US, QUOTA_PAYMENT.PAYMENT_KEY)
        .fetch(JdbcStoreSupport::payment));
  }

  @Override
  public int purgeIdempotencyKeys(Instant createdBefore, int limit) {
    return read("purgeIdempotencyKeys", () -> support.purgeKeys(createdBefore, limit));
  }

  @Override
  public List<LedgerEntry> ledger(ClinicId clinic, Instant from, Instant to) {
    return read("ledger " + clinic, () -> dsl.selectFrom(AI_USAGE_LOGS)
        .where(AI_USAGE_LOGS.CLINIC_ID.eq(clinic.value()))
        .and(AI_USAGE_LOGS.AT_US.ge(JdbcStoreSupport.clampedMicros(from)))
        .and(AI_USAGE_LOGS.AT_US.lt(JdbcStoreSupport.clampedMicros(to)))
        .orderBy(AI_USAGE_LOGS.SEQ)
        .fetch(JdbcStoreSupport::ledger));
  }

  @Override
  public List<LedgerEntry> ledgerByKey(ClinicId clinic, IdempotencyKey key) {
    return read("ledgerByKey " + clinic, () -> dsl.selectFrom(AI_USAGE_LOGS)
        .where(AI_USAGE_LOGS.CLINIC_ID.eq(clinic.value()))
        .and(AI_USAGE_LOGS.IDEM_KEY.eq(key.value())
            .or(AI_USAGE_LOGS.REVERSES_KEY.eq(key.value())))
        .orderBy(AI_USAGE_LOGS.SEQ)
        .fetch(JdbcStoreSupport::ledger));
  }

  @Override
  public List<PeriodRecord> periods(ClinicId clinic) {
    return read("periods " + clinic, () -> dsl.selectFrom(USAGE_METRICS)
        .where(USAGE_METRICS.CLINIC_ID.eq(clinic.value()))
        .orderBy(USAGE_METRICS.PERIOD_START_US)
        .fetch(JdbcStoreSupport::period));
  }

  @Override
  public List<ReservationRecord> reservations(ClinicId clinic, Instant periodStart) {
    return read("reservations " + clinic, () -> dsl.selectFrom(QUOTA_RESERVATION)
        .where(QUOTA_RESERVATION.CLINIC_ID.eq(clinic.value()))
        .and(QUOTA_RESERVATION.PERIOD_START_US.eq(JdbcStoreSupport.micros(periodStart)))
        .orderBy(QUOTA_RESERVATION.CREATED_AT_US, QUOTA_RESERVATION.RESERVATION_ID)
        .fetch(JdbcStoreSupport::reservation));
  }

  @Override
  public List<BillingLine> billingLines(ClinicId clinic) {
    return read("billingLines " + clinic, () -> dsl.selectFrom(QUOTA_BILLING_LINE)
        .where(QUOTA_BILLING_LINE.CLINIC_ID.eq(clinic.value()))
        .orderBy(QUOTA_BILLING_LINE.AT_US, QUOTA_BILLING_LINE.LINE_ID)
        .fetch(JdbcStoreSupport::billing));
  }

  @Override
  public List<GrantRecord> grants(ClinicId clinic) {
    return read("grants " + clinic, () -> dsl.selectFrom(QUOTA_GRANT)
        .where(QUOTA_GRANT.CLINIC_ID.eq(clinic.value()))
        .orderBy(QUOTA_GRANT.CREATED_AT_US, QUOTA_GRANT.GRANT_ID)
        .fetch(JdbcStoreSupport::grant));
  }

  @Override
  public List<BudgetRecord> budgets(ClinicId clinic) {
    return read("budgets " + clinic, () -> dsl.selectFrom(QUOTA_BUDGET)
        .where(QUOTA_BUDGET.CLINIC_ID.eq(clinic.value()))
        .fetch(JdbcStoreSupport::budget)).stream()
        .sorted(java.util.Comparator.comparing((BudgetRecord b) -> b.key().scope())
            .thenComparing(b -> b.key().id()))
        .toList();
  }

  /**
   * Claims due pending events in one transaction: a {@code SELECT ... ORDER BY seq LIMIT ? FOR
   * UPDATE SKIP LOCKED} of the rows, then an update of their next attempt to {@code until}, on
   * all three databases. A query that spans clinics.
   */
  @Override
  public List<EventRecord> claimEvents(Instant now, Instant until, int limit) {
    return outbox.claim(now, until, limit);
  }

  @Override
  public boolean updateDelivery(EventRecord event) {
    return outbox.updateDelivery(event);
  }

  @Override
  public List<EventRecord> events(ClinicId clinic, long afterVersion, int afterIndex, int limit) {
    return outbox.events(clinic, afterVersion, afterIndex, limit);
  }

  @Override
  public List<EventRecord> latestEvents(ClinicId clinic, java.util.Set<String> types,
      int limit) {
    return outbox.latestEvents(clinic, types, limit);
  }

  @Override
  public List<EventRecord> eventsIn(DeliveryState state, int limit) {
    return outbox.eventsIn(state, limit);
  }

  @Override
  public Optional<EventRecord> event(String id) {
    return outbox.event(id);
  }

  @Override
  public int purgeEvents(Instant before, int limit) {
    return outbox.purge(before, limit);
  }

  /**
   * Takes or renews the lease in one transaction: an update of the lease where it is {@code
   * holder}'s or expired at {@code now}, else an insert; an insert that meets a lease another
   * caller inserted first answers false.
   *
   * @throws IllegalArgumentException naming {@code name} or {@code holder} if it is empty or longer
   *     than 255 characters
   */
  @Override
  public boolean holdLease(String name, String holder, Instant now, Instant until) {
    return outbox.holdLease(name, holder, now, until);
  }

  private <T> T read(String operation, Supplier<T> query) {
    return support.read(operation, query);
  }

  /**
   * How many times this store ran an apply, a load or a read again after a transient failure (a
   * deadlock, a lock wait that timed out, a broken connection) since it was created.
   */
  public long retries() {
    return support.retries();
  }

  /**
   * How many write transactions of write-sets this store committed since it was created; with
   * group commit under load, fewer than the write-sets it applied. The outbox's claims, delivery
   * updates and purges and the leases are not counted.
   */
  public long commits() {
    return support.commits();
  }

  /** Closes the connection pool if this store created it ({@link #h2Default()}); otherwise nothing. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new QuotaStoreException("close", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcQuotaStore{dialect=" + dsl.dialect() + ", durability=" + durability
        + (location.isDefault() ? "" : ", " + location) + "}";
  }

  /** Builds a {@link JdbcQuotaStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final DSLContext dsl;
    private SQLDialect dialect;
    private boolean migrate;
    private int maxAttempts = 10;
    private Integer groupWriteSets;
    private Integer groupInFlight;
    private String tablePrefix;
    private String schema;

    private Builder(DataSource dataSource, DSLContext dsl) {
      this.dataSource = dataSource;
      this.dsl = dsl;
      this.migrate = dataSource != null;
    }

    /** Overrides the dialect detected from the connection. */
    public Builder dialect(SQLDialect dialect) {
      this.dialect = Dialects.supported(Objects.requireNonNull(dialect, "dialect"));
      return this;
    }

    /**
     * Whether {@link #build()} migrates the schema first (default: true over a {@code DataSource},
     * false over a {@code DSLContext}, which cannot hand one to Flyway).
     */
    public Builder migrate(boolean migrate) {
      if (migrate && dataSource == null) {
        throw new IllegalStateException(
            "cannot migrate through a DSLContext; call JdbcQuotaSchema.migrate(dataSource)");
      }
      this.migrate = migrate;
      return this;
    }

    /**
     * Puts {@code prefix} before the name of every table, constraint and index of the store and of
     * its migration history: with {@code clinic1_} the accounts are in {@code
     * clinic1_quota_clinic_account}. Stores with different prefixes share a database and keep
     * separate books. Default: none, the names every store used before this option.
     *
     * @throws IllegalArgumentException naming {@code tablePrefix} if it is not lower-case letters,
     *     digits and underscores starting with a letter, or longer than {@value
     *     TableLocation#MAX_PREFIX_LENGTH} characters
     * @throws IllegalStateException if the prefix was already set
     */
    public Builder tablePrefix(String prefix) {
      if (tablePrefix != null) {
        throw new IllegalStateException("tablePrefix was already set to " + tablePrefix);
      }
      TableLocation.DEFAULT.withTablePrefix(Objects.requireNonNull(prefix, "tablePrefix"));
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * Keeps the store's tables and their migration history in {@code schema} (on MariaDB, the
     * database of that name), which the migration creates if it does not exist; the statements
     * name it before every table. Default: the connection's default schema.
     *
     * @throws IllegalArgumentException naming {@code schema} if it is not lower-case letters,
     *     digits and underscores starting with a letter, or longer than {@value
     *     TableLocation#MAX_SCHEMA_LENGTH} characters
     * @throws IllegalStateException if the schema was already set
     */
    public Builder schema(String schema) {
      if (this.schema != null) {
        throw new IllegalStateException("schema was already set to " + this.schema);
      }
      TableLocation.DEFAULT.withSchema(Objects.requireNonNull(schema, "schema"));
      this.schema = schema;
      return this;
    }

    /** How many times an apply runs before a transient failure is given up (default 10). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1..100, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * How the write-sets of concurrent callers share transactions (group commit): at most {@code
     * maxInFlight} transactions in flight, each carrying up to {@code maxWriteSets} write-sets on
     * different clinics that were waiting when it left. A lone caller's write-set leaves at once,
     * alone; under load one transaction, and one commit (one log flush; on H2 one write of the
     * file), carries many. Every write-set still applies or conflicts on its own, and a caller
     * hears that it applied only after the transaction that wrote it committed.
     *
     * <p>Default over a {@code DataSource}: {@value #DEFAULT_GROUP_WRITE_SETS} write-sets,
     * {@value #DEFAULT_GROUP_IN_FLIGHT} transactions. Over a {@code DSLContext} the default is
     * {@code (1, 1)}, each write-set alone on the calling thread, because such a context may hand
     * out the connection of a transaction the host opened on that thread, and a group runs on the
     * sending caller's connection. {@code maxWriteSets} 1 turns group commit off.
     *
     * <p>Each transaction in flight holds one connection and runs on one server process: a
     * server with few cores gains little from more than two, a larger one may take more.
     *
     * @throws IllegalArgumentException if {@code maxWriteSets} is not 1..1000 or {@code
     *     maxInFlight} not 1..64
     */
    public Builder groupCommit(int maxWriteSets, int maxInFlight) {
      if (maxWriteSets < 1 || maxWriteSets > 1000) {
        throw new IllegalArgumentException("maxWriteSets must be 1..1000, was " + maxWriteSets);
      }
      if (maxInFlight < 1 || maxInFlight > 64) {
        throw new IllegalArgumentException("maxInFlight must be 1..64, was " + maxInFlight);
      }
      this.groupWriteSets = maxWriteSets;
      this.groupInFlight = maxInFlight;
      return this;
    }

    /**
     * Builds the store, migrating the schema first unless turned off, and checks that the database
     * keeps what it acknowledges (see Durability above): an H2 file database that delays its
     * writes is set to write each commit at once, with a WARN line saying so; a PostgreSQL or
     * MariaDB server that acknowledges commits before flushing them is used with a WARN line
     * naming the setting.
     *
     * @throws QuotaStoreException if the database cannot be reached or migrated, or is an H2 file
     *     database that delays its writes ({@code WRITE_DELAY}) and the store may not change that
     */
    public JdbcQuotaStore build() {
      TableLocation location = new TableLocation(tablePrefix != null ? tablePrefix : "",
          schema != null ? schema : "");
      if (dsl != null) {
        SQLDialect d = dialect != null ? dialect : Dialects.supported(dsl.dialect());
        DSLContext derived = DSL.using(dsl.configuration().derive(d)
            .derive(TableNames.settings(location)));
        int writeSets = groupWriteSets != null ? groupWriteSets : 1;
        int inFlight = groupInFlight != null ? groupInFlight : 1;
        return new JdbcQuotaStore(derived, location, maxAttempts, writeSets, inFlight,
            DurabilityCheck.of(derived), null);
      }
      SQLDialect d;
      try {
        d = dialect != null ? dialect : Dialects.detect(dataSource);
      } catch (IllegalStateException e) {
        throw new QuotaStoreException("detect SQL dialect", e);
      }
      if (migrate) {
        JdbcQuotaSchema.migrate(dataSource, d, location);
      }
      DurabilityCheck durability = DurabilityCheck.of(dataSource, d);
      int writeSets = groupWriteSets != null ? groupWriteSets : DEFAULT_GROUP_WRITE_SETS;
      int inFlight = groupInFlight != null ? groupInFlight : DEFAULT_GROUP_IN_FLIGHT;
      return new JdbcQuotaStore(DSL.using(dataSource, d, TableNames.settings(location)),
          location, maxAttempts, writeSets, inFlight, durability, null);
    }
  }
}
