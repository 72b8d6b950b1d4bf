package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.benchmarks.state.BenchCatalog;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Our engine on one database: {@link JdbcQuotaStore} over the harness's pool, exactly as a host
 * builds it, shared by the consume and the reserve-then-commit contenders.
 */
final class OursEngine {
  private final BenchDatabase database;
  private final QuotaService quotas;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  /**
   * The engine on {@code dataSource}, a pool of {@code database}; {@code migrate} creates the
   * store's tables first; {@code chargeBatching} is {@code [maxCharges, maxStatements]}, or empty
   * for the store's default.
   */
  OursEngine(BenchDatabase database, DataSource dataSource, boolean migrate,
      List<Integer> chargeBatching) {
    this.database = database;
    JdbcQuotaStore.Builder builder = JdbcQuotaStore.builder(dataSource).migrate(migrate);
    if (!chargeBatching.isEmpty()) {
      builder.chargeBatching(chargeBatching.get(0), chargeBatching.get(1));
    }
    this.quotas = BenchCatalog.service(builder.build());
  }

  QuotaService quotas() {
    return quotas;
  }

  /** Registers the clinics of {@code set}, once. */
  void prepare(ClinicSet set) {
    if (prepared.add(set.prefix())) {
      Parallel.forEach(set.size(), i -> BenchCatalog.register(quotas, set.id(i), set.plan()));
    }
  }

  /** Milli-units charged (monthly, add-on and overage) in the current periods of {@code set}. */
  long stored(ClinicSet set) {
    return database.queryLong("select coalesce(sum(current_usage + addon_used + overage_units), 0)"
        + " from usage_metrics where clinic_id like ?", set.likePattern());
  }

  /** Milli-units held by open reservations over {@code set}. */
  long held(ClinicSet set) {
    return database.queryLong("select coalesce(sum(monthly_reserved + overage_reserved), 0)"
        + " from usage_metrics where clinic_id like ?", set.likePattern());
  }
}
