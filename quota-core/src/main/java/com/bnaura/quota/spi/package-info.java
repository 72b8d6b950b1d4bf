/**
 * The service provider interface for stores. {@link com.bnaura.quota.spi.QuotaStore} has two calls
 * for every write: {@link com.bnaura.quota.spi.QuotaStore#load} reads a {@link
 * com.bnaura.quota.spi.ClinicSnapshot} of one clinic (what a {@link
 * com.bnaura.quota.spi.LoadRequest} names), and {@link com.bnaura.quota.spi.QuotaStore#apply}
 * writes a decision's {@link com.bnaura.quota.spi.WriteSet} atomically if the clinic is still at the
 * version it was read at, throwing {@link com.bnaura.quota.spi.WriteConflict} otherwise. The rows
 * are {@link com.bnaura.quota.spi.AccountRecord}, {@link com.bnaura.quota.spi.PeriodRecord}, {@link
 * com.bnaura.quota.spi.ReservationRecord}, the append-only {@link
 * com.bnaura.quota.spi.LedgerEntry} ledger and the rest. The engine decides every rule; a store
 * knows none.
 *
 * <p>Also here: the {@link com.bnaura.quota.spi.PaymentGateway} port through which top-ups are paid.
 *
 * <p>A new store proves itself by extending {@code com.bnaura.quota.testing.QuotaStoreContract}
 * and {@code com.bnaura.quota.testing.StoreSpiContract} from the store contract kit, {@code
 * aura-quota-store-tck}.
 */
package com.bnaura.quota.spi;
