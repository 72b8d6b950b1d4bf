package com.bnaura.quota.internal;

import com.bnaura.quota.Drift;
import com.bnaura.quota.ReconciliationBatch;
import com.bnaura.quota.ReconciliationCursor;
import com.bnaura.quota.ReconciliationReport;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance: the sweep of expired reservations, the purge of old idempotency keys, and the
 * reconciliation of balance rows with the ledger ({@link Reconciliation}).
 */
final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
  private static final int SWEEP_BATCH = 500;
  /** The most clinics one {@link #reconcileSome} step checks. */
  static final int MAX_RECONCILE_BATCH = 10_000;

  private final InClinic in;
  private final QuotaStore store;
  private final Clock clock;
  private final Duration keyRetention;

  Maintenance(InClinic in, QuotaStore store, Clock clock, Duration keyRetention) {
    this.in = in;
    this.store = store;
    this.clock = clock;
    this.keyRetention = keyRetention;
  }

  int expireReservations() {
    Instant now = clock.instant();
    int expired = 0;
    for (ClinicId clinic : store.clinicsWithExpiredReservations(now, SWEEP_BATCH)) {
      Step<Integer> step = in.transaction("expireReservations",
          LoadRequest.of(clinic).withExpiredAt(now), tx -> {
        Optional<ClinicSession> open = in.session(tx, now);
        if (open.isEmpty()) {
          return new Step<>(0, List.of());
        }
        ClinicSession s = open.get();
        s.current();
        int n = s.reclaimExpired();
        s.rearmAlerts();
        return new Step<>(n, s.events());
      });
      expired += step.result();
    }
    return expired;
  }

  int purgeIdempotencyKeys() {
    Instant cutoff = clock.instant().minus(keyRetention);
    int total = 0;
    int purged;
    do {
      purged = store.purgeIdempotencyKeys(cutoff, 10_000);
      total += purged;
    } while (purged == 10_000);
    return total;
  }

  /**
   * Folds the ledger of {@code clinic} and compares it with the account and period rows, logging
   * one WARN line per drift.
   *
   * @throws com.bnaura.quota.QuotaRefusedException with {@code UNKNOWN_CLINIC} if the clinic has
   *     no account
   */
  ReconciliationReport reconcile(ClinicId clinic) {
    Instant at = clock.instant();
    // One load reads the account, every period row and the ledger's length at one instant; the
    // ledger, read after it, is only ever appended to, so its first ledgerSize entries are the
    // ones those rows were written with. Writes landing meanwhile are left for the next check.
    LoadRequest needs = LoadRequest.of(clinic);
    for (PeriodRecord p : store.periods(clinic)) {
      needs = needs.withPeriod(p.period().start());
    }
    ClinicSnapshot rows = store.load(needs);
    AccountRecord account = rows.account()
        .orElseThrow(() -> Messages.unknownClinic(clinic).toException());
    List<LedgerEntry> ledger = store.ledger(clinic, Instant.MIN, Instant.MAX);
    if (ledger.size() > rows.ledgerSize()) {
      ledger = ledger.subList(0, Math.toIntExact(rows.ledgerSize()));
    }
    List<Drift> drifts = Reconciliation.drifts(clinic, account,
        List.copyOf(rows.periods().values()), ledger);
    for (Drift d : drifts) {
      log.warn("Ledger drift: {}", d);
    }
    return new ReconciliationReport(clinic, at, ledger.size(), drifts);
  }

  /** Reconciles up to {@code maxClinics} clinics after {@code cursor}, in the store's id order. */
  ReconciliationBatch reconcileSome(ReconciliationCursor cursor, int maxClinics) {
    if (cursor == null) {
      throw Refused.invalid(Messages.invalid("cursor", Messages.REQUIRED)).toException();
    }
    if (maxClinics < 1 || maxClinics > MAX_RECONCILE_BATCH) {
      throw Refused.invalid(Messages.invalid("maxClinics", Messages.BETWEEN, 1,
          MAX_RECONCILE_BATCH, maxClinics)).toException();
    }
    List<ClinicId> clinics = store.clinics(cursor.after(), maxClinics);
    List<ReconciliationReport> reports = new ArrayList<>(clinics.size());
    for (ClinicId clinic : clinics) {
      reports.add(reconcile(clinic)); // accounts are never deleted: a listed clinic stays
    }
    if (clinics.size() < maxClinics) {
      return new ReconciliationBatch(reports, ReconciliationCursor.START, true);
    }
    return new ReconciliationBatch(reports,
        ReconciliationCursor.after(clinics.get(clinics.size() - 1)), false);
  }
}
