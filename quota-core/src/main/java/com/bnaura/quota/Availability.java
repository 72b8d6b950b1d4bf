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
 * @param canProceed whether the operation would be allowed now without accepting a charge (under
 *     {@code AUTO} it proceeds and bills overage)
 * @param units the units one operation charges at its rate
 * @param remaining the units left in the monthly allowance and add-on
 * @param willIncurCharge whether the charge would bill overage money: it proceeds and bills
 *     overage ({@code AUTO}), or it proceeds only if the charge is accepted ({@code CONSENT})
 * @param estimatedCost the overage money it would cost (zero when it bills none)
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
