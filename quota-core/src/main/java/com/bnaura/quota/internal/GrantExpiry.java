package com.bnaura.quota.internal;

import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.model.InvalidArgumentException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the grant a purchase opens expires: at the request's {@code expiresAt}, or {@code validFor}
 * after the purchase, or the pack's validity after the purchase, in that order; never when none is
 * set. The expiry must come after the purchase.
 */
final class GrantExpiry {
  private GrantExpiry() {}

  /**
   * The expiry of the grant {@code request} opens at {@code now}.
   *
   * @throws InvalidArgumentException naming {@code expiresAt} or {@code validFor} when the expiry
   *     is not after {@code now} or lies beyond the instants time can hold
   */
  static Optional<Instant> of(TopUpRequest request, Optional<Duration> packValidity,
      Instant now) {
    if (request.expiresAt() != null) {
      if (!request.expiresAt().isAfter(now)) {
        throw Messages.invalid("expiresAt", Messages.EXPIRY_NOT_AFTER_PURCHASE,
            request.expiresAt().toString(), now.toString());
      }
      return Optional.of(request.expiresAt());
    }
    Optional<Duration> validity = request.validFor() != null ? Optional.of(request.validFor())
        : packValidity;
    if (validity.isEmpty()) {
      return Optional.empty();
    }
    String field = request.validFor() != null ? "validFor" : "pack";
    try {
      return Optional.of(now.plus(validity.get()));
    } catch (DateTimeException | ArithmeticException e) {
      throw Messages.invalid(field, Messages.POSITIVE_DURATION, validity.get().toString());
    }
  }
}
