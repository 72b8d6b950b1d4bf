package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-up was bought (seed 000's purchase body): it opened the grant {@code grant}, which lasts
 * until {@code expiresAt} (never when empty) and burns in the order of its {@code priority}.
 *
 * @param clinic the clinic
 * @param transactionId the purchase's id, e.g. {@code topup_7f3a...}
 * @param units the add-on units added
 * @param totalCost what it cost
 * @param addonBalance the add-on units available after the purchase
 * @param pack the named pack bought, if bought by pack
 * @param paymentReference the payment gateway's reference
 * @param grant the grant the purchase opened
 * @param expiresAt when that grant stops counting; empty means never
 * @param priority its priority (lower burns first)
 */
public record ToppedUp(
    ClinicId clinic,
    String transactionId,
    Units units,
    Money totalCost,
    Units addonBalance,
    Optional<String> pack,
    String paymentReference,
    GrantId grant,
    Optional<Instant> expiresAt,
    int priority)
    implements TopUpResult {

  /** Validates. */
  public ToppedUp {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(totalCost, "totalCost");
    Objects.requireNonNull(addonBalance, "addonBalance");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(paymentReference, "paymentReference");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
