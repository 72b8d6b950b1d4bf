package com.bnaura.quota;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an outbox {@link QuotaEvent} tells of. Each type has a stable wire name, the {@code type}
 * field of a webhook's body.
 */
public enum QuotaEventType {
  /** A balance alert level was reached ({@link QuotaAlert}). */
  ALERT("alert"),
  /** The balance is back above alert levels it had reached ({@link QuotaRecovered}). */
  ALERT_RECOVERED("alert.recovered"),
  /** A period closed and the next opened with a fresh allowance ({@link PeriodReset}). */
  PERIOD_RESET("period.reset"),
  /** Add-on units were bought, by hand or by auto top-up ({@link ToppedUp}). */
  TOPPED_UP("top_up.completed"),
  /** The clinic changed plan, or scheduled a change ({@link PlanChanged}). */
  PLAN_CHANGED("plan.changed"),
  /** A charge was refunded or disputed ({@link Reversed}). */
  CHARGE_REVERSED("charge.reversed"),
  /** A pack was voided ({@link Reversed} of kind {@code VOID}). */
  GRANT_VOIDED("grant.voided"),
  /** A charge crossed the auto top-up threshold and a payment was requested. */
  AUTO_TOP_UP_REQUESTED("auto_top_up.requested"),
  /** An auto top-up payment failed; auto top-up is off until the owner turns it on again. */
  AUTO_TOP_UP_FAILED("auto_top_up.failed"),
  /** An auto top-up was not bought because the month's ceiling would be passed. */
  AUTO_TOP_UP_CEILING_REACHED("auto_top_up.ceiling_reached");

  private final String wireName;

  QuotaEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The stable name written in events and webhook bodies, such as {@code alert}. */
  public String wireName() {
    return wireName;
  }

  /** The type with {@code wireName}, if any. */
  public static Optional<QuotaEventType> ofWireName(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }
}
