package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.LedgerReplay;
import com.bnaura.quota.testing.ReliabilityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles a storm: the storm instances' histories against what the database holds. Every ledger
 * invariant holds for every clinic, no reservation is left pending, BLOCK clinics never went into
 * overage, every charge in the database was acknowledged to a client exactly once, and the units
 * clients saw acknowledged equal the units the database charged (the Jepsen counter check). Each
 * clinic's ledger is also replayed through the model of the quota rules, and the balances the
 * replay ends with must equal the database rows ({@code model_replay_diffs} = 0).
 */
final class StormReconciler {
  private StormReconciler() {}

  /** What a reconciled storm did. */
  record Summary(long operations, long charges, long unitsMilli, int unknownOutcomes,
      long lostUpdates, long doubleCharges) {
    @Override
    public String toString() {
      return operations + " operations acknowledged, " + charges + " charges, "
          + Units.ofMilli(unitsMilli) + " units, " + unknownOutcomes + " unknown outcomes, "
          + lostUpdates + " lost updates, " + doubleCharges + " double charges";
    }
  }

  /**
   * Checks the storm over clinics {@code storm-0 .. storm-(clinics-1)}, where even-numbered
   * clinics are BLOCK.
   */
  static Summary reconcile(QuotaStore store, int clinics, List<Path> histories) throws IOException {
    Map<String, Long> acknowledged = new HashMap<>();
    Set<String> unknown = new HashSet<>();
    long operations = 0;
    for (Path history : histories) {
      for (String line : Files.readAllLines(history)) {
        String[] f = line.split(" ");
        if (f[0].equals("ok")) {
          operations++;
          if (f[1].equals("charge")) {
            acknowledged.put(f[2] + " " + f[3], Long.parseLong(f[4]));
          }
        } else if (f[0].equals("info") || f[0].equals("fail")) {
          unknown.add(f[1] + " " + f[2]);
        } else if (f[0].equals("violation")) {
          throw new AssertionError("a snapshot read during the storm broke conservation: " + line);
        }
      }
    }
    long chargedInDb = 0;
    long charges = 0;
    long doubles = 0;
    long unacknowledged = 0;
    java.util.List<String> replayDiffs = new java.util.ArrayList<>();
    for (int c = 0; c < clinics; c++) {
      ClinicId clinic = ClinicId.of("storm-" + c);
      LedgerInvariants.check(store, clinic);
      replayDiffs.addAll(LedgerReplay.diffs(store, clinic));
      Map<String, Integer> perKey = new HashMap<>();
      for (LedgerEntry e : store.ledger(clinic, Instant.MIN, Instant.MAX)) {
        if (e.kind() == LedgerKind.COMMIT || e.kind() == LedgerKind.CHARGE) {
          String key = clinic + " " + e.key().orElseThrow().value();
          if (perKey.merge(key, 1, Integer::sum) > 1) {
            doubles++;
          }
          charges++;
          chargedInDb += e.units().milli();
          if (!acknowledged.containsKey(key) && !unknown.contains(key)) {
            unacknowledged++;
          }
        }
      }
      for (PeriodRecord p : store.periods(clinic)) {
        assertThat(store.reservations(clinic, p.period().start()))
            .as("no pending reservation left at %s", clinic)
            .noneMatch(r -> r.state() == ReservationState.PENDING);
        if (c % 2 == 0) {
          assertThat(p.overageUnits()).as("BLOCK clinic %s never in overage", clinic)
              .isEqualTo(Units.ZERO);
        }
      }
    }
    long acknowledgedUnits = acknowledged.values().stream().mapToLong(Long::longValue).sum();
    ReliabilityReport.add("load_held", "ops_ok", operations);
    ReliabilityReport.add("load_held", "clinics", clinics);
    ReliabilityReport.add("nothing_lost", "charges_reconciled", charges);
    ReliabilityReport.add("nothing_lost", "units_charged_milli", chargedInDb);
    ReliabilityReport.add("nothing_lost", "double_charges", doubles);
    ReliabilityReport.add("nothing_lost", "charges_not_acknowledged", unacknowledged);
    ReliabilityReport.add("nothing_lost", "lost_updates", Math.abs(acknowledged.size() - charges));
    ReliabilityReport.add("faults_survived", "unresolved", unknown.size());
    ReliabilityReport.add("nothing_lost", "model_replay_diffs", replayDiffs.size());
    ReliabilityReport.add("nothing_lost", "model_replays", clinics);
    assertThat(replayDiffs).as("ledger replayed through the model vs the database rows").isEmpty();
    assertThat(doubles).as("keys charged twice").isZero();
    assertThat(unacknowledged).as("charges no client saw acknowledged").isZero();
    assertThat(unknown).as("operations whose outcome stayed unknown").isEmpty();
    assertThat(chargedInDb).as("units charged in the database = units acknowledged to clients")
        .isEqualTo(acknowledgedUnits);
    assertThat(charges).as("charges in the database = charges acknowledged")
        .isEqualTo(acknowledged.size());
    return new Summary(operations, charges, chargedInDb, unknown.size(),
        acknowledged.size() - charges, doubles);
  }
}
