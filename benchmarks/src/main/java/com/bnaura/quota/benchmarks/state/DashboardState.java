package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.spi.QuotaStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The dashboard mix (SPEC §6 quota status, §8 caching): many clinics on the in-memory store, read
 * with Zipf skew through the cached {@code status(clinicId)}, while a writer charges a few of them
 * now and then (each write through this instance refreshes that clinic's cached status).
 *
 * <p>The read is {@link #readStatus(String)}. The status cache's hit rate over each iteration (the
 * change of its counters, so the cache stays warm from one iteration to the next) is reported by
 * {@link CacheReport}.
 */
@State(Scope.Benchmark)
public class DashboardState {

  /** How many clinics have a dashboard open. */
  @Param("10000")
  public int clinics;

  /** The Zipf exponent of the read skew (1.0: the busiest clinic is read twice as often as the next). */
  @Param("1.0")
  public double zipfExponent;

  /** The writer's pause between two charges, in microseconds. */
  @Param("1000")
  public long writePauseMicros;

  private QuotaService quotas;
  private String[] ids;
  private ZipfSampler zipf;
  private CacheStatsSnapshot.Counts before = CacheStatsSnapshot.Counts.EMPTY;

  /** Registers the clinics and charges each once, so every dashboard shows some usage. */
  @Setup(Level.Trial)
  public void setUp() {
    quotas = BenchCatalog.service(QuotaStore.inMemory());
    ids = new String[clinics];
    for (int i = 0; i < clinics; i++) {
      ids[i] = BenchCatalog.clinicId("dash", i);
      BenchCatalog.register(quotas, ids[i], BenchCatalog.LARGE);
      write(i, "setup-" + i);
    }
    zipf = new ZipfSampler(clinics, zipfExponent);
  }

  /** Notes the status cache's counters as the iteration starts. */
  @Setup(Level.Iteration)
  public void markCacheStats() {
    before = quotas.cacheStats().status();
  }

  /** Reports the status cache's hit rate over the iteration just run. */
  @TearDown(Level.Iteration)
  public void reportCache() {
    CacheReport.report("dashboard", before, quotas.cacheStats().status());
  }

  /** The status read a dashboard makes. */
  public Object readStatus(String clinicId) {
    return quotas.status(clinicId);
  }

  /** Charges one quick scan to clinic {@code rank}. */
  public Consumed write(int rank, String key) {
    ConsumeResult result = quotas.tryConsume(
        UsageRequest.builder(ids[rank], OperationId.QUICK_SCAN, key).build());
    if (result instanceof Consumed consumed) {
      return consumed;
    }
    throw new IllegalStateException("write on " + ids[rank] + " was not granted: " + result);
  }

  /** The clinic id of {@code rank}. */
  public String clinic(int rank) {
    return ids[rank];
  }

  /** The read skew. */
  public ZipfSampler zipf() {
    return zipf;
  }

  /** The service. */
  public QuotaService quotas() {
    return quotas;
  }
}
