package com.bnaura.quota;

import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import java.util.Locale;
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
 * @param reason why not, when it cannot proceed: the words of the refusal a reservation would get
 */
public record Availability(
    boolean canProceed,
    Units units,
    Units remaining,
    boolean willIncurCharge,
    Money estimatedCost,
    Optional<LocalizedText> reason) {

  /** Validates. */
  public Availability {
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * An answer whose reason is kept as written: {@code message} in English, {@code messageThai} in
   * Thai (the English one when it is empty).
   */
  public Availability(boolean canProceed, Units units, Units remaining, boolean willIncurCharge,
      Money estimatedCost, Optional<String> message, Optional<String> messageThai) {
    this(canProceed, units, remaining, willIncurCharge, estimatedCost,
        message.map(m -> LocalizedText.stored(m, messageThai.orElse(m))));
  }

  /** Why not, in English, when it cannot proceed. */
  public Optional<String> message() {
    return reason.map(LocalizedText::english);
  }

  /** Why not, in Thai, when it cannot proceed. */
  public Optional<String> messageThai() {
    return reason.map(LocalizedText::thai);
  }

  /** Why not, in {@code locale}, when it cannot proceed. */
  public Optional<String> message(Locale locale) {
    Objects.requireNonNull(locale, "locale");
    return reason.map(r -> r.render(locale));
  }
}
