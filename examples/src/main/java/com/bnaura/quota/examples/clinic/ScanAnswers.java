package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaStoreException;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The answers of {@code POST /api/ai/analyze} by clinic and idempotency key, kept in the app's
 * database (table {@code clinic_app_scan_answer}, created by {@link AppSchema}) so that a retry
 * with the same key and body gets the first answer, also after a restart.
 *
 * <p>A key moves through three states. The first request {@link #claim claims} it ({@code
 * CLAIMED}, with a lease); it then either {@link #finish finishes} it with the answer ({@code
 * DONE}, final) or {@link #reopen reopens} it ({@code OPEN}: nothing to replay, the next request
 * with that key tries again). A request that finds the key claimed by another one gets {@link Busy}
 * and may wait. While a claim is held, this instance renews its lease ({@code
 * clinic-app.analyze.claim-lease}, 10 s by default) every third of it; a claim whose lease ran out
 * belongs to an instance that died, and the next request takes it over. Every change is one
 * conditional statement on the row's claim token, so two requests never both hold a claim,
 * whatever the number of instances sharing the database.
 *
 * <p>A row is kept as long as the quota engine keeps idempotency keys ({@code
 * bnaura.quota.idempotency-retention}, 35 days by default) and then forgotten, as the engine
 * forgets the key. A failing database surfaces as {@link QuotaStoreException}, which the API
 * answers 503 ("retry with the same Idempotency-Key"), never as a lost or invented answer.
 */
@Component
class ScanAnswers {

  private static final Logger log = LoggerFactory.getLogger(ScanAnswers.class);

  /** How often old rows are deleted (at most, per instance). */
  private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

  /** What a claim found. */
  sealed interface Claim permits Granted, Finished, Conflict, Busy {}

  /**
   * The caller holds the key now and runs the scan.
   *
   * @param attempt which engine key to use: 1 for the client's key, more after failed tries
   * @param token proves the claim to {@link #finish} and {@link #reopen}
   */
  record Granted(int attempt, String token) implements Claim {}

  /**
   * The key has its final answer.
   *
   * @param status the HTTP status it was answered with
   * @param answer the JSON body it was answered with
   */
  record Finished(int status, String answer) implements Claim {}

  /** The key was first used with another request (another fingerprint). */
  record Conflict() implements Claim {}

  /** Another request holds the key and has not finished. */
  record Busy() implements Claim {}

  private record Row(String fingerprint, String state, int attempt, String token,
      long claimedUntil, Integer status, String answer, long createdAt) {}

  /** A claim this instance holds, renewed until it is finished or reopened. */
  private record Held(String clinic, String key, String token) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration retention;
  private final Duration lease;
  private final AtomicLong nextPurge = new AtomicLong();
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService renewer;

