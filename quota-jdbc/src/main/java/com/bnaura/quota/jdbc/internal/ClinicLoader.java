package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_AUTO_TOP_UP;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_BUDGET;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_CLINIC_ACCOUNT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_GRANT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_IDEMPOTENCY;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_PAYMENT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_REPEAT_WINDOW;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_RESERVATION;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_USAGE_COUNTER;
import static com.bnaura.quota.jdbc.internal.schema.Tables.USAGE_METRICS;

import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaIdempotencyRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaRepeatWindowRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.spi.UsageCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Loads what a {@link LoadRequest} names with one {@code SELECT}: a {@code UNION ALL} of the
 * account row and each kind of row the decision reads, every branch tagged with its kind in the
 * first column and its table's columns in the result's columns of their type, shared by the
 * branches (a branch's unused columns hold typed {@code NULL}s).
 *
 * <p>One statement reads one snapshot on all three databases (a statement-level read view under
 * {@code READ COMMITTED}), so the account's version and every row returned are of the same
 * instant: a row that changed after the read comes with the version from before the change, and
 * the version check at apply turns any staleness into a conflict. Every subquery names the clinic
 * by value rather than by a correlated reference, which MariaDB's derived tables would not accept.
 *
 * <p>Reservations returned are the named ones and, with {@code expiredAt}, the clinic's pending
 * ones expired then; periods returned are the account's current one, the named ones and the
 * periods of the reservations returned; windows returned are those of the named customers and of
 * the customers of the reservations returned. The last two follow from the reservations with
 * subqueries on the same predicate, so they too come from the one read.
 *
 * <p>Usage counters are looked up by their stored id ({@link RecordMappers#counterId}), budget rows
 * by their whole key, one branch each.
 *
 * <p>The text depends only on how many keys, reservations, customers, periods, counters and budget
 * rows the request names, each rounded up to a power of two (an {@code IN} list or the lookups
 * repeat the last value to fill), and
 * on whether it asks for expired reservations; each text is rendered once per store and prepared
 * by the driver, and values are bound, never inlined.
 */
final class ClinicLoader {
  private static final int ACCOUNT = 1;
  private static final int PERIOD = 2;
  private static final int KEY = 3;
  private static final int RESERVATION = 4;
  private static final int WINDOW = 5;
  private static final int GRANT = 6;
  private static final int AUTO_TOP_UP = 7;
  private static final int PAYMENT = 8;
  /** The states of an open payment, as the payment branch names them. */
  private static final String OPEN_STATES = java.util.Arrays.stream(PaymentState.values())
      .filter(PaymentState::isOpen).map(st -> "'" + st.name() + "'")
      .collect(java.util.stream.Collectors.joining(", "));
  private static final int COUNTER = 9;
  private static final int BUDGET = 10;
  /** Texts kept per store; a request shape beyond them is rendered each time. */
  private static final int MAX_TEXTS = 512;

  private static final List<Table<?>> TABLES = List.of(QUOTA_CLINIC_ACCOUNT, USAGE_METRICS,
      QUOTA_IDEMPOTENCY, QUOTA_RESERVATION, QUOTA_REPEAT_WINDOW, QUOTA_GRANT, QUOTA_AUTO_TOP_UP,
      QUOTA_PAYMENT, QUOTA_USAGE_COUNTER, QUOTA_BUDGET);
  /**
   * The Java types of the columns, in the order of the result's columns after the kind: every
   * branch puts each column of its table in a column of the column's type, so the branches share
   * the columns of a type rather than each having columns of its own.
   */
  private static final List<Class<?>> TYPES = List.of(String.class, Long.class, Integer.class,
      Boolean.class);
  /** The result's columns after the kind, each of one type of {@link #TYPES}. */
  private static final int WIDTH;
  /** The type of each of the {@link #WIDTH} columns. */
  private static final Class<?>[] COLUMN_TYPES;
  /** For each table of {@link #TABLES} and each of its fields, the column (0-based) it is in. */
  private static final int[][] COLUMNS = new int[TABLES.size()][];

  static {
    int[] most = new int[TYPES.size()];
    for (Table<?> t : TABLES) {
      int[] count = new int[TYPES.size()];
      for (Field<?> f : t.fields()) {
        count[typeOf(f)]++;
      }
      for (int k = 0; k < most.length; k++) {
        most[k] = Math.max(most[k], count[k]);
      }
    }
    int[] first = new int[TYPES.size()];
    int width = 0;
    for (int k = 0; k < most.length; k++) {
      first[k] = width;
      width += most[k];
    }
    WIDTH = width;
    COLUMN_TYPES = new Class<?>[width];
    for (int k = 0; k < most.length; k++) {
      for (int j = 0; j < most[k]; j++) {
        COLUMN_TYPES[first[k] + j] = TYPES.get(k);
      }
    }
    for (int t = 0; t < TABLES.size(); t++) {
      Field<?>[] fields = TABLES.get(t).fields();
      int[] next = first.clone();
      COLUMNS[t] = new int[fields.length];
      for (int i = 0; i < fields.length; i++) {
        COLUMNS[t][i] = next[typeOf(fields[i])]++;
      }
    }
  }

  private static int typeOf(Field<?> f) {
    int k = TYPES.indexOf(f.getType());
    if (k < 0) {
      throw new IllegalStateException("no column type for " + f + " of " + f.getType());
    }
    return k;
  }

  private final DSLContext dsl;
  private final ConcurrentMap<Shape, String> texts = new ConcurrentHashMap<>();
  /** A typed {@code NULL} for each column, as this store's dialect writes it. */
  private final String[] nulls = new String[WIDTH];

  ClinicLoader(DSLContext dsl) {
    this.dsl = dsl;
    for (int c = 0; c < WIDTH; c++) {
      DataType<?> type = COLUMN_TYPES[c] == String.class ? SQLDataType.VARCHAR(4000)
          : COLUMN_TYPES[c] == Long.class ? SQLDataType.BIGINT
          : COLUMN_TYPES[c] == Integer.class ? SQLDataType.INTEGER : SQLDataType.BOOLEAN;
      nulls[c] = dsl.render(DSL.castNull(type));
    }
  }

  /** The sizes of a request's lists, rounded up, and whether it asks for expired reservations. */
  private record Shape(int keys, int reservations, int customers, int starts, boolean expired,
      int counters, int budgets) {
    static Shape of(LoadRequest r) {
      return new Shape(rounded(r.keys().size()), rounded(r.reservations().size()),
          rounded(r.customers().size()), rounded(r.periodStarts().size()),
          r.expiredAt().isPresent(), rounded(r.counters().size()),
          rounded(r.budgets().size()));
    }

    /** {@code n} rounded up to a power of two; 0 stays 0. */
    private static int rounded(int n) {
      int high = Integer.highestOneBit(n);
      return high == n ? n : high << 1;
    }
  }

  ClinicSnapshot load(LoadRequest request) {
    return load(dsl, request);
  }

  /** Loads on {@code on}'s connection: a transaction's, when it is one. */
  ClinicSnapshot load(DSLContext on, LoadRequest request) {
    Shape shape = Shape.of(request);
    String sql = texts.get(shape);
    if (sql == null) {
      sql = render(shape);
      if (texts.size() < MAX_TEXTS) {
        texts.putIfAbsent(shape, sql);
      }
    }
    String text = sql;
    return on.connectionResult(c -> read(c, text, shape, request));
  }

  private static ClinicSnapshot read(Connection c, String sql, Shape shape, LoadRequest request)
      throws SQLException {
    QuotaClinicAccountRecord account = null;
    Map<Instant, PeriodRecord> periods = new HashMap<>();
    Map<IdempotencyKey, IdempotencyRecord> keys = new HashMap<>();
    Map<ReservationId, ReservationRecord> reservations = new HashMap<>();
    Map<CustomerRefHash, RepeatWindow> windows = new HashMap<>();
    List<GrantRecord> grants = new ArrayList<>();
    Optional<AutoTopUpRecord> autoTopUp = Optional.empty();
    Optional<PaymentRecord> payment = Optional.empty();
    Map<UsageCounter.Key, UsageCounter> counters = new HashMap<>();
    Map<BudgetRecord.Key, BudgetRecord> budgets = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, shape, request);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          switch (rs.getInt(1)) {
            case ACCOUNT -> account = row(rs, QUOTA_CLINIC_ACCOUNT, 0);
            case PERIOD -> {
              PeriodRecord p = RecordMappers.period(row(rs, USAGE_METRICS, 1));
              periods.put(p.period().start(), p);
            }
            case KEY -> {
              IdempotencyRecord k = RecordMappers.idempotency(row(rs, QUOTA_IDEMPOTENCY, 2));
              keys.put(k.key(), k);
            }
            case RESERVATION -> {
              ReservationRecord r = RecordMappers.reservation(row(rs, QUOTA_RESERVATION, 3));
              reservations.put(r.id(), r);
            }
            case WINDOW -> {
              RepeatWindow w = RecordMappers.window(row(rs, QUOTA_REPEAT_WINDOW, 4));
              windows.put(w.customer(), w);
            }
            case GRANT -> grants.add(RecordMappers.grant(row(rs, QUOTA_GRANT, 5)));
            case AUTO_TOP_UP ->
                autoTopUp = Optional.of(RecordMappers.autoTopUp(row(rs, QUOTA_AUTO_TOP_UP, 6)));
            case PAYMENT -> payment = Optional.of(RecordMappers.payment(row(rs, QUOTA_PAYMENT, 7)));
            case COUNTER -> {
              UsageCounter u = RecordMappers.counter(row(rs, QUOTA_USAGE_COUNTER, 8));
              counters.put(u.key(), u);
            }
            case BUDGET -> {
              BudgetRecord b = RecordMappers.budget(row(rs, QUOTA_BUDGET, 9));
              budgets.put(b.key(), b);
            }
            default -> throw new SQLException("a loaded row of unknown kind " + rs.getInt(1));
          }
        }
      }
    }
    if (account == null) {
      return ClinicSnapshot.empty(request);
    }
    List<ReservationRecord> expired = new ArrayList<>();
    if (request.expiredAt().isPresent()) {
      Instant at = request.expiredAt().get();
      for (ReservationRecord r : reservations.values()) {
        if (r.isExpiredAt(at)) {
          expired.add(r);
        }
      }
      expired.sort(Comparator.comparing(ReservationRecord::expiresAt));
    }
    return new ClinicSnapshot(request, Optional.of(RecordMappers.account(account)),
        account.getVersion(), account.getLedgerSeq(), periods, keys, reservations, windows,
        expired, grants, autoTopUp, payment, counters, budgets);
  }

  /** The record of {@code table}, the {@code index}-th of {@link #TABLES}, at the cursor's row. */
  @SuppressWarnings("unchecked")
  private static <R extends Record> R row(ResultSet rs, Table<R> table, int index)
      throws SQLException {
    R record = RecordMappers.attached(table.newRecord());
    Field<?>[] fields = table.fields();
    for (int i = 0; i < fields.length; i++) {
      Object value = rs.getObject(2 + COLUMNS[index][i], fields[i].getType());
      record.set((Field<Object>) fields[i], value);
    }
    record.changed(false);
    return record;
  }

  // ---- the text ----

  /**
   * One branch per way a row is named, each a plain key or index lookup (an {@code OR} of them
   * would make a database scan every row of a busy clinic); a row named two ways comes twice and
   * is kept once.
   *
   * <p>A named reservation is looked up by its whole primary key, one branch (or one member of a
   * subquery's {@code UNION ALL}) per name, and its customer's window by the whole key of the
   * window: a planner without statistics on a fast-growing table takes a busy clinic for a few
   * rows, and then prefers reading all of them through {@code (clinic_id, period_start_us)} to
   * an {@code IN} list's probes of the primary key; an equality on every column of a unique key it
   * reads as one row whatever it believes of the table.
   */
  private String render(Shape s) {
    StringBuilder sql = new StringBuilder(8192);
    String account = dsl.render(QUOTA_CLINIC_ACCOUNT);
    String reservation = dsl.render(QUOTA_RESERVATION);
    String expired = "res_state = ? and expires_at_us <= ?";
    String named = " from " + reservation + " where clinic_id = ? and reservation_id = ?";

    branch(sql, ACCOUNT, 0).append(" where clinic_id = ?");
    branch(sql.append(" union all "), PERIOD, 1)
        .append(" where clinic_id = ? and period_start_us = (select period_start_us from ")
        .append(account).append(" where clinic_id = ?)");
    if (s.starts() > 0) {
      branch(sql.append(" union all "), PERIOD, 1)
          .append(" where clinic_id = ? and period_start_us in (").append(params(s.starts()))
          .append(')');
    }
    if (s.reservations() > 0) {
      branch(sql.append(" union all "), PERIOD, 1)
          .append(" where clinic_id = ? and period_start_us in (");
      for (int i = 0; i < s.reservations(); i++) {
        sql.append(i == 0 ? "" : " union all ").append("select period_start_us").append(named);
      }
      sql.append(')');
    }
    if (s.expired()) {
      branch(sql.append(" union all "), PERIOD, 1)
          .append(" where clinic_id = ? and period_start_us in (select period_start_us from ")
          .append(reservation).append(" where clinic_id = ? and ").append(expired).append(')');
    }
    if (s.keys() > 0) {
      branch(sql.append(" union all "), KEY, 2)
          .append(" where clinic_id = ? and idem_key in (").append(params(s.keys())).append(')');
    }
    for (int i = 0; i < s.reservations(); i++) {
      branch(sql.append(" union all "), RESERVATION, 3)
          .append(" where clinic_id = ? and reservation_id = ?");
    }
    if (s.expired()) {
      branch(sql.append(" union all "), RESERVATION, 3)
          .append(" where clinic_id = ? and ").append(expired);
    }
    if (s.customers() > 0) {
      branch(sql.append(" union all "), WINDOW, 4)
          .append(" where clinic_id = ? and customer_hash in (").append(params(s.customers()))
          .append(')');
    }
    for (int i = 0; i < s.reservations(); i++) {
      branch(sql.append(" union all "), WINDOW, 4)
          .append(" where clinic_id = ? and customer_hash = (select customer_hash").append(named)
          .append(')');
    }
    if (s.expired()) {
      branch(sql.append(" union all "), WINDOW, 4)
          .append(" where clinic_id = ? and customer_hash in (select customer_hash from ")
          .append(reservation).append(" where clinic_id = ? and ").append(expired).append(')');
    }
    // every open grant of the clinic: a decision burns from them in their order
    branch(sql.append(" union all "), GRANT, 5)
        .append(" where clinic_id = ? and units_used + units_expired < units_granted");
    // the clinic's auto top-up, and its open payment (at most one): the trigger reads both
    branch(sql.append(" union all "), AUTO_TOP_UP, 6).append(" where clinic_id = ?");
    branch(sql.append(" union all "), PAYMENT, 7)
        .append(" where clinic_id = ? and payment_state in (").append(OPEN_STATES).append(')');
    if (s.counters() > 0) {
      branch(sql.append(" union all "), COUNTER, 8)
          .append(" where clinic_id = ? and counter_id in (").append(params(s.counters()))
          .append(')');
    }
    // a budget row by its whole key, one branch per name
    for (int i = 0; i < s.budgets(); i++) {
      branch(sql.append(" union all "), BUDGET, 9)
          .append(" where clinic_id = ? and scope_kind = ? and holder_id = ?");
    }
    return sql.toString();
  }

  /** {@code select <kind>, <nulls>, <the table's columns>, <nulls> from <table>}. */
  private StringBuilder branch(StringBuilder sql, int kind, int index) {
    sql.append("select ").append(kind);
    Field<?>[] fields = TABLES.get(index).fields();
    String[] slots = new String[WIDTH];
    for (int i = 0; i < fields.length; i++) {
      slots[COLUMNS[index][i]] = fields[i].getName();
    }
    for (int c = 0; c < WIDTH; c++) {
      sql.append(", ").append(slots[c] != null ? slots[c] : nulls[c]);
    }
    return sql.append(" from ").append(dsl.render(TABLES.get(index)));
  }

  private static String params(int n) {
    return "?, ".repeat(n - 1) + "?";
  }

  // ---- the values, in the text's order ----

  private static void bind(PreparedStatement ps, Shape s, LoadRequest r) throws SQLException {
    int[] at = {1};
    String clinic = r.clinic().value();
    List<String> ids = r.reservations().stream().map(ReservationId::value).toList();
    ps.setString(at[0]++, clinic);

    ps.setString(at[0]++, clinic);
    ps.setString(at[0]++, clinic);
    if (s.starts() > 0) {
      ps.setString(at[0]++, clinic);
      longs(ps, at, r.periodStarts().stream().map(JdbcStoreSupport::micros).toList(),
          s.starts());
    }
    if (s.reservations() > 0) {
      ps.setString(at[0]++, clinic);
      named(ps, at, clinic, ids, s.reservations(), false);
    }
    expired(ps, at, s, r, clinic, true);
    if (s.keys() > 0) {
      ps.setString(at[0]++, clinic);
      strings(ps, at, r.keys().stream().map(IdempotencyKey::value).toList(), s.keys());
    }
    named(ps, at, clinic, ids, s.reservations(), false);
    expired(ps, at, s, r, clinic, false);
    if (s.customers() > 0) {
      ps.setString(at[0]++, clinic);
      strings(ps, at, r.customers().stream().map(CustomerRefHash::hex).toList(), s.customers());
    }
    named(ps, at, clinic, ids, s.reservations(), true);
    expired(ps, at, s, r, clinic, true);
    ps.setString(at[0]++, clinic);
    ps.setString(at[0]++, clinic);
    ps.setString(at[0]++, clinic);
    if (s.counters() > 0) {
      ps.setString(at[0]++, clinic);
      strings(ps, at, r.counters().stream().map(RecordMappers::counterId).toList(), s.counters());
    }
    List<BudgetRecord.Key> budgets = List.copyOf(r.budgets());
    for (int i = 0; i < s.budgets(); i++) {
      BudgetRecord.Key key = budgets.get(Math.min(i, budgets.size() - 1));
      ps.setString(at[0]++, clinic);
      ps.setString(at[0]++, key.scope().name());
      ps.setString(at[0]++, key.id());
    }
  }

  /**
   * The values of {@code slots} lookups of a named reservation by its key, each the clinic and an
   * id (the last repeated to fill), each after the clinic of its own branch with {@code branch}.
   */
  private static void named(PreparedStatement ps, int[] at, String clinic, List<String> ids,
      int slots, boolean branch) throws SQLException {
    for (int i = 0; i < slots; i++) {
      if (branch) {
        ps.setString(at[0]++, clinic);
      }
      ps.setString(at[0]++, clinic);
      ps.setString(at[0]++, ids.get(Math.min(i, ids.size() - 1)));
    }
  }

  /**
   * The values of a branch that follows the expired reservations, if the request asks for them:
   * the clinic, with {@code subquery} the clinic again, then the state and the instant.
   */
  private static void expired(PreparedStatement ps, int[] at, Shape s, LoadRequest r,
      String clinic, boolean subquery) throws SQLException {
    if (s.expired()) {
      ps.setString(at[0]++, clinic);
      if (subquery) {
        ps.setString(at[0]++, clinic);
      }
      ps.setString(at[0]++, ReservationState.PENDING.name());
      ps.setLong(at[0]++, JdbcStoreSupport.clampedMicros(r.expiredAt().get()));
    }
  }

  private static void strings(PreparedStatement ps, int[] at, List<String> values, int slots)
      throws SQLException {
    for (int i = 0; i < slots; i++) {
      ps.setString(at[0]++, values.get(Math.min(i, values.size() - 1)));
    }
  }

  private static void longs(PreparedStatement ps, int[] at, List<Long> values, int slots)
      throws SQLException {
    for (int i = 0; i < slots; i++) {
      ps.setLong(at[0]++, values.get(Math.min(i, values.size() - 1)));
    }
  }
}
