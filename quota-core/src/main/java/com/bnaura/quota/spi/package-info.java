/**
 * The service provider interface for stores: {@link com.bnaura.quota.spi.QuotaStore} runs one
 * atomic {@link com.bnaura.quota.spi.QuotaTransaction} per clinic, over the stored rows ({@link
 * com.bnaura.quota.spi.AccountRecord}, {@link com.bnaura.quota.spi.PeriodRecord}, {@link
 * com.bnaura.quota.spi.ReservationRecord}, the append-only {@link com.bnaura.quota.spi.LedgerEntry}
 * ledger, ...). The engine decides; the store only makes each decision atomic.
 *
 * <p>A store may also offer {@link com.bnaura.quota.spi.QuotaStore#tryMonthlyCharge}: the common
 * charge, one that fits in the current monthly allowance, applied in one atomic step whose
 * conditions the store checks on its current rows ({@link com.bnaura.quota.spi.MonthlyCharge}).
 *
 * <p>Also here: the {@link com.bnaura.quota.spi.PaymentGateway} port through which top-ups are paid.
 *
 * <p>A new store proves itself by extending {@code com.bnaura.quota.testing.QuotaStoreContract}
 * from quota-core's test-jar.
 */
package com.bnaura.quota.spi;
