/**
 * The engine's implementation; not exported, not API. {@code DefaultQuotaService} validates and
 * orchestrates, {@code ClinicSession} moves units between buckets with their ledger entries, {@code
 * MonthlyThenAddonDeduction} decides a charge, {@code InMemoryQuotaStore} is the reference store.
 */
package com.bnaura.quota.internal;
