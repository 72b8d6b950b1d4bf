package com.bnaura.quota;

/**
 * A request to void one add-on grant (a pack bought by mistake, or taken back): its unused units
 * stop counting at once and their share of its price is paid back through the payment gateway.
 *
 * <pre>{@code
 * quotas.voidGrant(new VoidGrantRequest("siam", "g-7f3a...", "void-7781", "bought twice"));
 * }</pre>
 *
 * @param clinicId the clinic
 * @param grantId the grant's id ({@link ToppedUp#grant()}, {@link GrantStatus#id()})
 * @param idempotencyKey this void's own key; a retry with it voids and refunds nothing more
 * @param note a line a person can read on the statement, or {@code null}
 */
public record VoidGrantRequest(String clinicId, String grantId, String idempotencyKey,
    String note) {}
