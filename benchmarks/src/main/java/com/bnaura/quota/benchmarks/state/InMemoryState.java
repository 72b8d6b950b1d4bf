package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.spi.QuotaStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine on {@link QuotaStore#inMemory()}: {@code clinics} clinics on a plan that does not run
 * out. The store is rebuilt every iteration, because the in-memory store keeps every idempotency
 * key and ledger row and a million charges a second would otherwise fill the heap.
 */
@State(Scope.Benchmark)
public class InMemoryState {

  /** How many clinics the charges spread over. */
  @Param("1000")
  public int clinics;

  private EngineFixture fixture;

  /** Builds a fresh store and registers the clinics. */
  @Setup(Level.Iteration)
  public void setUp() {
    fixture = new EngineFixture(BenchCatalog.service(QuotaStore.inMemory()), "mem", clinics);
  }

  /** The service and its clinics. */
  public EngineFixture engine() {
    return fixture;
  }
}
