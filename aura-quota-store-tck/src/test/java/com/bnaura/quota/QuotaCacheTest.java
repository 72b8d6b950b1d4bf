package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The read caches: status 60 s, usage stats 30 s, recommendations 5 min, on the service's
 * clock; fresh after a write through the same instance, another instance's write visible after the
 * TTL, and never a grant.
 */
final class QuotaCacheTest {
  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = service();
  private final QuotaService other = service();
  private int keys;

  private QuotaService service() {
    return QuotaService.builder().store(store).clock(clock)
        .customerRefKey("cache-test-key-0123456789".getBytes()).build();
  }

  private void register(String clinic, String plan) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan)
        .overagePolicy(OveragePolicy.BLOCK).build());
  }

  private void use(QuotaService through, String clinic, long units) {
    through.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
        "k" + keys++).quantity(units).build());
  }

  @Test
  void repeatedStatus_isServedFromTheCache() {
    register("c1", "starter");

    for (int i = 0; i < 10; i++) {
      quotas.status("c1");
    }
    CacheStatsSnapshot.Counts status = quotas.cacheStats().status();

    assertThat(status).isEqualTo(new CacheStatsSnapshot.Counts(9, 1, 0, 1));
    assertThat(status.hitRate()).isEqualTo(0.9);
  }

  @Test
  void writeThroughTheSameInstance_makesEveryReadFresh() {
    register("c1", "starter");
    quotas.status("c1");
    quotas.usageStats("c1");
    quotas.recommendations("c1");

    use(quotas, "c1", 5);

    assertThat(quotas.status("c1").monthlyUsed()).isEqualTo(Units.of(5));
    assertThat(quotas.usageStats("c1").charged().units()).isEqualTo(Units.of(5));
    assertThat(quotas.recommendations("c1").asOf()).isEqualTo(clock.instant());
    CacheStatsSnapshot stats = quotas.cacheStats();
    assertThat(stats.status().misses()).isEqualTo(2); // before and after the write
    assertThat(stats.usageStats().hits()).isZero();
    assertThat(stats.recommendations().hits()).isZero();
  }

  @Test
  void writeThroughAnotherInstance_showsOnceTheStatusTtlPassed() {
    register("c1", "starter");
    quotas.status("c1");

    use(other, "c1", 5);
    clock.advance(Duration.ofSeconds(59));
    Units before = quotas.status("c1").monthlyUsed();
    clock.advance(Duration.ofSeconds(1));
    Units after = quotas.status("c1").monthlyUsed();

    assertThat(before).isEqualTo(Units.ZERO);
    assertThat(after).isEqualTo(Units.of(5));
    assertThat(quotas.cacheStats().status().evictions()).isEqualTo(1);
  }

  @Test
  void cachedStatuses_leaveOnceTheTtlPassed() {
    for (int c = 0; c < 50; c++) {
      register("c" + c, "starter");
      quotas.status("c" + c);
    }
    long before = quotas.cacheStats().status().size();

    clock.advance(Duration.ofSeconds(61));
    quotas.status("c0");
    CacheStatsSnapshot.Counts after = quotas.cacheStats().status();

    assertThat(before).isEqualTo(50);
    assertThat(after.size()).isEqualTo(1);
    assertThat(after.evictions()).isEqualTo(50);
  }

  @Test
  void usageStatsOfAnotherInstancesWrite_showAfterThirtySeconds() {
    register("c1", "starter");
    quotas.usageStats("c1");

    use(other, "c1", 2);
    clock.advance(Duration.ofSeconds(29));
    long before = quotas.usageStats("c1").charged().count();
    clock.advance(Duration.ofSeconds(1));
    long after = quotas.usageStats("c1").charged().count();

    assertThat(before).isZero();
    assertThat(after).isEqualTo(1);
  }

  @Test
  void recommendations_areKeptFiveMinutesPerOpeningDays() {
    register("c1", "starter");
    Set<DayOfWeek> weekdays = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    quotas.recommendations("c1");
    quotas.recommendations("c1", weekdays);

    clock.advance(Duration.ofSeconds(299));
    quotas.recommendations("c1");
    quotas.recommendations("c1", weekdays);
    clock.advance(Duration.ofSeconds(1));
    quotas.recommendations("c1");

    assertThat(quotas.cacheStats().recommendations().hits()).isEqualTo(2);
    assertThat(quotas.cacheStats().recommendations().misses()).isEqualTo(3);
  }

  @Test
  void planChangeThroughAnotherInstance_reachesHasFeatureAfterTheTtl() {
    register("c1", "starter");
    boolean before = quotas.hasFeature("c1", "leadScoring");

    other.changePlan(PlanChangeRequest.of("c1", "professional", "p1"));
    boolean stillCached = quotas.hasFeature("c1", "leadScoring");
    clock.advance(Duration.ofSeconds(60));
    boolean after = quotas.hasFeature("c1", "leadScoring");

    assertThat(before).isFalse();
    assertThat(stillCached).isFalse();
    assertThat(after).isTrue();
    assertThat(other.hasFeature("c1", "leadScoring")).isTrue(); // the writer sees it at once
  }

  @Test
  void cachedStatus_neverGrantsUnits() {
    register("c1", "starter");
    QuotaStatus cached = quotas.status("c1");

    use(other, "c1", 100);
    ConsumeResult attempt = quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "late").build());

    assertThat(cached.totalRemaining()).isEqualTo(Units.of(100));
    assertThat(attempt).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED));
  }

  @Test
  void resetCaches_emptiesAndRestartsTheCounters() {
    register("c1", "starter");
    quotas.status("c1");
    quotas.status("c1");
    quotas.usageStats("c1");

    quotas.resetCaches();
    CacheStatsSnapshot afterReset = quotas.cacheStats();
    quotas.status("c1");

    assertThat(afterReset.combined()).isEqualTo(CacheStatsSnapshot.Counts.EMPTY);
    assertThat(afterReset.combined().hitRate()).isEqualTo(1.0);
    assertThat(quotas.cacheStats().status()).isEqualTo(new CacheStatsSnapshot.Counts(0, 1, 0, 1));
  }

  @Test
  void zeroTtl_turnsACacheOff() {
    QuotaService uncached = QuotaService.builder().store(store).clock(clock)
        .statusCacheTtl(Duration.ZERO).build();
    register("c1", "starter");

    uncached.status("c1");
    uncached.status("c1");

    assertThat(uncached.cacheStats().status().hits()).isZero();
    assertThat(uncached.cacheStats().status().misses()).isEqualTo(2);
  }

  @Test
  void configuredTtl_isUsed() {
    QuotaService shortLived = QuotaService.builder().store(store).clock(clock)
        .usageStatsCacheTtl(Duration.ofSeconds(5)).build();
    register("c1", "starter");
    shortLived.usageStats("c1");

    use(other, "c1", 1);
    clock.advance(Duration.ofSeconds(5));

    assertThat(shortLived.usageStats("c1").charged().count()).isEqualTo(1);
  }

  @Test
  void builderTtls_areCheckedOnceEach() {
    QuotaService.Builder builder = QuotaService.builder().statusCacheTtl(Duration.ofSeconds(60));

    assertThatThrownBy(() -> builder.statusCacheTtl(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("statusCacheTtl was already set to PT1M");
    assertThatThrownBy(() -> QuotaService.builder().usageStatsCacheTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usageStatsCacheTtl");
    assertThatThrownBy(() -> QuotaService.builder().recommendationsCacheTtl(null))
        .isInstanceOf(NullPointerException.class).hasMessage("recommendationsCacheTtl");
    assertThatThrownBy(() -> QuotaService.builder().openingDays(Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openingDays");
  }

  @Test
  void dashboardReadMix_hitsTheCacheMostOfTheTime() {
    int clinics = 50;
    for (int c = 0; c < clinics; c++) {
      register("clinic-" + c, "professional");
    }
    quotas.resetCaches();
    SplittableRandom random = new SplittableRandom(8);

    // ten minutes: every second each clinic's dashboard polls its status; one AI call a second
    for (int second = 0; second < 600; second++) {
      for (int c = 0; c < clinics; c++) {
        quotas.status("clinic-" + c);
      }
      use(quotas, "clinic-" + random.nextInt(clinics), 1);
      clock.advance(Duration.ofSeconds(1));
    }
    long started = System.nanoTime();
    int reads = 100_000;
    for (int i = 0; i < reads; i++) {
      quotas.status("clinic-" + (i % clinics));
    }
    double micros = (System.nanoTime() - started) / 1000.0 / reads;

    CacheStatsSnapshot.Counts status = quotas.cacheStats().status();
    System.out.printf("QuotaCacheTest: dashboard mix hit rate %.4f (%d hits, %d misses), "
        + "%.2f us per cached status read%n", status.hitRate(), status.hits(), status.misses(),
        micros);
    assertThat(status.hitRate()).isGreaterThan(0.92);
  }
}
