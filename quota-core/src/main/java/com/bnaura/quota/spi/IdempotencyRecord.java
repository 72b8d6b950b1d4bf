package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The stored outcome of one write, by clinic and idempotency key.
 *
 * @param clinic the clinic (keys are scoped per clinic)
 * @param key the key
 * @param fingerprint the canonical form of the request's parameters
 * @param outcome the encoded outcome, replayed on a retry with the same fingerprint
 * @param createdAt when the write happened; the key is forgotten after the retention period
 */
public record IdempotencyRecord(
    ClinicId clinic, IdempotencyKey key, String fingerprint, String outcome, Instant createdAt) {

  /** Validates. */
  public IdempotencyRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
