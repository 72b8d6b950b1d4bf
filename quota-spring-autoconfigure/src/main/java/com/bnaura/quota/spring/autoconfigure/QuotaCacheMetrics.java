package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.QuotaService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the statistics of the quota service's read caches ({@link QuotaService#cacheStats()})
 * as Micrometer meters, tagged {@code cache} = {@code status}, {@code usage-stats} or {@code
 * recommendations}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code bnaura.quota.cache.gets}</td><td>{@code cache}, {@code result}</td>
 *       <td>reads answered from the cache ({@code result=hit}) or from the store ({@code
 *       miss})</td></tr>
 *   <tr><td>{@code bnaura.quota.cache.evictions}</td><td>{@code cache}</td>
 *       <td>entries dropped because they expired or the cache was full</td></tr>
 *   <tr><td>{@code bnaura.quota.cache.size}</td><td>{@code cache}</td>
 *       <td>entries in the cache now</td></tr>
 * </table>
 *
 * <p>The counters are {@link FunctionCounter}s of the totals since the service was built ({@link
 * CacheStatsSnapshot#total()}): they never go down, so {@link QuotaService#resetCaches()} (the
 * {@code quota} endpoint's write operation) empties the caches without making a rate computed
 * from them jump or a monitoring system see a counter reset.
 */
public final class QuotaCacheMetrics implements MeterBinder {

  private static final Map<String, Function<CacheStatsSnapshot, CacheStatsSnapshot.Counts>>
      CACHES = Map.of(
          "status", s -> s.total().status(),
          "usage-stats", s -> s.total().usageStats(),
          "recommendations", s -> s.total().recommendations());

  private final QuotaService quotas;

  /**
   * Meters of the caches of {@code quotas}.
   *
   * @param quotas the quota service
   */
  public QuotaCacheMetrics(QuotaService quotas) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
  }

  /** Registers the meters into {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    CACHES.forEach((name, cache) -> {
      counter(registry, "bnaura.quota.cache.gets", name, "result", "hit",
          "Reads answered from the cache", q -> cache.apply(q.cacheStats()).hits());
      counter(registry, "bnaura.quota.cache.gets", name, "result", "miss",
          "Reads that went to the store", q -> cache.apply(q.cacheStats()).misses());
      FunctionCounter.builder("bnaura.quota.cache.evictions", quotas,
              q -> cache.apply(q.cacheStats()).evictions())
          .tag("cache", name)
          .description("Entries dropped because they expired or the cache was full")
          .register(registry);
      Gauge.builder("bnaura.quota.cache.size", quotas,
              q -> cache.apply(q.cacheStats()).size())
          .tag("cache", name)
          .description("Entries in the cache")
          .register(registry);
    });
  }

  private void counter(MeterRegistry registry, String meter, String cache, String key,
      String value, String description, ToDoubleFunction<QuotaService> count) {
    FunctionCounter.builder(meter, quotas, count)
        .tag("cache", cache)
        .tag(key, value)
        .description(description)
        .register(registry);
  }
}
