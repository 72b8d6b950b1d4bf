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

import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.model.CustomerRefHash;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * PostgreSQL and H2 write a whole {@link WriteSet} with one prepared statement, one text per shape
 * of write-set; MariaDB, which has no statement that writes several tables, sends {@link
 * WriteSetStatements} as one batch instead.
 *
 * <p><b>PostgreSQL</b>: the account's {@code UPDATE ... WHERE clinic_id = ? AND version = ?} (or,
 * for a new account, its {@code INSERT}) is the main statement, and every other row the write-set
 * changes is a data-modifying common table expression of it. The updates of rows the decision read
 * (a period, a reservation, a repeat window) are referenced by the main statement's condition
 * ({@code (SELECT count(*) FROM w0) = 1 AND ...}), so they run first and the account row is locked
 * after them, in the same order by every write-set; the main statement's update count is 1 only
 * when the account was at the version read and every such row was found. The rows of one table
 * written one way form one part: a single row binds its values in {@code VALUES}, several rows bind
 * one array per column and read them with {@code unnest}, so a coalesced write-set of many keys and
 * ledger lines keeps one text. Consecutive write-sets of one text in one transaction (clinic
 * order) go as one JDBC batch, one round trip.
 *
 * <p><b>H2</b>: a {@code SELECT} of one count per write, each from a data change delta table
 * ({@code (SELECT count(*) FROM FINAL TABLE (UPDATE ...))}), which H2 runs in the order written:
 * the account's versioned update first, then the rows' updates (one each), inserts, upserts
 * ({@code MERGE INTO ... KEY}) and deletes. The write-set matched when the account's count and
 * every update's are 1.
 *
 * <p>On both, any other count means the clinic moved: the transaction is rolled back, inserts
 * included, and an insert that meets an existing row fails the statement with a duplicate key.
 * The write-set's outbox events are one more insert, last, naming every column but the sequence
 * the database assigns; an event id that exists is such a duplicate key.
 * Each text is rendered once per store; values are bound, never inlined, so nothing is parsed per
 * operation once the driver or the database keeps the prepared statement.
 */
final class SingleStatementWriteSets {
  /** Texts kept per store; a shape beyond them (H2's counts of rows vary) is rendered each time. */
  private static final int MAX_TEXTS = 512;

  private final DSLContext dsl;
  private final boolean h2;
  private final ConcurrentMap<String, String> sqlByShape = new ConcurrentHashMap<>();

  SingleStatementWriteSets(DSLContext dsl) {
    this.dsl = dsl;
    this.h2 = dsl.dialect().family() == SQLDialect.H2;
  }

  /** Whether the write-sets of one text are sent as one JDBC batch of update counts. */
  boolean batches() {
    return !h2;
  }

  /**
   * The statement writing {@code writes}, or {@code null} when it cannot be one statement: a
   * repeat window removed and written again for the same customer (one statement's parts do not
   * see each other's rows, so the insert would meet the row its own delete removes).
   */
  Statement statement(WriteSet writes) {
    if (!h2 && !writes.windowsRemoved().isEmpty() && !writes.windows().isEmpty()) {
      Set<CustomerRefHash> removed = new HashSet<>(writes.windowsRemoved());
      for (WriteSet.Row<RepeatWindow> w : writes.windows()) {
        if (removed.contains(w.row().customer())) {
          return null;
        }
      }
    }
    Statement s = new Statement(writes, h2);
    String shape = s.shape.toString();
    String sql = sqlByShape.get(shape);
    if (sql == null) {
      sql = h2 ? renderH2(s) : render(s);
      if (sqlByShape.size() < MAX_TEXTS) {
        sqlByShape.putIfAbsent(shape, sql);
      }
    }
    s.sql = sql;
    return s;
  }

  /** One write-set's parts, its shape, and the values to bind in the statement's order. */
  static final class Statement {
    final WriteSet writes;
    final StringBuilder shape = new StringBuilder(32);
    final List<Part> parts = new ArrayList<>();
    final QuotaClinicAccountRecord account;
    /** H2 writes each row it updates apart and lists the rows it inserts, so counts shape it. */
    private final boolean h2;
    String sql;