  ScanAnswers(AppSchema schema, JdbcTemplate jdbc, Clock clock,
      @Value("${bnaura.quota.idempotency-retention:35d}") Duration retention,
      @Value("${clinic-app.analyze.claim-lease:10s}") Duration lease) {
    schema.requireMigrated();
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("clinic-app.analyze.claim-lease must be at least 1s, was "
          + lease);
    }
    this.jdbc = jdbc;
    this.clock = clock;
    this.retention = retention;
    this.lease = lease;
    this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "scan-claim-renewer");
      thread.setDaemon(true);
      return thread;
    });
    long every = lease.toMillis() / 3;
    renewer.scheduleWithFixedDelay(this::renewHeld, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops renewing; claims still held run out and are taken over by the next request. */
  @PreDestroy
  void close() {
    renewer.shutdownNow();
  }

  /**
   * Claims the key for a request with {@code fingerprint}, or says why not.
   *
   * @throws QuotaStoreException if the database fails
   */
  Claim claim(String clinic, String key, String fingerprint) {
    return store("claim scan answer clinic=" + clinic, () -> {
      purgeIfDue();
      // each pass either decides or saw another request change the row; a change only moves a
      // row towards DONE or hands a claim over, so the loop ends
      while (true) {
        long now = clock.millis();
        Row row = find(clinic, key);
        if (row == null) {
          String token = UUID.randomUUID().toString();
          try {
            jdbc.update("INSERT INTO clinic_app_scan_answer (clinic_id, idem_key, fingerprint,"
                + " state, attempt, claim_token, claimed_until_ms, created_at_ms, updated_at_ms)"
                + " VALUES (?, ?, ?, 'CLAIMED', 1, ?, ?, ?, ?)", clinic, key, fingerprint, token,
                now + lease.toMillis(), now, now);
            return hold(clinic, key, new Granted(1, token));
          } catch (DuplicateKeyException raced) {
            continue;
          }
        }
        if (row.createdAt() <= now - retention.toMillis()) {
          jdbc.update("DELETE FROM clinic_app_scan_answer WHERE clinic_id = ? AND idem_key = ?"
              + " AND claim_token = ?", clinic, key, row.token());
          continue;
        }
        if (!row.fingerprint().equals(fingerprint)) {
          return new Conflict();
        }
        if (row.state().equals("DONE")) {
          return new Finished(row.status(), row.answer());
        }
        if (row.state().equals("CLAIMED") && row.claimedUntil() > now) {
          return new Busy();
        }
        String token = UUID.randomUUID().toString();
        int taken = jdbc.update("UPDATE clinic_app_scan_answer SET state = 'CLAIMED',"
            + " claim_token = ?, claimed_until_ms = ?, updated_at_ms = ?"
            + " WHERE clinic_id = ? AND idem_key = ? AND claim_token = ?",
            token, now + lease.toMillis(), now, clinic, key, row.token());
        if (taken == 1) {
          if (row.state().equals("CLAIMED")) {
            log.info("scan {} of clinic {}: the claim of an earlier request ran out; this request"
                + " takes it over", key, clinic);
          }
          return hold(clinic, key, new Granted(row.attempt(), token));
        }
      }
    });
  }

  /**
   * Keeps the final answer of a claimed key.
   *
   * @return {@code false} if the claim had been taken over meanwhile (the answer is not kept)
   * @throws QuotaStoreException if the database fails
   */
  boolean finish(String clinic, String key, Granted claim, int status, String answer) {
    held.remove(claim.token());
    return store("keep scan answer clinic=" + clinic, () -> {
      int kept = jdbc.update("UPDATE clinic_app_scan_answer SET state = 'DONE', http_status = ?,"
          + " answer = ?, updated_at_ms = ? WHERE clinic_id = ? AND idem_key = ?"
          + " AND claim_token = ?", status, answer, clock.millis(), clinic, key, claim.token());
      if (kept == 0) {
        log.warn("scan {} of clinic {}: the claim was taken over before the answer was kept",
            key, clinic);
      }
      return kept == 1;
    });
  }

  /**
   * Gives a claimed key up without an answer: the next request with the key runs it, with engine
   * key {@code nextAttempt}.
   *
   * @throws QuotaStoreException if the database fails
   */
  void reopen(String clinic, String key, Granted claim, int nextAttempt) {
    held.remove(claim.token());
    store("reopen scan answer clinic=" + clinic, () -> jdbc.update(
        "UPDATE clinic_app_scan_answer SET state = 'OPEN', attempt = ?, claim_token = ?,"
            + " claimed_until_ms = 0, updated_at_ms = ? WHERE clinic_id = ? AND idem_key = ?"
            + " AND claim_token = ?", nextAttempt, UUID.randomUUID().toString(), clock.millis(),
        clinic, key, claim.token()));
  }

  /**
   * Deletes the rows older than the retention.
   *
   * @return how many it deleted
   * @throws QuotaStoreException if the database fails
   */
  int purge() {
    return store("purge scan answers", () -> jdbc.update(
        "DELETE FROM clinic_app_scan_answer WHERE created_at_ms <= ?",
        clock.millis() - retention.toMillis()));
  }

  private Granted hold(String clinic, String key, Granted claim) {
    held.put(claim.token(), new Held(clinic, key, claim.token()));
    return claim;
  }

  private void renewHeld() {
    for (Held h : held.values()) {
      try {
        jdbc.update("UPDATE clinic_app_scan_answer SET claimed_until_ms = ? WHERE clinic_id = ?"
            + " AND idem_key = ? AND claim_token = ? AND state = 'CLAIMED'",
            clock.millis() + lease.toMillis(), h.clinic(), h.key(), h.token());
      } catch (RuntimeException e) {
        log.warn("could not renew the claim of scan {} of clinic {}", h.key(), h.clinic(), e);
      }
    }
  }

  private void purgeIfDue() {
    long now = clock.millis();
    long due = nextPurge.get();
    if (now >= due && nextPurge.compareAndSet(due, now + PURGE_INTERVAL.toMillis())) {
      int purged = purge();
      if (purged > 0) {
        log.info("forgot {} scan answers older than {}", purged, retention);
      }
    }
  }

  private Row find(String clinic, String key) {
    List<Row> rows = jdbc.query("SELECT fingerprint, state, attempt, claim_token,"
        + " claimed_until_ms, http_status, answer, created_at_ms FROM clinic_app_scan_answer"
        + " WHERE clinic_id = ? AND idem_key = ?", (rs, n) -> new Row(rs.getString(1),
            rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
            rs.getObject(6, Integer.class), rs.getString(7), rs.getLong(8)),
        clinic, key);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static <T> T store(String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      throw new QuotaStoreException(operation, e);
    }
  }
}
