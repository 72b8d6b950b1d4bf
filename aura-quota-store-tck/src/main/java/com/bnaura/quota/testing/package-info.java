/**
 * The store contract kit: the JUnit 5 tests every {@link com.bnaura.quota.spi.QuotaStore} must pass,
 * and the fixtures they run on.
 *
 * <p>Each contract is an abstract test class with one abstract method, {@code newStore()}, that
 * returns an empty store; every test of the class then runs against what it returns:
 * <ul>
 *   <li>{@link com.bnaura.quota.testing.QuotaStoreContract}: the service's behaviour over the store
 *       (deductions, reservations, top-ups, plan changes, alerts), with several service instances
 *       over one store standing for several application instances sharing one database;
 *   <li>{@link com.bnaura.quota.testing.StoreSpiContract}: the two SPI calls driven directly
 *       ({@code load} returns what the request names, {@code apply} writes a write-set whole or not
 *       at all);
 *   <li>{@link com.bnaura.quota.testing.RaceContract}: the rollover, expiry and sweeping races;
 *   <li>{@link com.bnaura.quota.testing.IdempotencyContract}: idempotency keys and their replays;
 *   <li>{@link com.bnaura.quota.testing.EventContract}: alerts that recover and period resets, each
 *       sent once across instances and never for a replay;
 *   <li>{@link com.bnaura.quota.testing.GrantContract}: add-on grants, their burn order and expiry;
 *   <li>{@link com.bnaura.quota.testing.ReceiptContract}: a receipt for every charge;
 *   <li>{@link com.bnaura.quota.testing.OutboxStoreContract}: the outbox and the leases driven
 *       through the SPI (events written with their write-set or not at all, claims that never hand
 *       one event to two dispatchers, delivery updates, purges, one lease holder at a time).
 * </ul>
 *
 * <h2>How to run the kit against your store</h2>
 *
 * <p>Add {@code com.bnaura:aura-quota-store-tck} with test scope (the {@code aura-quota-bom} gives
 * its version) beside a JUnit 5 engine, then extend each contract in your test sources:
 *
 * <pre>{@code
 * final class MyQuotaStoreTest extends QuotaStoreContract {
 *   @Override
 *   protected QuotaStore newStore() {
 *     MyDatabase.truncateAll();         // every test starts from an empty store
 *     return new MyQuotaStore(MyDatabase.dataSource());
 *   }
 * }
 *
 * final class MyStoreSpiTest extends StoreSpiContract { ... same newStore() ... }
 * final class MyRaceTest extends RaceContract { ... }
 * final class MyIdempotencyTest extends IdempotencyContract { ... }
 * final class MyEventTest extends EventContract { ... }
 * final class MyGrantTest extends GrantContract { ... }
 * final class MyReceiptTest extends ReceiptContract { ... }
 * final class MyOutboxStoreTest extends OutboxStoreContract { ... }
 * }</pre>
 *
 * <p>{@code newStore()} is called before each test; it may return the same store each time as long
 * as that store is empty. A store slower than memory may lower the concurrency of
 * {@link com.bnaura.quota.testing.QuotaStoreContract} by overriding {@code threads()}.
 *
 * <p>The fixtures serve a store's own tests too: {@link com.bnaura.quota.testing.MutableClock} moves
 * time by hand, {@link com.bnaura.quota.testing.ForwardingQuotaStore} wraps a store to count or fail
 * its calls ({@link com.bnaura.quota.testing.CountingQuotaStore} records what the engine loads),
 * {@link com.bnaura.quota.testing.LedgerInvariants} and
 * {@link com.bnaura.quota.testing.LedgerReplay} check what a store holds against its ledger, and
 * {@link com.bnaura.quota.testing.ModelCheck} drives a store with random sequences checked against a
 * model of the rules.
 */
package com.bnaura.quota.testing;
