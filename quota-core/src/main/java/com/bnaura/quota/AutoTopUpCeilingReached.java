package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The monthly ceiling stopped an auto top-up: buying would have passed it. Said once per period.
 *
 * @param clinic the clinic
 * @param period the period
 * @param ceiling the ceiling the owner set
 * @param spent what auto top-ups cost this period so far
 * @param price what the purchase it stopped would have cost
 * @param text the owner's message, in English and Thai
 * @param at when
 */
public record AutoTopUpCeilingReached(ClinicId clinic, BillingPeriod period, Money ceiling,
    Money spent, Money price, LocalizedText text, Instant at) {

  /** Validates. */
  public AutoTopUpCeilingReached {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(ceiling, "ceiling");
    Objects.requireNonNull(spent, "spent");
    Objects.requireNonNull(price, "price");
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
