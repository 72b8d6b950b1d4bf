package com.bnaura.quota.jdbc.internal;

import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_EVENT;
import static com.bnaura.quota.jdbc.internal.schema.Tables.QUOTA_LEASE;

import com.bnaura.quota.jdbc.internal.schema.tables.records.QuotaEventRecord;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The outbox and the leases behind {@code JdbcQuotaStore}: the claim, the delivery update, the
 * reads, the purge and the lease. The events themselves are inserted by the write-sets that carry
 * them ({@link WriteSetStatements}, {@link SingleStatementWriteSets}), in the same transaction as
 * the change they tell of.
 *
 * <p>The claim, the purge, the reads by id and by state and the lease name no clinic: they are
 * maintenance queries that span clinics. The cursor read of {@link #events} names one.
 */
public final class JdbcOutbox {
  private static final String PENDING = DeliveryState.PENDING.name();
  private static final String DELIVERED = DeliveryState.DELIVERED.name();
  /** The longest lease name and holder the lease table keeps. */
  private static final int MAX_LEASE_TEXT = 255;
  /** The most claimed rows one update names, well within every driver's count of parameters. */
  private static final int UPDATE_CHUNK = 1000;

  private final DSLContext dsl;
  private final JdbcStoreSupport support;

  /** The outbox over {@code dsl}, its writes run by {@code support}'s write transactions. */
  public JdbcOutbox(DSLContext dsl, JdbcStoreSupport support) {
    this.dsl = dsl;
    this.support = support;
  }

  /**
   * Claims up to {@code limit} pending events due at {@code now}, in the order written, moving
   * their next attempt to {@code until}, in one transaction.
   *
   * <p>The select locks the rows it returns with {@code FOR UPDATE SKIP LOCKED}, which PostgreSQL,
   * MariaDB (from 10.6) and H2 (the 2.3 this store is built with) all take: a row another claim
   * holds is passed over, not waited for, and a row is tested for being due as the last claim
   * that held it committed it. So no two claims, concurrent or not, take one event before its
   * {@code until}.
   */
  public List<EventRecord> claim(Instant now, Instant until, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(until, "until");
    if (limit <= 0) {
      return List.of();
    }
    long nowUs = JdbcStoreSupport.clampedMicros(now);
    long untilUs = RecordMappers.micros(until);
    Instant stored = RecordMappers.instant(untilUs);
    return support.write("claimEvents", cfg -> {
      DSLContext tx = DSL.using(cfg);
      List<QuotaEventRecord> due = tx.selectFrom(QUOTA_EVENT)
          .where(QUOTA_EVENT.DELIVERY_STATE.eq(PENDING))
          .and(QUOTA_EVENT.NEXT_ATTEMPT_US.le(nowUs))
          .orderBy(QUOTA_EVENT.SEQ)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .fetch();
      if (due.isEmpty()) {
        return List.of();
      }
      List<Long> seqs = due.stream().map(QuotaEventRecord::getSeq).toList();
      for (int from = 0; from < seqs.size(); from += UPDATE_CHUNK) {
        tx.update(QUOTA_EVENT)
            .set(QUOTA_EVENT.NEXT_ATTEMPT_US, untilUs)
            .where(QUOTA_EVENT.SEQ.in(seqs.subList(from,
                Math.min(seqs.size(), from + UPDATE_CHUNK))))
            .execute();
      }
      return due.stream().map(r -> RecordMappers.event(r).claimedUntil(stored)).toList();
    }, null);
  }

  /**
   * Writes the delivery fields of {@code event} over the stored event with its id; whether one
   * was stored.
   */
  public boolean updateDelivery(EventRecord event) {
    Objects.requireNonNull(event, "event");
    QuotaEventRecord row = RecordMappers.event(event);
    return support.write("updateDelivery " + event.id(), cfg -> DSL.using(cfg)
        .update(QUOTA_EVENT)
        .set(QUOTA_EVENT.DELIVERY_STATE, row.getDeliveryState())
        .set(QUOTA_EVENT.ATTEMPTS, row.getAttempts())
        .set(QUOTA_EVENT.NEXT_ATTEMPT_US, row.getNextAttemptUs())
        .set(QUOTA_EVENT.DELIVERED_TO, row.getDeliveredTo())
        .set(QUOTA_EVENT.LAST_ERROR, row.getLastError())
        .where(QUOTA_EVENT.EVENT_ID.eq(row.getEventId()))
        .execute() > 0, null);
  }

  /**
   * Up to {@code limit} events of {@code clinic} after the position ({@code afterVersion}, {@code
   * afterIndex}), in position order.
   */
  public List<EventRecord> events(ClinicId clinic, long afterVersion, int afterIndex, int limit) {
    Objects.requireNonNull(clinic, "clinic");
    if (nonNegative(limit) == 0) {
      return List.of();
    }
    return support.read("events " + clinic, () -> dsl.selectFrom(QUOTA_EVENT)
        .where(QUOTA_EVENT.CLINIC_ID.eq(clinic.value()))
        .and(QUOTA_EVENT.VERSION.gt(afterVersion)
            .or(QUOTA_EVENT.VERSION.eq(afterVersion).and(QUOTA_EVENT.IDX.gt(afterIndex))))
        .orderBy(QUOTA_EVENT.VERSION, QUOTA_EVENT.IDX)
        .limit(limit)
        .fetch(RecordMappers::event));
  }

  /**
   * Up to {@code limit} of the latest events of {@code clinic} of one of {@code types} (any when
   * empty), newest first: a backward walk of the clinic's (version, index) key.
   */
  public List<EventRecord> latestEvents(ClinicId clinic, java.util.Set<String> types,
      int limit) {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(types, "types");
    if (nonNegative(limit) == 0) {
      return List.of();
    }
    return support.read("latestEvents " + clinic, () -> dsl.selectFrom(QUOTA_EVENT)
        .where(QUOTA_EVENT.CLINIC_ID.eq(clinic.value()))
        .and(types.isEmpty() ? org.jooq.impl.DSL.noCondition() : QUOTA_EVENT.EVENT_TYPE.in(types))
        .orderBy(QUOTA_EVENT.VERSION.desc(), QUOTA_EVENT.IDX.desc())
        .limit(limit)
        .fetch(RecordMappers::event));
  }

  /** Up to {@code limit} events in {@code state}, of every clinic, in the order written. */
  public List<EventRecord> eventsIn(DeliveryState state, int limit) {
    Objects.requireNonNull(state, "state");
    if (nonNegative(limit) == 0) {
      return List.of();
    }
    return support.read("eventsIn " + state, () -> dsl.selectFrom(QUOTA_EVENT)
        .where(QUOTA_EVENT.DELIVERY_STATE.eq(state.name()))
        .orderBy(QUOTA_EVENT.SEQ)
        .limit(limit)
        .fetch(RecordMappers::event));
  }

  /** The event with {@code id}, of any clinic. */
  public Optional<EventRecord> event(String id) {
    Objects.requireNonNull(id, "id");
    return support.read("event " + id, () -> dsl.selectFrom(QUOTA_EVENT)
        .where(QUOTA_EVENT.EVENT_ID.eq(id))
        .fetchOptional()
        .map(RecordMappers::event));
  }

  /**
   * Deletes up to {@code limit} delivered events that occurred before {@code before}, oldest
   * written first; how many it deleted.
   */
  public int purge(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    if (limit <= 0) {
      return 0;
    }
    long beforeUs = JdbcStoreSupport.clampedMicros(before);
    return support.write("purgeEvents", cfg -> {
      DSLContext tx = DSL.using(cfg);
      if (tx.dialect().family() == SQLDialect.MARIADB) {
        // MariaDB cannot LIMIT a subquery of the table it deletes from, but takes DELETE ... LIMIT
        return tx.deleteFrom(QUOTA_EVENT)
            .where(QUOTA_EVENT.DELIVERY_STATE.eq(DELIVERED))
            .and(QUOTA_EVENT.OCCURRED_AT_US.lt(beforeUs))
            .orderBy(QUOTA_EVENT.SEQ)
            .limit(limit)
            .execute();
      }
      return tx.deleteFrom(QUOTA_EVENT)
          .where(QUOTA_EVENT.SEQ.in(DSL.select(QUOTA_EVENT.SEQ)
              .from(QUOTA_EVENT)
              .where(QUOTA_EVENT.DELIVERY_STATE.eq(DELIVERED))
              .and(QUOTA_EVENT.OCCURRED_AT_US.lt(beforeUs))
              .orderBy(QUOTA_EVENT.SEQ)
              .limit(limit)))
          .execute();
    }, null);
  }

  /**
   * Takes or renews the lease {@code name} for {@code holder} until {@code until}: one transaction
   * updates the lease if it is {@code holder}'s or expired at {@code now}, and otherwise inserts
   * it. The update waits for a concurrent taker's row and then tests the row it committed; an
   * insert that meets a lease another caller inserted is a duplicate key, and that caller holds it.
   *
   * @throws IllegalArgumentException naming {@code name} or {@code holder} if it is empty or longer
   *     than 255 characters
   */
  public boolean holdLease(String name, String holder, Instant now, Instant until) {
    leaseText("name", name);
    leaseText("holder", holder);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(until, "until");
    long nowUs = JdbcStoreSupport.clampedMicros(now);
    long untilUs = RecordMappers.micros(until);
    return support.write("holdLease " + name, cfg -> {
      DSLContext tx = DSL.using(cfg);
      int held = tx.update(QUOTA_LEASE)
          .set(QUOTA_LEASE.HOLDER, holder)
          .set(QUOTA_LEASE.UNTIL_US, untilUs)
          .where(QUOTA_LEASE.LEASE_NAME.eq(name))
          .and(QUOTA_LEASE.HOLDER.eq(holder).or(QUOTA_LEASE.UNTIL_US.le(nowUs)))
          .execute();
      if (held > 0) {
        return true;
      }
      tx.insertInto(QUOTA_LEASE)
          .set(QUOTA_LEASE.LEASE_NAME, name)
          .set(QUOTA_LEASE.HOLDER, holder)
          .set(QUOTA_LEASE.UNTIL_US, untilUs)
          .execute();
      return true;
    }, () -> false);
  }

  private static int nonNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return limit;
  }

  private static void leaseText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.length() > MAX_LEASE_TEXT) {
      throw new IllegalArgumentException(
          "a lease's " + field + " has 1 to " + MAX_LEASE_TEXT + " characters");
    }
  }
}
