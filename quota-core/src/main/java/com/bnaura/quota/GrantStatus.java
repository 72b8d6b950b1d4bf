package com.bnaura.quota;

import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One add-on grant as a status shows it: what a top-up bought, what of it is left to spend and
 * held, and when it stops counting.
 *
 * @param id the grant
 * @param pack the pack bought, if bought by pack
 * @param bought the units it granted
 * @param remaining the units free to spend now; zero from {@code expiresAt} on
 * @param reserved the units of it held by pending reservations (kept through its expiry)
 * @param expiresAt when it stops counting; empty means never
 * @param priority its priority, lower burns first
 */
public record GrantStatus(GrantId id, Optional<String> pack, Units bought, Units remaining,
    Units reserved, Optional<Instant> expiresAt, int priority) {

  /** Validates. */
  public GrantStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(bought, "bought");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
