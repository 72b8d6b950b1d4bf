package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-up was bought: its add-on units never expire (seed 000's purchase body).
 *
 * @param clinic the clinic
 * @param transactionId the purchase's id, e.g. {@code topup_7f3a...}
 * @param units the add-on units added
 * @param totalCost what it cost
 * @param addonBalance the add-on units available after the purchase
 * @param pack the named pack bought, if bought by pack
 * @param paymentReference the payment gateway's reference
 */
public record ToppedUp(
    ClinicId clinic,
    String transactionId,
    Units units,
    Money totalCost,
    Units addonBalance,
    Optional<String> pack,
    String paymentReference)
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
  }
}
