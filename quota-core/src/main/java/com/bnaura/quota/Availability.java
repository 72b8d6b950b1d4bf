package com.bnaura.quota;

import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * An advisory answer to "may this clinic do this now?" (seed 000's {@code checkQuotaAvailability}).
 *
 * <p>It reserves nothing: a concurrent call may take the units first. Use {@link
 * QuotaService#tryReserve} to hold them.
 *
 * @param canProceed whether the operation would be allowed now without accepting a charge
 * @param units the units it would charge (after any repeat-scan exemption)
 * @param remaining the units left in the monthly allowance and add-on
 * @param willIncurCharge whether it would be billed as overage
 * @param estimatedCost the overage money it would cost
 * @param message why not, in English, when it cannot proceed
 * @param messageThai why not, in Thai
 */
public record Availability(
    boolean canProceed,
    Units units,
    Units remaining,
    boolean willIncurCharge,
    Money estimatedCost,
    Optional<String> message,
    Optional<String> messageThai) {

  /** Validates. */
  public Availability {
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(messageThai, "messageThai");
  }
}
