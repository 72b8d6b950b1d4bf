package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_CLINIC_ACCOUNT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_IDEMPOTENCY;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_REPEAT_WINDOW;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_RESERVATION;
import static com.bnaura.quota.jdbc.internal.schema.Tables.USAGE_METRICS;

import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaClinicAccountRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaIdempotencyRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaRepeatWindowRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaReservationRecord;
import com.bnaura.quota.jdbc.internal.schema.tables.records.UsageMetricsRecord;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.IdempotencyRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.RepeatWindow;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Loads what a {@link LoadRequest} names with one {@code SELECT}: the account row, and each kind
 * of row the decision reads as a {@code MULTISET} (a nested collection; jOOQ renders it as a JSON
 * aggregate on H2, PostgreSQL and MariaDB) beside it.
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
 */
final class ClinicLoader {
  private ClinicLoader() {}

  static ClinicSnapshot load(DSLContext dsl, LoadRequest request) {
    String clinic = request.clinic().value();
    var a = QUOTA_CLINIC_ACCOUNT;
    var r = QUOTA_RESERVATION;

    List<String> reservationIds = request.reservations().stream()
        .map(ReservationId::value).toList();
    Condition reservationsReturned = DSL.falseCondition();
    if (!reservationIds.isEmpty()) {
      reservationsReturned = r.RESERVATION_ID.in(reservationIds);
    }
    if (request.expiredAt().isPresent()) {
      reservationsReturned = reservationsReturned.or(
          r.RES_STATE.eq(ReservationState.PENDING.name())
              .and(r.EXPIRES_AT_US.le(JdbcStoreSupport.clampedMicros(request.expiredAt().get()))));
    }
    boolean anyReservations = !reservationIds.isEmpty() || request.expiredAt().isPresent();
    Condition ofReservations = r.CLINIC_ID.eq(clinic).and(reservationsReturned);

    List<Long> starts = request.periodStarts().stream().map(JdbcStoreSupport::micros).toList();
    Field<Result<UsageMetricsRecord>> periods = DSL.multiset(DSL.selectFrom(USAGE_METRICS)
        .where(USAGE_METRICS.CLINIC_ID.eq(clinic))
        .and(periodsReturned(clinic, starts, anyReservations, ofReservations)))
        .as("loaded_periods");

    List<SelectField<?>> fields = new ArrayList<>(List.of(a.fields()));
    fields.add(periods);

    Field<Result<QuotaIdempotencyRecord>> keys = null;
    if (!request.keys().isEmpty()) {
      keys = DSL.multiset(DSL.selectFrom(QUOTA_IDEMPOTENCY)
          .where(QUOTA_IDEMPOTENCY.CLINIC_ID.eq(clinic))
          .and(QUOTA_IDEMPOTENCY.IDEM_KEY.in(
              request.keys().stream().map(IdempotencyKey::value).toList())))
          .as("loaded_keys");
      fields.add(keys);
    }

    Field<Result<QuotaReservationRecord>> reservations = null;
    if (anyReservations) {
      reservations = DSL.multiset(DSL.selectFrom(r).where(ofReservations)).as("loaded_reservations");
      fields.add(reservations);
    }

    Field<Result<QuotaRepeatWindowRecord>> windows = null;
    if (!request.customers().isEmpty() || anyReservations) {
      Condition windowsReturned = DSL.falseCondition();
      if (!request.customers().isEmpty()) {
        windowsReturned = QUOTA_REPEAT_WINDOW.CUSTOMER_HASH.in(
            request.customers().stream().map(CustomerRefHash::hex).toList());
      }
      if (anyReservations) {
        windowsReturned = windowsReturned.or(QUOTA_REPEAT_WINDOW.CUSTOMER_HASH.in(
            DSL.select(r.CUSTOMER_HASH).from(r).where(ofReservations)
                .and(r.CUSTOMER_HASH.isNotNull())));
      }
      windows = DSL.multiset(DSL.selectFrom(QUOTA_REPEAT_WINDOW)
          .where(QUOTA_REPEAT_WINDOW.CLINIC_ID.eq(clinic))
          .and(windowsReturned))
          .as("loaded_windows");
      fields.add(windows);
    }

    Record row = dsl.select(fields).from(a).where(a.CLINIC_ID.eq(clinic)).fetchOne();
    if (row == null) {
      return ClinicSnapshot.empty(request);
    }
    QuotaClinicAccountRecord account = row.into(a);

    Map<Instant, PeriodRecord> periodMap = new HashMap<>();
    for (UsageMetricsRecord p : row.get(periods)) {
      PeriodRecord period = RecordMappers.period(p);
      periodMap.put(period.period().start(), period);
    }
    Map<IdempotencyKey, IdempotencyRecord> keyMap = new HashMap<>();
    if (keys != null) {
      for (QuotaIdempotencyRecord k : row.get(keys)) {
        IdempotencyRecord key = RecordMappers.idempotency(k);
        keyMap.put(key.key(), key);
      }
    }
    Map<ReservationId, ReservationRecord> reservationMap = new HashMap<>();
    List<ReservationRecord> expired = new ArrayList<>();
    if (reservations != null) {
      Optional<Instant> at = request.expiredAt();
      for (QuotaReservationRecord x : row.get(reservations)) {
        ReservationRecord reservation = RecordMappers.reservation(x);
        reservationMap.put(reservation.id(), reservation);
        if (at.isPresent() && reservation.isExpiredAt(at.get())) {
          expired.add(reservation);
        }
      }
      expired.sort(Comparator.comparing(ReservationRecord::expiresAt));
    }
    Map<CustomerRefHash, RepeatWindow> windowMap = new HashMap<>();
    if (windows != null) {
      for (QuotaRepeatWindowRecord w : row.get(windows)) {
        RepeatWindow window = RecordMappers.window(w);
        windowMap.put(window.customer(), window);
      }
    }
    return new ClinicSnapshot(request, Optional.of(RecordMappers.account(account)),
        account.getVersion(), account.getLedgerSeq(), periodMap, keyMap, reservationMap,
        windowMap, expired);
  }

  /** The account's current period start, as a subquery naming the clinic by value. */
  private static Field<Long> currentStart(String clinic) {
    return DSL.field(DSL.select(QUOTA_CLINIC_ACCOUNT.PERIOD_START_US)
        .from(QUOTA_CLINIC_ACCOUNT)
        .where(QUOTA_CLINIC_ACCOUNT.CLINIC_ID.eq(clinic)));
  }

  private static Condition periodsReturned(String clinic, List<Long> starts, boolean anyReservations,
      Condition ofReservations) {
    Condition c = USAGE_METRICS.PERIOD_START_US.eq(currentStart(clinic));
    if (!starts.isEmpty()) {
      c = c.or(USAGE_METRICS.PERIOD_START_US.in(starts));
    }
    if (anyReservations) {
      c = c.or(USAGE_METRICS.PERIOD_START_US.in(DSL.select(QUOTA_RESERVATION.PERIOD_START_US)
          .from(QUOTA_RESERVATION).where(ofReservations)));
    }
    return c;
  }
}
