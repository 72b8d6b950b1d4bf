package com.bnaura.quota.model;

import java.util.Objects;

/**
 * The keyed hash of an end-customer reference, the only form in which a customer is stored.
 *
 * <p>The quota service computes it as HMAC-SHA256 over the clinic id and the host's opaque customer
 * reference, so the same customer at two clinics has two unrelated hashes and no name is ever kept.
 *
 * @param hex the lowercase hex digest, 64 characters
 */
public record CustomerRefHash(String hex) {

  /** Validates the digest form. */
  public CustomerRefHash {
    Objects.requireNonNull(hex, "hex");
    if (!isDigest(hex)) {
      throw Reasons.invalid("customerRefHash", Reasons.HEX_DIGEST);
    }
  }

  /** Whether {@code hex} is 64 lowercase hex digits. */
  private static boolean isDigest(String hex) {
    if (hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return hex;
  }
}
