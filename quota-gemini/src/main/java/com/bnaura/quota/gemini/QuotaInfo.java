package com.bnaura.quota.gemini;

import com.bnaura.quota.model.Units;
import java.util.Objects;

/**
 * What an AI call did to the clinic's quota, as seed 000's {@code quotaInfo}: {@code {consumed:
 * 0.2, remaining: 95, willIncurCharge: false}}.
 *
 * @param consumed the units charged for this call (0 for a free repeat scan, a cached analysis or
 *     the chat advisor)
 * @param remaining the units left in the monthly allowance and add-on together after the call
 *     ({@link Units#MAX} on an unlimited plan)
 * @param willIncurCharge whether part of this call was billed as overage
 */
public record QuotaInfo(Units consumed, Units remaining, boolean willIncurCharge) {

  /** Validates. */
  public QuotaInfo {
    Objects.requireNonNull(consumed, "consumed");
    Objects.requireNonNull(remaining, "remaining");
  }

  /** Whether the clinic's plan is unlimited. */
  public boolean unlimited() {
    return remaining.equals(Units.MAX);
  }
}
