package com.bnaura.quota.model;

import java.util.Objects;
import java.util.Set;

/**
 * A metered AI action and its price in units.
 *
 * <p>The bundled catalog has {@code QUICK_SCAN} at 0.2 (alias {@code quick}), {@code
 * CLINICAL_ANALYSIS} at 1.0 (alias {@code detailed}) and {@code CHAT_ADVISOR} at 0.0. A contract may
 * set other rates. Scans are eligible for the free repeat scan of the same customer within 24 hours.
 *
 * @param id the operation id
 * @param rate the units one operation costs
 * @param repeatScanEligible whether a repeat of the same customer within 24 hours is free
 * @param aliases other names the operation answers to, such as seed 000's {@code quick}
 */
public record Operation(OperationId id, Units rate, boolean repeatScanEligible, Set<String> aliases) {

  /** Validates and copies. */
  public Operation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rate, "rate");
    aliases = Set.copyOf(aliases);
  }

  /** An operation with no aliases. */
  public static Operation of(OperationId id, Units rate, boolean repeatScanEligible) {
    return new Operation(id, rate, repeatScanEligible, Set.of());
  }
}
