package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One auto top-up payment, as a status or an event shows it.
 *
 * @param clinic the clinic
 * @param key its key, derived from the period and the crossing: the key the gateway hears
 * @param state where it stands
 * @param units the units it buys
 * @param pack the pack it buys, if by pack
 * @param amount what it costs
 * @param reference the provider's reference, once it gave one
 * @param failureReason why it failed, when failed
 * @param attempts how many times an authorise or capture was sent
 * @param createdAt when it was requested
 * @param updatedAt when it last moved
 */
public record AutoTopUpPayment(ClinicId clinic, String key, PaymentState state, Units units,
    Optional<String> pack, Money amount, Optional<String> reference,
    Optional<String> failureReason, int attempts, Instant createdAt, Instant updatedAt) {

  /** Validates. */
  public AutoTopUpPayment {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(failureReason, "failureReason");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