    Statement(WriteSet writes, boolean h2) {
      this.writes = writes;
      this.h2 = h2;
      this.account = RecordMappers.account(writes.account(),
          writes.ledgerSize() + writes.ledger().size());
      account.setVersion(writes.nextVersion());
      shape.append(writes.newAccount() ? 'A' : 'a');
      List<Record> periodUpdates = new ArrayList<>();
      List<Record> periodInserts = new ArrayList<>();
      for (WriteSet.Row<PeriodRecord> p : writes.periods()) {
        (p.inserted() ? periodInserts : periodUpdates).add(RecordMappers.period(p.row()));
      }
      List<Record> reservationUpdates = new ArrayList<>();
      List<Record> reservationInserts = new ArrayList<>();
      for (WriteSet.Row<ReservationRecord> r : writes.reservations()) {
        (r.inserted() ? reservationInserts : reservationUpdates)
            .add(RecordMappers.reservation(r.row()));
      }
      List<Record> keyInserts = new ArrayList<>();
      List<Record> keyUpserts = new ArrayList<>();
      for (WriteSet.Row<IdempotencyRecord> k : writes.keys()) {
        (k.inserted() ? keyInserts : keyUpserts).add(RecordMappers.idempotency(k.row()));
      }
      List<Record> windowDeletes = new ArrayList<>();
      for (CustomerRefHash removed : writes.windowsRemoved()) {
        Record key = RecordMappers.attached(QUOTA_REPEAT_WINDOW.newRecord());
        key.set(QUOTA_REPEAT_WINDOW.CLINIC_ID, writes.clinic().value());
        key.set(QUOTA_REPEAT_WINDOW.CUSTOMER_HASH, removed.hex());
        windowDeletes.add(key);
      }
      List<Record> windowUpdates = new ArrayList<>();
      List<Record> windowInserts = new ArrayList<>();
      for (WriteSet.Row<RepeatWindow> w : writes.windows()) {
        (w.inserted() ? windowInserts : windowUpdates).add(RecordMappers.window(w.row()));
      }
      List<Record> grantUpdates = new ArrayList<>();
      List<Record> grantInserts = new ArrayList<>();
      for (WriteSet.Row<GrantRecord> g : writes.grants()) {
        (g.inserted() ? grantInserts : grantUpdates).add(RecordMappers.grant(g.row()));
      }
      List<Record> autoTopUpUpdates = new ArrayList<>();
      List<Record> autoTopUpInserts = new ArrayList<>();
      for (WriteSet.Row<AutoTopUpRecord> a : writes.autoTopUps()) {
        (a.inserted() ? autoTopUpInserts : autoTopUpUpdates).add(RecordMappers.autoTopUp(a.row()));
      }
      List<Record> paymentUpdates = new ArrayList<>();
      List<Record> paymentInserts = new ArrayList<>();
      for (WriteSet.Row<PaymentRecord> p : writes.payments()) {
        (p.inserted() ? paymentInserts : paymentUpdates).add(RecordMappers.payment(p.row()));
      }
      List<Record> counterUpdates = new ArrayList<>();
      List<Record> counterInserts = new ArrayList<>();
      for (WriteSet.Row<UsageCounter> c : writes.counters()) {
        (c.inserted() ? counterInserts : counterUpdates).add(RecordMappers.counter(c.row()));
      }
      List<Record> budgetUpdates = new ArrayList<>();
      List<Record> budgetInserts = new ArrayList<>();
      for (WriteSet.Row<BudgetRecord> b : writes.budgets()) {
        (b.inserted() ? budgetInserts : budgetUpdates).add(RecordMappers.budget(b.row()));
      }
      List<Record> ledger = new ArrayList<>(writes.ledger().size());
      long seq = writes.ledgerSize();
      for (LedgerEntry e : writes.ledger()) {
        ledger.add(RecordMappers.ledger(e, ++seq));
      }
      List<Record> billing = new ArrayList<>(writes.billing().size());
      for (BillingLine b : writes.billing()) {
        billing.add(RecordMappers.billing(b));
      }
      List<Record> events = new ArrayList<>(writes.events().size());
      for (EventRecord e : writes.events()) {
        events.add(RecordMappers.event(e));
      }
      // updates first, in one order for every write-set, so that rows are locked in that order
      add(Kind.UPDATE, USAGE_METRICS, periodUpdates, 'P');
      add(Kind.UPDATE, QUOTA_RESERVATION, reservationUpdates, 'R');
      add(Kind.UPDATE, QUOTA_REPEAT_WINDOW, windowUpdates, 'W');
      add(Kind.UPDATE, QUOTA_GRANT, grantUpdates, 'G');
      add(Kind.UPDATE, QUOTA_AUTO_TOP_UP, autoTopUpUpdates, 'T');
      add(Kind.UPDATE, QUOTA_PAYMENT, paymentUpdates, 'Y');
      add(Kind.UPDATE, QUOTA_USAGE_COUNTER, counterUpdates, 'C');
      add(Kind.UPDATE, QUOTA_BUDGET, budgetUpdates, 'D');
      add(Kind.INSERT, USAGE_METRICS, periodInserts, 'P');
      add(Kind.INSERT, QUOTA_RESERVATION, reservationInserts, 'R');
      add(Kind.INSERT, QUOTA_IDEMPOTENCY, keyInserts, 'K');
      add(Kind.UPSERT, QUOTA_IDEMPOTENCY, keyUpserts, 'K');
      add(Kind.DELETE, QUOTA_REPEAT_WINDOW, windowDeletes, 'W');
      add(Kind.INSERT, QUOTA_REPEAT_WINDOW, windowInserts, 'W');
      add(Kind.INSERT, QUOTA_GRANT, grantInserts, 'G');
      add(Kind.INSERT, QUOTA_AUTO_TOP_UP, autoTopUpInserts, 'T');
      add(Kind.INSERT, QUOTA_PAYMENT, paymentInserts, 'Y');
      add(Kind.INSERT, QUOTA_USAGE_COUNTER, counterInserts, 'C');
      add(Kind.INSERT, QUOTA_BUDGET, budgetInserts, 'D');
      add(Kind.INSERT, AI_USAGE_LOGS, ledger, 'L');
      add(Kind.INSERT, QUOTA_BILLING_LINE, billing, 'B');
      add(Kind.INSERT, QUOTA_EVENT, events, 'E');
    }

