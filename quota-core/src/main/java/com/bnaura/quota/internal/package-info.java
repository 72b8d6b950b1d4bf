/**
 * The engine's implementation; not exported, not API. {@code DefaultQuotaService} validates and
 * orchestrates, {@code ClinicSession} moves units between buckets with their ledger entries, {@code
 * MonthlyThenAddonDeduction} decides a charge, {@code InMemoryQuotaStore} (in spi) is the reference store.
 * The read side: {@code QuotaInsights} reads status, usage stats ({@code UsageTallies}), forecasts
 * ({@code BurnForecaster}) and recommendations ({@code Advisor}) through {@code QuotaCaches}, the
 * only user of Caffeine; {@code AlertThresholds} holds the alert arithmetic that {@code
 * ClinicSession} applies inside the store transaction.
 */
package com.bnaura.quota.internal;
