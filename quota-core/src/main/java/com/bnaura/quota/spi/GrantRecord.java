package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One add-on grant of a clinic: the units one top-up bought, what of them is used, held and
 * expired, its priority and its optional expiry.
 *
 * <p>The identity {@code granted = used + reserved + expired + unsettled()} holds at every commit,
 * each term not negative. A grant stops counting at {@code expiresAt} without any sweeper: {@link
 * #available(Instant)} is zero from that instant on, while its {@code expired} column catches up
 * with the first write on the clinic after it (a {@link LedgerKind#GRANT_EXPIRED} entry). Units a
 * pending reservation holds when the grant expires stay held: a commit spends them, a release
 * after the expiry lets them expire.
 *
 * @param clinic the clinic
 * @param id the grant's id, derived from the top-up's key
 * @param key the idempotency key of the top-up that opened it; empty for the grant that holds the
 *     add-on balance bought before grants existed ({@link #BEFORE_GRANTS})
 * @param pack the pack bought, if bought by pack
 * @param granted the units it granted
 * @param used units charged from it
 * @param reserved units of it held by pending reservations
 * @param expired units that expired unused
 * @param priority its priority, lower burns first
 * @param expiresAt when it stops counting; empty means never
 * @param createdAt when it was bought
 * @param price what it cost
 * @param voidedAt when it was voided ({@code QuotaService#voidGrant}): from then on it counts no
 *     units, like an expiry, and the units it had free are in {@code expired}; empty if never
 */
public record GrantRecord(
    ClinicId clinic,
    GrantId id,
    Optional<IdempotencyKey> key,
    Optional<String> pack,
    Units granted,
    Units used,
    Units reserved,
    Units expired,
    int priority,
    Optional<Instant> expiresAt,
    Instant createdAt,
    Money price,
    Optional<Instant> voidedAt) {

  /** The id of the grant that holds the add-on balance bought before grants existed. */
  public static final GrantId BEFORE_GRANTS = GrantId.of("addon-before-grants");

  /** Validates. */
  public GrantRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(expired, "expired");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(voidedAt, "voidedAt");
    if (used.plus(reserved).plus(expired).compareTo(granted) > 0) {
      throw new IllegalArgumentException("grant " + id + " of " + clinic + " has used " + used
          + ", reserved " + reserved + " and expired " + expired + " of " + granted);
    }
  }

  /** A grant that was never voided. */
  public GrantRecord(ClinicId clinic, GrantId id, Optional<IdempotencyKey> key,
      Optional<String> pack, Units granted, Units used, Units reserved, Units expired,
      int priority, Optional<Instant> expiresAt, Instant createdAt, Money price) {
    this(clinic, id, key, pack, granted, used, reserved, expired, priority, expiresAt, createdAt,
        price, Optional.empty());
  }

  /** Units neither used, held nor settled as expired: what the account counts as available. */
  public Units unsettled() {
    return granted.minus(used).minus(reserved).minus(expired);
  }

  /**
   * Whether the grant has stopped counting at {@code at}: its expiry has come, or it was voided
   * (at or before {@code at}).
   */
  public boolean isExpiredAt(Instant at) {
    return (expiresAt.isPresent() && !at.isBefore(expiresAt.get()))
        || (voidedAt.isPresent() && !at.isBefore(voidedAt.get()));
  }

  /** Whether the grant was voided. */
  public boolean isVoided() {
    return voidedAt.isPresent();
  }

  /** Units free to spend at {@code at}: zero once {@code at >= expiresAt}. */
  public Units available(Instant at) {
    return isExpiredAt(at) ? Units.ZERO : unsettled();
  }

  /** Whether anything is left in it or held from it (a grant a load returns). */
  public boolean isOpen() {
    return used.plus(expired).compareTo(granted) < 0;
  }

  /** A copy with {@code used} and {@code reserved} replaced. */
  public GrantRecord withUsage(Units used, Units reserved) {
    return new GrantRecord(clinic, id, key, pack, granted, used, reserved, expired, priority,
        expiresAt, createdAt, price, voidedAt);
  }

  /** A copy with {@code expired} replaced. */
  public GrantRecord withExpired(Units expired) {
    return new GrantRecord(clinic, id, key, pack, granted, used, reserved, expired, priority,
        expiresAt, createdAt, price, voidedAt);
  }

  /** A copy voided at {@code at}, with {@code expired} replaced. */
  public GrantRecord voided(Instant at, Units expired) {
    return new GrantRecord(clinic, id, key, pack, granted, used, reserved, expired, priority,
        expiresAt, createdAt, price, Optional.of(at));
  }
}
