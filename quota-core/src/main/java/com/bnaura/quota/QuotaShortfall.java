package com.bnaura.quota;

import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code QUOTA_EXCEEDED} refusal tells the clinic (seed 000's 403 body): what was asked, what
 * is left, whether going ahead would incur an overage charge and how much, and the smallest top-up
 * that covers the request.
 *
 * @param requested the units the request needed
 * @param remaining the units left in the monthly allowance and add-on together
 * @param willIncurCharge whether the request would go through as a paid overage if the caller
 *     accepts the charge (policy {@code CONSENT})
 * @param estimatedCost the overage charge the request would incur (zero when it cannot)
 * @param overagePrice the plan's overage price per unit, if the plan has one
 * @param suggestedTopUp the smallest top-up that covers the request, if one can
 * @param messageThai the refusal's words in Thai, e.g. {@code เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00
 *     ต่อหน่วย (ครั้งนี้ ฿60.00)}: {@link Refused#text()} rendered in {@link LocalizedText#THAI}
 */
public record QuotaShortfall(
    Units requested,
    Units remaining,
    boolean willIncurCharge,
    Money estimatedCost,
    Optional<Money> overagePrice,
    Optional<TopUpPack> suggestedTopUp,
    String messageThai) {

  /** Validates. */
  public QuotaShortfall {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(overagePrice, "overagePrice");
    Objects.requireNonNull(suggestedTopUp, "suggestedTopUp");
    Objects.requireNonNull(messageThai, "messageThai");
  }
}