    private void add(Kind kind, Table<?> table, List<Record> rows, char tag) {
      if (rows.isEmpty()) {
        return;
      }
      parts.add(new Part(kind, table, rows));
      shape.append(tag).append(kind.tag);
      if (h2) {
        shape.append(rows.size());
      } else {
        shape.append(rows.size() == 1 ? '1' : 'n');
      }
    }

    /** Binds every value in the order the statement's text has its parameters. */
    void bind(PreparedStatement ps) throws SQLException {
      int[] at = {1};
      if (h2) {
        bindH2(ps, at);
        return;
      }
      for (Part p : parts) {
        p.bind(ps, at);
      }
      if (writes.newAccount()) {
        bindInsert(ps, at, account, QUOTA_CLINIC_ACCOUNT);
      } else {
        bindNonKey(ps, at, account, QUOTA_CLINIC_ACCOUNT);
        set(ps, at[0]++, QUOTA_CLINIC_ACCOUNT.CLINIC_ID, writes.clinic().value());
        set(ps, at[0]++, QUOTA_CLINIC_ACCOUNT.VERSION, writes.readVersion());
      }
      for (Part p : parts) {
        if (p.kind == Kind.UPDATE && p.many()) {
          ps.setLong(at[0]++, p.rows.size());
        }
      }
    }
    private void bindH2(PreparedStatement ps, int[] at) throws SQLException {
      if (writes.newAccount()) {
        bindInsert(ps, at, account, QUOTA_CLINIC_ACCOUNT);
      } else {
        bindNonKey(ps, at, account, QUOTA_CLINIC_ACCOUNT);
        set(ps, at[0]++, QUOTA_CLINIC_ACCOUNT.CLINIC_ID, writes.clinic().value());
        set(ps, at[0]++, QUOTA_CLINIC_ACCOUNT.VERSION, writes.readVersion());
      }
      for (Part p : parts) {
        for (Record r : p.rows) {
          switch (p.kind) {
            case INSERT, UPSERT -> bindInsert(ps, at, r, p.table);
            case UPDATE -> {
              bindNonKey(ps, at, r, p.table);
              bindKey(ps, at, r, p.table);
            }
            case DELETE -> bindKey(ps, at, r, p.table);
            default -> throw new IllegalStateException(p.kind.name());
          }
        }
      }
    }

    /**
     * Whether the one row of counts H2 answered shows the account at the version read and every
     * updated row found.
     */
    boolean matched(ResultSet counts) throws SQLException {
      if (!counts.next() || counts.getLong(1) != 1) {
        return false;
      }
      int column = 2;
      for (Part p : parts) {
        if (p.kind == Kind.UPDATE) {
          for (int i = 0; i < p.rows.size(); i++) {
            if (counts.getLong(column++) != 1) {
              return false;
            }
          }
        } else {
          column++;
        }
      }
      return true;
    }
  }

