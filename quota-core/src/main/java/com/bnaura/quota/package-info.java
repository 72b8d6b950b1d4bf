/**
 * Aura Quota's API: the {@link com.bnaura.quota.QuotaService} a host application calls before every
 * AI call, its requests, and its results.
 *
 * <p>Every write returns a value: a success record ({@link com.bnaura.quota.Reserved}, {@link
 * com.bnaura.quota.Committed}, {@link com.bnaura.quota.Consumed}, ...) or a {@link
 * com.bnaura.quota.Refused} with a stable {@link com.bnaura.quota.RefusalCode}. The {@code
 * ...OrThrow} variants throw {@link com.bnaura.quota.QuotaRefusedException} instead. A failing store
 * throws {@link com.bnaura.quota.QuotaStoreException}.
 *
 * <p>To see a clinic's quota: {@link com.bnaura.quota.QuotaStatus}, {@link
 * com.bnaura.quota.UsageStats}, {@link com.bnaura.quota.BurnForecast}, {@link
 * com.bnaura.quota.Recommendations}, and {@link com.bnaura.quota.QuotaAlert} delivered to {@link
 * com.bnaura.quota.QuotaListener#onAlert}, with {@link com.bnaura.quota.QuotaRecovered} when a
 * clinic is back above a level and {@link com.bnaura.quota.PeriodReset} at each reset; a period's
 * every ledger entry is a {@link com.bnaura.quota.Statement} of {@link
 * com.bnaura.quota.StatementLine}s, and each charge has a {@link com.bnaura.quota.Receipt}; the
 * add-on grants a status shows are {@link com.bnaura.quota.GrantStatus}es.
 *
 * <p>To check the books: {@link com.bnaura.quota.QuotaService#reconcile} folds a clinic's ledger
 * and names each balance column that disagrees as a {@link com.bnaura.quota.Drift} in a {@link
 * com.bnaura.quota.ReconciliationReport}; {@link com.bnaura.quota.QuotaService#reconcileSome}
 * walks every clinic in bounded {@link com.bnaura.quota.ReconciliationBatch}es from a {@link
 * com.bnaura.quota.ReconciliationCursor}.
 *
 * <p>Words for people are {@link com.bnaura.quota.model.LocalizedText}s, a stable message code
 * with its arguments: a refusal's {@link com.bnaura.quota.Refused#text()}, a recommendation's, an
 * alert's, a recovery's, a reset's and a forecast's {@code text()}. Each renders in English and
 * Thai from the bundles quota-core ships ({@code message(Locale)}), in a language the host adds
 * with its own bundle, or through the host's own messages keyed by the code.
 *
 * <pre>{@code
 * QuotaService quotas = QuotaService.builder().store(QuotaStore.inMemory()).build();
 * quotas.registerClinic(ClinicRegistration.builder("clinic-42", "starter").build());
 * if (quotas.tryConsume(UsageRequest.builder("clinic-42", OperationId.QUICK_SCAN, requestId)
 *     .build()) instanceof Refused r) {
 *   showBuyMoreScans(r.shortfall());
 * }
 * }</pre>
 */
package com.bnaura.quota;
