package com.bnaura.quota.internal;

import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.model.CustomerRefHash;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The canonical form of each request that an idempotency key is bound to: a retry with the same
 * key and the same fingerprint replays the first outcome, and the same key with another
 * fingerprint is {@code IDEMPOTENCY_KEY_REUSED}. Stored with the key, so a form never changes.
 */
final class Fingerprints {
  private Fingerprints() {}

  /**
   * A usage request: {@code action} is {@code reserve}, {@code consume}, {@code record} or {@code
   * failed-call}; the time to live counts only for a reservation.
   */
  static String usage(String action, OperationId operation, long quantity, Optional<UserId> user,
      Optional<CustomerRefHash> customer, boolean acceptOverage, Duration ttl) {
    return String.join("|", action, operation.value(), Long.toString(quantity),
        user.map(UserId::value).orElse(""), customer.map(CustomerRefHash::hex).orElse(""),
        Boolean.toString(acceptOverage), action.equals("reserve") ? ttl.toString() : "");
  }

  /** A commit of a reservation: the units charged ({@code all} when not named) and the AI call. */
  static String commit(Optional<Units> actualUnits, Optional<String> model, long promptTokens,
      long outputTokens, long thoughtTokens) {
    return String.join("|", "commit", actualUnits.map(Units::toString).orElse("all"),
        model.orElse(""), Long.toString(promptTokens), Long.toString(outputTokens),
        Long.toString(thoughtTokens));
  }

  /** A top-up of {@code units}, bought as {@code pack} or by count. */
  static String topUp(Units units, Optional<String> pack) {
    return "topup|" + units + "|" + pack.orElse("");
  }

  /**
   * A purchase of {@code units} (by {@code pack} if named) with the grant terms the request set;
   * a request that sets none has the fingerprint of {@link #topUp(Units, Optional)}.
   */
  static String topUp(Units units, Optional<String> pack, Duration validFor,
      Instant expiresAt, Integer priority) {
    String base = topUp(units, pack);
    if (validFor == null && expiresAt == null && priority == null) {
      return base;
    }
    return base + "|" + (validFor == null ? "" : validFor) + "|"
        + (expiresAt == null ? "" : expiresAt) + "|" + (priority == null ? "" : priority);
  }

  /** A refund or dispute of {@code units} (all that is left when empty) of {@code charge}. */
  static String reversal(String kind, IdempotencyKey charge, Optional<Units> units,
      Optional<String> note) {
    return String.join("|", "reverse", kind, charge.value(),
        units.map(Units::toString).orElse("all"), note.orElse(""));
  }

  /** A void of the grant {@code grant}. */
  static String voidGrant(GrantId grant, Optional<String> note) {
    return "void|" + grant.value() + "|" + note.orElse("");
  }

  /** Auto top-up settings, as checked; {@code null} switches it off. */
  static String autoTopUp(com.bnaura.quota.AutoTopUp a) {
    if (a == null) {
      return "autotopup|off";
    }
    return "autotopup|" + a.thresholdUnits() + "|" + a.thresholdPercent() + "|" + a.pack() + "|"
        + a.units() + "|" + a.monthlyCeiling() + "|" + a.grantOnAuthorisation();
  }

  /** A change to {@code plan} at {@code timing}. */
  static String planChange(PlanId plan, PlanChangeRequest.Timing timing) {
    return "plan|" + plan + "|" + timing;
  }
}
