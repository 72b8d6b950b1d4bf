package com.bnaura.quota.internal;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Maintenance: the sweep of expired reservations and the purge of old idempotency keys. */
final class Maintenance {
  private static final int SWEEP_BATCH = 500;

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
}
