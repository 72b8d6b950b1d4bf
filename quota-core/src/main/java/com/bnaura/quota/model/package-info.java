/**
 * The domain values: {@link com.bnaura.quota.model.Units} (fixed-point, three decimals), {@link
 * com.bnaura.quota.model.Money} (minor units of one currency), ids (1 to 255 characters after NFC normalisation, no control characters),
 * {@link com.bnaura.quota.model.BillingPeriod} and {@link com.bnaura.quota.model.ResetSchedule}, and
 * the {@link com.bnaura.quota.model.QuotaCatalog} of plans, operations and top-up prices.
 *
 * <p>Values validate in their constructors; a malformed caller value raises {@link
 * com.bnaura.quota.model.InvalidArgumentException} naming the field and why, the reason as a
 * {@link com.bnaura.quota.model.LocalizedText}: a message code with its arguments that renders in
 * English, Thai or a language the host adds.
 */
package com.bnaura.quota.model;
