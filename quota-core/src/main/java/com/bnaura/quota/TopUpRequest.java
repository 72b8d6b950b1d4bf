package com.bnaura.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * A request to buy add-on units: a whole count at the per-unit price, or a named pack.
 *
 * <p>Every purchase opens one grant of its own: its units, its expiry and its priority. The grant
 * never expires unless the request sets {@code validFor} or {@code expiresAt} (at most one) or the
 * pack bought has a validity of its own ({@link com.bnaura.quota.model.TopUpPack#validity()}),
 * which the request's own expiry overrides. Grants burn by priority (lower first), then soonest
 * expiry, then oldest; see {@link QuotaService#purchaseTopUp}.
 *
 * <pre>{@code
 * quotas.purchaseTopUp(TopUpRequest.pack("siam", "pack-100", "order-7781")
 *     .validFor(Duration.ofDays(90)).priority(10));
 * }</pre>
 *
 * @param clinicId the clinic
 * @param units the whole units to buy, or 0 when buying a pack
 * @param pack the pack to buy, or {@code null} when buying by count
 * @param idempotencyKey the caller's request id; a retry with the same key buys nothing more
 * @param validFor how long the grant lasts from the purchase, or {@code null}
 * @param expiresAt the instant the grant expires, or {@code null}
 * @param priority the grant's priority, {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY} (lower
 *     burns first), or {@code null} for {@value #DEFAULT_PRIORITY}
 */
public record TopUpRequest(String clinicId, long units, String pack, String idempotencyKey,
    Duration validFor, Instant expiresAt, Integer priority) {

  /** The priority of a grant whose purchase names none. */
  public static final int DEFAULT_PRIORITY = 50;
  /** The lowest priority value: such a grant burns before every other. */
  public static final int MIN_PRIORITY = 0;
  /** The highest priority value: such a grant burns after every other. */
  public static final int MAX_PRIORITY = 100;

  /** A purchase whose grant has the pack's validity (or none) and the default priority. */
  public TopUpRequest(String clinicId, long units, String pack, String idempotencyKey) {
    this(clinicId, units, pack, idempotencyKey, null, null, null);
  }

  /** Buys {@code units} whole units at the catalog's per-unit price. */
  public static TopUpRequest units(String clinicId, long units, String idempotencyKey) {
    return new TopUpRequest(clinicId, units, null, idempotencyKey);
  }

  /** Buys the named {@code pack}. */
  public static TopUpRequest pack(String clinicId, String pack, String idempotencyKey) {
    return new TopUpRequest(clinicId, 0, pack, idempotencyKey);
  }

  /** A copy whose grant expires {@code validity} after the purchase. */
  public TopUpRequest validFor(Duration validity) {
    return new TopUpRequest(clinicId, units, pack, idempotencyKey, validity, expiresAt, priority);
  }

  /** A copy whose grant expires at {@code instant}. */
  public TopUpRequest expiringAt(Instant instant) {
    return new TopUpRequest(clinicId, units, pack, idempotencyKey, validFor, instant, priority);
  }

  /** A copy whose grant has {@code value} as its priority (lower burns first). */
  public TopUpRequest priority(int value) {
    return new TopUpRequest(clinicId, units, pack, idempotencyKey, validFor, expiresAt, value);
  }
}
