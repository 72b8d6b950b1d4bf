package com.bnaura.quota.jdbc.internal;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.MonthlyCharge;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * The one-statement monthly charge on PostgreSQL: a data-modifying {@code WITH} that locks the
 * clinic's account row ({@code FOR UPDATE}, the same lock the store's transactions take first, so
 * the two serialize and cannot deadlock), adds the units to the current period's row under a
 * {@code WHERE} that checks every condition of {@link MonthlyCharge} on that row's current columns,
 * and, only if that row was updated, advances the account's ledger sequence and inserts the
 * idempotency record and the ledger row. One autocommit statement: one round trip, and the locks
 * last as long as the statement.
 *
 * <p>Under READ COMMITTED, an {@code UPDATE} that finds its row changed by a transaction that
 * committed meanwhile evaluates its {@code WHERE} again on the newest version, so no decision rests
 * on a stale read. A key that already exists violates the primary key and aborts the whole
 * statement: nothing is written and the engine's transaction replays the stored outcome.
 *
 * <p>{@link #applyAll} applies the charges of several clinics with one statement of the same shape
 * whose inputs are arrays: it locks their account rows in clinic order (so two such statements
 * cannot deadlock, and a transaction locks one clinic only), and each charge is decided on its own
 * rows; one charge whose conditions fail is left out while the others apply. A key that already
 * has a record aborts the statement like the single one; then each charge of it is sent again
 * alone, so only that one falls back to the transaction. Every lookup is by primary key, so the
 * plan the server caches for the statement stays an index plan as the tables grow.
 *
 * <p>The SQL is a constant (one per number of eligible plans, one for the array form) sent through
 * a plain {@link PreparedStatement}: the driver prepares it on the server once per connection, and
 * nothing is rendered per call.
 */
final class PostgresMonthlyCharge {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int MAX_PLANS = 32;

  /** The remaining after the charge, as an expression on the updated period row {@code u}. */
  private static final String REMAINING =
      "u.quota_limit - u.current_usage - u.monthly_reserved - u.forfeited";

  private static final String KEY_INSERT =
      " insert into quota_idempotency (clinic_id, idem_key, fingerprint, outcome, created_at_us)";

  private static final String LEDGER_INSERT =
      " insert into ai_usage_logs (clinic_id, seq, entry_kind, at_us, period_start_us, units,"
      + " from_monthly, from_addon, overage, money_minor, currency, waived, operation_id, user_id,"
      + " reservation_id, idem_key, reason, ai_model, prompt_tokens, output_tokens, thought_tokens)";

  private static final String ALL = statementForAll();

  private final ConcurrentHashMap<Integer, String> statements = new ConcurrentHashMap<>();

  /**
   * Applies {@code charge}, or returns empty having written nothing.
   *
   * @throws org.jooq.exception.DataAccessException if the statement fails for another reason than
   *     an existing key
   */
  Optional<MonthlyCharge.Applied> apply(DSLContext dsl, MonthlyCharge charge) {
    return dsl.connectionResult(connection -> applyOne(connection, charge));
  }

  /**
   * Applies the charges of {@code round}, which are on different clinics and share one set of
   * plans, with one autocommit statement on {@code connection}, and returns what each got, in the
   * order of {@code round}: applied, or empty having written nothing for it. A key that already
   * has a record makes the whole statement write nothing; then each charge is sent alone.
   *
   * @throws SQLException if the statement fails for another reason than an existing key
   */
  List<Optional<MonthlyCharge.Applied>> applyAll(Connection connection,
      List<MonthlyCharge> round) throws SQLException {
    int n = round.size();
    List<Optional<MonthlyCharge.Applied>> results = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      results.add(Optional.empty());
    }
    if (!connection.getAutoCommit() || round.get(0).plans().isEmpty()) {
      return results;
    }
    String[] clinics = new String[n];
    String[] keys = new String[n];
    String[] fingerprints = new String[n];
    String[] heads = new String[n];
    String[] middles = new String[n];
    String[] tails = new String[n];
    String[] currencies = new String[n];
    String[] operations = new String[n];
    String[] users = new String[n];
    Long[] units = new Long[n];
    Long[] at = new Long[n];
    Map<String, Integer> index = new HashMap<>(n * 2);
    for (int c = 0; c < n; c++) {
      MonthlyCharge charge = round.get(c);
      clinics[c] = charge.clinic().value();
      keys[c] = charge.key().value();
      fingerprints[c] = charge.fingerprint();
      heads[c] = charge.outcomeHead();
      middles[c] = charge.outcomeMiddle();
      tails[c] = charge.outcomeTail();
      currencies[c] = charge.currency().getCurrencyCode();
      operations[c] = charge.operation().value();
      users[c] = charge.user().map(UserId::value).orElse(null);
      units[c] = charge.units().milli();
      at[c] = RecordMappers.micros(charge.at());
      if (index.put(clinics[c], c) != null) {
        throw new IllegalArgumentException("one clinic twice in a round: " + clinics[c]);
      }
    }
    String[] plans = round.get(0).plans().stream().map(PlanId::value).toArray(String[]::new);
    try (PreparedStatement ps = connection.prepareStatement(ALL)) {
      int i = 0;
      for (String[] column : List.of(clinics, keys, fingerprints, heads, middles, tails,
          currencies, operations, users)) {
        ps.setArray(++i, connection.createArrayOf("text", column));
      }
      ps.setArray(++i, connection.createArrayOf("bigint", units));
      ps.setArray(++i, connection.createArrayOf("bigint", at));
      ps.setArray(++i, connection.createArrayOf("text", plans));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int c = index.get(rs.getString(1));
          BillingPeriod period = new BillingPeriod(RecordMappers.instant(rs.getLong(2)),
              RecordMappers.instant(rs.getLong(3)));
          results.set(c, Optional.of(
              new MonthlyCharge.Applied(period, Units.ofMilli(rs.getLong(4)))));
        }
      }
      return results;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    for (int c = 0; c < n; c++) {
      results.set(c, applyOne(connection, round.get(c)));
    }
    return results;
  }

  /**
   * Applies one charge on {@code connection}, as {@link #apply} does.
   *
   * @throws SQLException if the statement fails for another reason than an existing key
   */
  Optional<MonthlyCharge.Applied> applyOne(Connection connection, MonthlyCharge charge)
      throws SQLException {
    int plans = charge.plans().size();
    if (plans == 0 || plans > MAX_PLANS) {
      return Optional.empty();
    }
    return run(connection, statements.computeIfAbsent(plans, PostgresMonthlyCharge::statement),
        charge);
  }

  private static Optional<MonthlyCharge.Applied> run(Connection connection, String sql,
      MonthlyCharge charge) throws SQLException {
    if (!connection.getAutoCommit()) {
      // inside a transaction the host opened: its commit is not ours to send
      return Optional.empty();
    }
    long at = RecordMappers.micros(charge.at());
    long units = charge.units().milli();
    String clinic = charge.clinic().value();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int i = 0;
      // a
      ps.setString(++i, clinic);
      ps.setLong(++i, at);
      List<String> planIds = new ArrayList<>(charge.plans().size());
      for (PlanId plan : charge.plans()) {
        planIds.add(plan.value());
      }
      planIds.sort(null);
      for (String plan : planIds) {
        ps.setString(++i, plan);
      }
      // m
      ps.setLong(++i, units);
      ps.setString(++i, clinic);
      ps.setLong(++i, units);
      ps.setLong(++i, units);
      ps.setLong(++i, units);
      // s
      ps.setLong(++i, at);
      ps.setString(++i, clinic);
      // k
      ps.setString(++i, clinic);
      ps.setString(++i, charge.key().value());
      ps.setString(++i, charge.fingerprint());
      ps.setString(++i, charge.outcomeHead());
      ps.setString(++i, charge.outcomeMiddle());
      ps.setString(++i, charge.outcomeTail());
      ps.setLong(++i, at);
      // l
      ps.setString(++i, clinic);
      ps.setLong(++i, at);
      ps.setLong(++i, units);
      ps.setLong(++i, units);
      ps.setString(++i, charge.currency().getCurrencyCode());
      ps.setString(++i, charge.operation().value());
      Optional<String> user = charge.user().map(UserId::value);
      if (user.isPresent()) {
        ps.setString(++i, user.get());
      } else {
        ps.setNull(++i, Types.VARCHAR);
      }
      ps.setString(++i, charge.key().value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        BillingPeriod period = new BillingPeriod(RecordMappers.instant(rs.getLong(1)),
            RecordMappers.instant(rs.getLong(2)));
        return Optional.of(new MonthlyCharge.Applied(period, Units.ofMilli(rs.getLong(3))));
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The statement for {@code plans} eligible plans. */
  static String statement(int plans) {
    StringBuilder in = new StringBuilder();
    for (int p = 0; p < plans; p++) {
      in.append(p == 0 ? "?" : ", ?");
    }
    return "with a as ("
        + " select period_start_us, addon_available, ledger_seq from quota_clinic_account"
        + " where clinic_id = ? and next_reset_us > ? and plan_id in (" + in + ")"
        + " and max_units_per_request is null"
        + " for update"
        + "), m as ("
        + " update usage_metrics u set current_usage = u.current_usage + ?"
        + " from a"
        + " where u.clinic_id = ? and u.period_start_us = a.period_start_us"
        + " and not u.unlimited and not u.closed and u.period_start_us >= 0"
        + fitsWithoutAlert("?")
        + " returning u.period_start_us, u.period_end_us, " + REMAINING
        + " + a.addon_available as remaining"
        + "), s as ("
        + " update quota_clinic_account c set ledger_seq = a.ledger_seq + 1, updated_at_us = ?"
        + " from a, m where c.clinic_id = ?"
        + " returning c.ledger_seq"
        + "), k as ("
        + KEY_INSERT
        + " select ?, ?, ?, cast(? as text) || " + instant("m.period_start_us")
        + " || cast(? as text) || " + instant("m.period_end_us")
        + " || cast(? as text) || cast(m.remaining as text), ? from m"
        + "), l as ("
        + LEDGER_INSERT
        + " select ?, s.ledger_seq, 'CHARGE', ?, m.period_start_us, ?, ?, 0, 0, 0, ?, 0, ?, ?,"
        + " null, ?, null, null, 0, 0, 0 from m, s"
        + ")"
        + " select period_start_us, period_end_us, remaining from m";
  }

  /**
   * The statement for several clinics: the same steps as {@link #statement}, on rows joined to
   * the charges' arrays by clinic.
   */
  static String statementForAll() {
    return "with r as ("
        + " select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]),"
        + " cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),"
        + " cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]))"
        + " as r(clinic_id, idem_key, fingerprint, head, middle, tail, currency, operation_id,"
        + " user_id, units, at_us)"
        + "), a as ("
        + " select c.clinic_id, c.period_start_us, c.addon_available, c.ledger_seq, r.units,"
        + " r.at_us from quota_clinic_account c join r on r.clinic_id = c.clinic_id"
        + " where c.next_reset_us > r.at_us and c.plan_id = any(cast(? as text[]))"
        + " and c.max_units_per_request is null"
        + " order by c.clinic_id"
        + " for update of c"
        + "), m as ("
        + " update usage_metrics u set current_usage = u.current_usage + a.units"
        + " from a"
        + " where u.clinic_id = a.clinic_id and u.period_start_us = a.period_start_us"
        + " and not u.unlimited and not u.closed and u.period_start_us >= 0"
        + fitsWithoutAlert("a.units")
        + " returning u.clinic_id, u.period_start_us, u.period_end_us, " + REMAINING
        + " + a.addon_available as remaining"
        + "), s as ("
        + " update quota_clinic_account c set ledger_seq = a.ledger_seq + 1, updated_at_us = a.at_us"
        + " from a join m on m.clinic_id = a.clinic_id where c.clinic_id = a.clinic_id"
        + " returning c.clinic_id, c.ledger_seq"
        + "), k as ("
        + KEY_INSERT
        + " select r.clinic_id, r.idem_key, r.fingerprint, r.head || "
        + instant("m.period_start_us") + " || r.middle || " + instant("m.period_end_us")
        + " || r.tail || cast(m.remaining as text), r.at_us from m join r on r.clinic_id = m.clinic_id"
        + "), l as ("
        + LEDGER_INSERT
        + " select r.clinic_id, s.ledger_seq, 'CHARGE', r.at_us, m.period_start_us, r.units,"
        + " r.units, 0, 0, 0, r.currency, 0, r.operation_id, r.user_id, null, r.idem_key, null,"
        + " null, 0, 0, 0 from m join s on s.clinic_id = m.clinic_id"
        + " join r on r.clinic_id = m.clinic_id"
        + ")"
        + " select clinic_id, period_start_us, period_end_us, remaining from m";
  }

  /**
   * The conditions of {@link MonthlyCharge} on the period row {@code u}, for a charge of {@code
   * units} (an expression) with the account {@code a}: the monthly remaining covers it, and after
   * it the clinic is above every alert level.
   */
  private static String fitsWithoutAlert(String units) {
    return " and " + REMAINING + " >= " + units
        + " and " + REMAINING + " - " + units + " + a.addon_available > 0"
        + " and (" + REMAINING + " - " + units + " + a.addon_available) * 10"
        + " >= u.quota_limit + u.addon_at_start + u.addon_bought";
  }

  /** Epoch microseconds as the outcome codec writes an instant: seconds, a dot, nanos. */
  private static String instant(String micros) {
    return "cast(" + micros + " / 1000000 as text) || '.' || cast(" + micros
        + " % 1000000 * 1000 as text)";
  }
}
