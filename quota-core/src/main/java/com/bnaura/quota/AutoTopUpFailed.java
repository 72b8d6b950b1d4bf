package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An auto top-up payment failed: nothing was granted (or a grant made on authorisation ended), and
 * the clinic's auto top-up is now off until its owner sets it again. For the owner's alert.
 *
 * @param clinic the clinic
 * @param payment the payment, failed
 * @param reason the gateway's reason
 * @param text the owner's message, in English and Thai
 * @param at when it failed
 */
public record AutoTopUpFailed(ClinicId clinic, AutoTopUpPayment payment, String reason,
    LocalizedText text, Instant at) {

  /** Validates. */
  public AutoTopUpFailed {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }

  /** The message in English. */
  public String message() {
    return text.english();
  }

  /** The message in {@code locale} (Thai or English). */
  public String message(Locale locale) {
    return text.render(locale);
  }
}