  private enum Kind {
    INSERT('i'), UPDATE('u'), UPSERT('k'), DELETE('d');

    final char tag;

    Kind(char tag) {
      this.tag = tag;
    }
  }

  /** A common table expression: one kind of write of some rows of one table. */
  private record Part(Kind kind, Table<?> table, List<Record> rows) {
    boolean many() {
      return rows.size() > 1;
    }

    void bind(PreparedStatement ps, int[] at) throws SQLException {
      if (many()) {
        List<? extends Field<?>> columns = switch (kind) {
          case INSERT, UPSERT -> insertable(table);
          case UPDATE -> all(table);
          case DELETE -> key(table);
        };
        for (Field<?> f : columns) {
          Object[] values = new Object[rows.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i).get(f);
          }
          ps.setArray(at[0]++, ps.getConnection().createArrayOf(arrayType(f), values));
        }
        return;
      }
      Record r = rows.get(0);
      switch (kind) {
        case INSERT, UPSERT -> bindInsert(ps, at, r, table);
        case UPDATE -> {
          bindNonKey(ps, at, r, table);
          bindKey(ps, at, r, table);
        }
        case DELETE -> bindKey(ps, at, r, table);
        default -> throw new IllegalStateException(kind.name());
      }
    }
  }

  private String render(Statement s) {
    StringBuilder sql = new StringBuilder(1024);
    List<Part> mustMatch = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < s.parts.size(); i++) {
      Part p = s.parts.get(i);
      String name = "w" + i;
      sql.append(i == 0 ? "with " : ", ").append(name).append(" as (");
      String table = dsl.render(p.table);
      switch (p.kind) {
        case INSERT -> insert(sql, table, p);
        case UPSERT -> {
          insert(sql, table, p);
          sql.append(" on conflict (").append(names(key(p.table))).append(") do update set ");
          boolean first = true;
          for (Field<?> f : nonKey(p.table)) {
            sql.append(first ? "" : ", ").append(f.getName()).append(" = excluded.")
                .append(f.getName());
            first = false;
          }
        }
        case UPDATE -> {
          if (p.many()) {
            sql.append("update ").append(table).append(" as x set ");
            boolean first = true;
            for (Field<?> f : nonKey(p.table)) {
              sql.append(first ? "" : ", ").append(f.getName()).append(" = v.")
                  .append(f.getName());
              first = false;
            }
            sql.append(" from ").append(unnest(all(p.table))).append(" as v (")
                .append(names(all(p.table))).append(')');
            List<TableField<?, ?>> key = key(p.table);
            for (int k = 0; k < key.size(); k++) {
              sql.append(k == 0 ? " where " : " and ").append("x.").append(key.get(k).getName())
                  .append(" = v.").append(key.get(k).getName());
            }
          } else {
            update(sql, table, p.table);
          }
          sql.append(" returning 1");
          mustMatch.add(p);
          names.add(name);
        }
        case DELETE -> {
          sql.append("delete from ").append(table);
          if (p.many()) {
            sql.append(" where (").append(names(key(p.table))).append(") in (select * from ")
                .append(unnest(key(p.table))).append(')');
          } else {
            where(sql, key(p.table));
          }
        }
        default -> throw new IllegalStateException(p.kind.name());
      }
      sql.append(')');
    }
    if (!s.parts.isEmpty()) {
      sql.append(' ');
    }
    String account = dsl.render(QUOTA_CLINIC_ACCOUNT);
    if (s.writes.newAccount()) {
      sql.append("insert into ").append(account).append(" (")
          .append(names(insertable(QUOTA_CLINIC_ACCOUNT))).append(") select ")
          .append(params(insertable(QUOTA_CLINIC_ACCOUNT).size()));
    } else {
      update(sql, account, QUOTA_CLINIC_ACCOUNT);
      sql.append(" and ").append(QUOTA_CLINIC_ACCOUNT.VERSION.getName()).append(" = ?");
    }
    for (int i = 0; i < mustMatch.size(); i++) {
      sql.append(i == 0 && s.writes.newAccount() ? " where " : " and ");
      sql.append("(select count(*) from ").append(names.get(i)).append(") = ")
          .append(mustMatch.get(i).many() ? "?" : "1");
    }
    return sql.toString();
  }

  private String renderH2(Statement s) {
    StringBuilder sql = new StringBuilder(1024).append("select ");
    String account = dsl.render(QUOTA_CLINIC_ACCOUNT);
    if (s.writes.newAccount()) {
      sql.append("(select count(*) from final table (insert into ").append(account).append(" (")
          .append(names(insertable(QUOTA_CLINIC_ACCOUNT))).append(") values (")
          .append(params(insertable(QUOTA_CLINIC_ACCOUNT).size())).append(")))");
    } else {
      sql.append("(select count(*) from final table (");
      update(sql, account, QUOTA_CLINIC_ACCOUNT);
      sql.append(" and ").append(QUOTA_CLINIC_ACCOUNT.VERSION.getName()).append(" = ?))");
    }
    for (Part p : s.parts) {
      String table = dsl.render(p.table);
      String row = "(" + params(insertable(p.table).size()) + ")";
      switch (p.kind) {
        case UPDATE -> {
          for (int i = 0; i < p.rows.size(); i++) {
            sql.append(", (select count(*) from final table (");
            update(sql, table, p.table);
            sql.append("))");
          }
        }
        case INSERT, UPSERT -> {
          sql.append(", (select count(*) from final table (")
              .append(p.kind == Kind.INSERT ? "insert into " : "merge into ").append(table)
              .append(" (").append(names(insertable(p.table))).append(')');
          if (p.kind == Kind.UPSERT) {
            sql.append(" key (").append(names(key(p.table))).append(')');
          }
          sql.append(" values ")
              .append(String.join(", ", java.util.Collections.nCopies(p.rows.size(), row)))
              .append("))");
        }
        case DELETE -> {
          String keyRow = "(" + params(key(p.table).size()) + ")";
          sql.append(", (select count(*) from old table (delete from ").append(table)
              .append(" where (").append(names(key(p.table))).append(") in (")
              .append(String.join(", ", java.util.Collections.nCopies(p.rows.size(), keyRow)))
              .append(")))");
        }
        default -> throw new IllegalStateException(p.kind.name());
      }
    }
    return sql.toString();
  }

  private static void insert(StringBuilder sql, String table, Part p) {
    List<Field<?>> columns = insertable(p.table);
    sql.append("insert into ").append(table).append(" (").append(names(columns));
    if (p.many()) {
      sql.append(") select * from ").append(unnest(columns));
    } else {
      sql.append(") values (").append(params(columns.size())).append(')');
    }
  }

  /** {@code unnest(?::int8[], ?::varchar[], ...)}: one array parameter per column. */
  private static String unnest(List<? extends Field<?>> columns) {
    StringBuilder b = new StringBuilder("unnest(");
    for (int i = 0; i < columns.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("?::").append(arrayType(columns.get(i))).append("[]");
    }
    return b.append(')').toString();
  }

  /** The PostgreSQL element type of an array of {@code field}'s values. */
  private static String arrayType(Field<?> field) {
    return switch (field.getDataType().getSQLType(RecordMappers.ROWS)) {
      case java.sql.Types.BIGINT -> "int8";
      case java.sql.Types.INTEGER -> "int4";
      case java.sql.Types.BOOLEAN -> "bool";
      case java.sql.Types.VARCHAR, java.sql.Types.CHAR -> "varchar";
      case java.sql.Types.CLOB -> "text";
      default -> throw new IllegalStateException("no array type for " + field);
    };
  }

  /** {@code update t set <non-key> = ? ... where <key> = ? and ...}. */
  private static void update(StringBuilder sql, String table, Table<?> t) {
    sql.append("update ").append(table).append(" set ");
    boolean first = true;
    for (Field<?> f : nonKey(t)) {
      sql.append(first ? "" : ", ").append(f.getName()).append(" = ?");
      first = false;
    }
    where(sql, key(t));
  }

  private static void where(StringBuilder sql, List<? extends Field<?>> key) {
    for (int i = 0; i < key.size(); i++) {
      sql.append(i == 0 ? " where " : " and ").append(key.get(i).getName()).append(" = ?");
    }
  }

  private static String names(List<? extends Field<?>> fields) {
    StringBuilder b = new StringBuilder();
    for (Field<?> f : fields) {
      b.append(b.length() == 0 ? "" : ", ").append(f.getName());
    }
    return b.toString();
  }

  private static String params(int n) {
    return "?, ".repeat(n - 1) + "?";
  }

  /**
   * The primary key's columns and the others, of each table, in the order they are bound, and the
   * columns an insert names (all but an identity, which the database assigns); and for binding,
   * each column's JDBC type and the positions (in the table's and its rows' order) of the key's
   * columns, of the others and of the inserted ones.
   */
  private record Columns(List<TableField<?, ?>> key, List<Field<?>> nonKey,
      List<Field<?>> insert, int[] types, int[] keyAt, int[] nonKeyAt, int[] insertAt) {

    static Columns of(Table<?> table) {
      List<TableField<?, ?>> key = List.copyOf(table.getPrimaryKey().getFields());
      Field<?> identity = table.getIdentity() == null ? null : table.getIdentity().getField();
      Field<?>[] fields = table.fields();
      List<Field<?>> rest = new ArrayList<>();
      List<Field<?>> insert = new ArrayList<>();
      int[] types = new int[fields.length];
      int[] keyAt = new int[key.size()];
      int[] nonKeyAt = new int[fields.length - key.size()];
      int[] insertAt = new int[fields.length - (identity == null ? 0 : 1)];
      for (int i = 0, n = 0, m = 0; i < fields.length; i++) {
        types[i] = fields[i].getDataType().getSQLType(RecordMappers.ROWS);
        int k = key.indexOf(fields[i]);
        if (k >= 0) {
          keyAt[k] = i;
        } else {
          rest.add(fields[i]);
          nonKeyAt[n++] = i;
        }
        if (!fields[i].equals(identity)) {
          insert.add(fields[i]);
          insertAt[m++] = i;
        }
      }
      return new Columns(key, List.copyOf(rest), List.copyOf(insert), types, keyAt, nonKeyAt,
          insertAt);
    }
  }

  /**
   * The columns of the tables write-sets write, by identity (the tables are constants, and a
   * jOOQ table's own hash is costly); a table not listed has its columns worked out each time.
   */
  private static final Map<Table<?>, Columns> COLUMNS = new IdentityHashMap<>();

  static {
    for (Table<?> t : List.of(AI_USAGE_LOGS, QUOTA_AUTO_TOP_UP, QUOTA_BILLING_LINE, QUOTA_BUDGET,
        QUOTA_CLINIC_ACCOUNT, QUOTA_EVENT, QUOTA_GRANT, QUOTA_IDEMPOTENCY, QUOTA_PAYMENT, QUOTA_REPEAT_WINDOW,
        QUOTA_RESERVATION, QUOTA_USAGE_COUNTER, USAGE_METRICS)) {
      COLUMNS.put(t, Columns.of(t));
    }
  }

  private static Columns columns(Table<?> t) {
    Columns c = COLUMNS.get(t);
    return c != null ? c : Columns.of(t);
  }

  /** Every column of {@code t}, in the table's order. */
  private static List<Field<?>> all(Table<?> t) {
    return List.of(t.fields());
  }

  /** The columns of {@code t} an insert names, in the table's order: all but an identity. */
  private static List<Field<?>> insertable(Table<?> t) {
    return columns(t).insert();
  }

  private static List<TableField<?, ?>> key(Table<?> t) {
    return columns(t).key();
  }

  private static List<Field<?>> nonKey(Table<?> t) {
    return columns(t).nonKey();
  }

  private static void bindInsert(PreparedStatement ps, int[] at, Record r, Table<?> t)
      throws SQLException {
    Columns c = columns(t);
    for (int i : c.insertAt()) {
      set(ps, at[0]++, c.types()[i], r.get(i));
    }
  }

  private static void bindNonKey(PreparedStatement ps, int[] at, Record r, Table<?> t)
      throws SQLException {
    Columns c = columns(t);
    for (int i : c.nonKeyAt()) {
      set(ps, at[0]++, c.types()[i], r.get(i));
    }
  }

  private static void bindKey(PreparedStatement ps, int[] at, Record r, Table<?> t)
      throws SQLException {
    Columns c = columns(t);
    for (int i : c.keyAt()) {
      set(ps, at[0]++, c.types()[i], r.get(i));
    }
  }

  private static void set(PreparedStatement ps, int index, Field<?> field, Object value)
      throws SQLException {
    set(ps, index, field.getDataType().getSQLType(RecordMappers.ROWS), value);
  }

  private static void set(PreparedStatement ps, int index, int sqlType, Object value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlType);
    } else if (value instanceof Long l) {
      ps.setLong(index, l);
    } else if (value instanceof Integer i) {
      ps.setInt(index, i);
    } else if (value instanceof String str) {
      ps.setString(index, str);
    } else if (value instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else {
      ps.setObject(index, value, sqlType);
    }
  }
}
