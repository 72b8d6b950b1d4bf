package com.bnaura.quota;

/**
 * A request to buy add-on units: a whole count at the per-unit price, or a named pack.
 *
 * @param clinicId the clinic
 * @param units the whole units to buy, or 0 when buying a pack
 * @param pack the pack to buy, or {@code null} when buying by count
 * @param idempotencyKey the caller's request id; a retry with the same key buys nothing more
 */
public record TopUpRequest(String clinicId, long units, String pack, String idempotencyKey) {

  /** Buys {@code units} whole units at the catalog's per-unit price. */
  public static TopUpRequest units(String clinicId, long units, String idempotencyKey) {
    return new TopUpRequest(clinicId, units, null, idempotencyKey);
  }

  /** Buys the named {@code pack}. */
  public static TopUpRequest pack(String clinicId, String pack, String idempotencyKey) {
    return new TopUpRequest(clinicId, 0, pack, idempotencyKey);
  }
}
