package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.UsageStats.Tally;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage stats of a period, computed from the ledger. */
final class UsageStatsTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Currency THB = Currency.getInstance("THB");

  private final MutableClock clock = MutableClock.at(local(1, "09:00"));
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock)
      .customerRefKey("stats-test-key-0123456789".getBytes()).build();

  private static Instant local(int marchDay, String time) {
    return LocalDateTime.parse(String.format("2026-03-%02dT%s", marchDay, time)).atZone(BANGKOK)
        .toInstant();
  }

  private static Tally tally(long count, String units) {
    return new Tally(count, Units.parse(units));
  }

  private void register(String clinic, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, "starter").overagePolicy(policy)
        .maxUnitsPerRequest(BIG).build());
  }

  private UsageRequest.Builder usage(OperationId op, String key) {
    return UsageRequest.builder("c1", op, key);
  }

  @Test
  void oneBusyPeriod_breaksDownByOperationUserDayAndOutcome() {
    register("c1", OveragePolicy.BLOCK);
    clock.set(local(10, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k1").user("sales-1")
        .customerRef("cust-A").build());
    clock.set(local(10, "11:00"));
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k2").user("sales-1")
        .customerRef("cust-A").build()); // free repeat
    clock.set(local(10, "12:00"));
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "k3").user("sales-2")
        .customerRef("cust-A").build()); // pays the 0.8 difference
    clock.set(local(11, "10:00"));
    Reserved committed = quotas.reserveOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "r1")
        .user("sales-2").quantity(2).build());
    quotas.commitOrThrow(CommitRequest.of("c1", committed.id().value()));
    Reserved released = quotas.reserveOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "r2").build());
    quotas.tryRelease("c1", released.id().value());
    quotas.reserveOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "r3").build());
    clock.advance(Duration.ofMinutes(11));
    quotas.expireReservations();
    clock.set(local(12, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.CHAT_ADVISOR, "k4").build());
    quotas.recordUsage("c1", "sales-1", "quick", false, "k5"); // a failed AI call
    clock.set(local(13, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "k6").user("sales-1")
        .quantity(97).build());
    quotas.recordUsage("c1", "sales-1", "detailed", true, "k7"); // over quota: unbilled

    UsageStats stats = quotas.usageStats("c1");

    assertThat(stats.current()).isTrue();
    assertThat(stats.charged()).isEqualTo(tally(6, "100"));
    assertThat(stats.split()).isEqualTo(new Deduction(Units.of(100), Units.ZERO, Units.ZERO));
    assertThat(stats.byOperation()).containsExactly(
        Map.entry(OperationId.CHAT_ADVISOR, tally(1, "0")),
        Map.entry(OperationId.CLINICAL_ANALYSIS, tally(3, "99.8")),
        Map.entry(OperationId.QUICK_SCAN, tally(2, "0.2")));
    assertThat(stats.byUser()).containsExactly(
        Map.entry(UserId.of("sales-1"), tally(3, "97.2")),
        Map.entry(UserId.of("sales-2"), tally(2, "2.8")));
    assertThat(stats.byDay()).hasSize(13).containsEntry(LocalDate.of(2026, 3, 1), Tally.ZERO)
        .containsEntry(LocalDate.of(2026, 3, 10), tally(3, "1"))
        .containsEntry(LocalDate.of(2026, 3, 11), tally(1, "2"))
        .containsEntry(LocalDate.of(2026, 3, 12), tally(1, "0"))
        .containsEntry(LocalDate.of(2026, 3, 13), tally(1, "97"));
    assertThat(stats.exemptRepeats()).isEqualTo(tally(2, "0.4"));
    assertThat(stats.reservations()).isEqualTo(
        new UsageStats.Reservations(0, Units.ZERO, 1, 1, 1));
    assertThat(stats.unbilled()).isEqualTo(tally(1, "1"));
    assertThat(stats.unbilledByReason()).containsExactly(Map.entry("QUOTA_EXCEEDED",
        tally(1, "1")));
    assertThat(stats.failedCalls()).isEqualTo(1);
    assertThat(stats.overageUnits()).isEqualTo(Units.ZERO);
    assertThat(stats.zone()).isEqualTo(BANGKOK);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void cachedAnswers_countAsFreeChargesInTheirOwnTally_notAsRepeatScans() {
    register("c1", OveragePolicy.BLOCK);
    clock.set(local(10, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k1").user("sales-1")
        .customerRef("cust-A").build());
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k2").user("sales-1")
        .customerRef("cust-A").build()); // free repeat
    clock.set(local(11, "10:00"));
    ConsumeResult cached = quotas.recordCachedAnswer(usage(OperationId.CLINICAL_ANALYSIS, "k3")
        .user("sales-2").customerRef("cust-A").build());
    quotas.recordCachedAnswer(usage(OperationId.CLINICAL_ANALYSIS, "k3").user("sales-2")
        .customerRef("cust-A").build()); // a retry of the same request
    quotas.recordCachedAnswer(usage(OperationId.QUICK_SCAN, "k4").build());

    UsageStats stats = quotas.usageStats("c1");

    assertThat(cached).isInstanceOfSatisfying(Consumed.class, c -> {
      assertThat(c.billed()).isTrue();
      assertThat(c.charge().units()).isEqualTo(Units.ZERO);
      assertThat(c.charge().overageCost()).isEqualTo(Money.zero(THB));
      assertThat(c.charge().waived()).isEqualTo(Units.of(1));
      assertThat(c.charge().exemption()).contains("CACHED_ANSWER");
      assertThat(c.remaining()).isEqualTo(Units.parse("99.8"));
    });
    assertThat(stats.charged()).isEqualTo(tally(4, "0.2"));
    assertThat(stats.cachedAnswers()).isEqualTo(tally(2, "1.2"));
    assertThat(stats.exemptRepeats()).isEqualTo(tally(1, "0.2"));
    assertThat(stats.byOperation()).containsExactly(
        Map.entry(OperationId.CLINICAL_ANALYSIS, tally(1, "0")),
        Map.entry(OperationId.QUICK_SCAN, tally(3, "0.2")));
    assertThat(stats.byUser()).containsEntry(UserId.of("sales-2"), tally(1, "0"));
    assertThat(stats.byDay()).containsEntry(LocalDate.of(2026, 3, 11), tally(2, "0"));
    assertThat(stats.overageCost()).isEqualTo(Money.zero(THB));
    assertThat(quotas.balance("c1").monthlyRemaining()).isEqualTo(Units.parse("99.8"));
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void cachedAnswer_withAKeyAnotherWriteUsed_isRefusedAndWritesNothing() {
    register("c1", OveragePolicy.BLOCK);
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k1").build());

    ConsumeResult reused = quotas.recordCachedAnswer(usage(OperationId.QUICK_SCAN, "k1").build());
    ConsumeResult unknown = quotas.recordCachedAnswer(UsageRequest.builder("nobody",
        OperationId.QUICK_SCAN, "k2").build());
    ConsumeResult blank = quotas.recordCachedAnswer(usage(OperationId.QUICK_SCAN, " ").build());

    assertThat(reused).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(unknown).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThat(blank).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains("idempotencyKey");
    });
    assertThat(quotas.usageStats("c1").cachedAnswers()).isEqualTo(Tally.ZERO);
  }

  @Test
  void overage_isCountedInUnitsAndMoney() {
    register("c1", OveragePolicy.AUTO);
    clock.set(local(5, "10:00"));

    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "k1").quantity(101).build());
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k2").build());
    UsageStats stats = quotas.usageStats("c1");

    assertThat(stats.split()).isEqualTo(new Deduction(Units.of(100), Units.ZERO,
        Units.parse("1.2")));
    assertThat(stats.overageCost()).isEqualTo(Money.of("90", Money.THB)); // 75 + 15
  }

  @Test
  void openReservation_isCountedWithItsUnits() {
    register("c1", OveragePolicy.BLOCK);

    quotas.reserveOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "r1").quantity(3).build());

    assertThat(quotas.usageStats("c1").reservations())
        .isEqualTo(new UsageStats.Reservations(1, Units.of(3), 0, 0, 0));
  }

  @Test
  void pastPeriod_isSelectedByAnyInstantInIt() {
    register("c1", OveragePolicy.BLOCK);
    clock.set(local(20, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "march").quantity(4).build());
    clock.set(LocalDateTime.parse("2026-04-03T10:00").atZone(BANGKOK).toInstant());
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "april").build());

    UsageStats march = quotas.usageStats("c1", local(31, "23:59"));
    UsageStats april = quotas.usageStats("c1");

    assertThat(march.current()).isFalse();
    assertThat(march.period().start()).isEqualTo(local(1, "00:00"));
    assertThat(march.charged()).isEqualTo(tally(1, "4"));
    assertThat(march.byDay()).hasSize(31);
    assertThat(april.current()).isTrue();
    assertThat(april.charged()).isEqualTo(tally(1, "1"));
    assertThat(april.byDay()).hasSize(3);
  }

  @Test
  void periodNobodyOpenedYet_isEmpty() {
    register("c1", OveragePolicy.BLOCK);
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "march").build());
    clock.set(LocalDateTime.parse("2026-04-02T10:00").atZone(BANGKOK).toInstant());

    UsageStats april = quotas.usageStats("c1");

    assertThat(april.period().start())
        .isEqualTo(LocalDateTime.parse("2026-04-01T00:00").atZone(BANGKOK).toInstant());
    assertThat(april.charged()).isEqualTo(Tally.ZERO);
    assertThat(store.periods(ClinicId.of("c1"))).hasSize(1); // a read wrote nothing
  }

  @Test
  void badInstant_isRefusedNamingAt() {
    register("c1", OveragePolicy.BLOCK);

    assertThat(refusal(() -> quotas.usageStats("c1", clock.instant().plusSeconds(1))))
        .satisfies(r -> assertThat(r.field()).contains("at"))
        .satisfies(r -> assertThat(r.message()).contains("future"));
    assertThat(refusal(() -> quotas.usageStats("c1", Instant.parse("2026-02-27T00:00:00Z"))))
        .satisfies(r -> assertThat(r.field()).contains("at"));
    assertThat(refusal(() -> quotas.usageStats("c1", null)))
        .satisfies(r -> assertThat(r.field()).contains("at"));
    assertThat(refusal(() -> quotas.usageStats("nobody")).code())
        .isEqualTo(RefusalCode.UNKNOWN_CLINIC);
    assertThat(refusal(() -> quotas.usageStats(" ")).field()).contains("clinicId");
  }

  @Test
  void largeLedger_isFoldedInOnePass() {
    register("c1", OveragePolicy.AUTO);
    clock.set(local(2, "00:00"));
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      clock.advance(Duration.ofSeconds(30));
      quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k" + i).user("sales-" + (i % 20))
          .build());
    }

    long started = System.nanoTime();
    UsageStats stats = quotas.usageStats("c1");
    long firstMillis = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      quotas.usageStats("c1");
    }
    double cachedMicros = (System.nanoTime() - started) / 1_000.0 / 10_000;

    System.out.printf("UsageStatsTest: %d ledger rows folded in %d ms, cached read %.2f us%n",
        n + 1, firstMillis, cachedMicros);
    assertThat(stats.charged()).isEqualTo(new Tally(n, Units.parse("0.2").times(n)));
    assertThat(stats.byUser()).hasSize(20);
  }

  private static Refused refusal(Runnable call) {
    try {
      call.run();
    } catch (QuotaRefusedException e) {
      return e.refused();
    }
    throw new AssertionError("expected a refusal");
  }
}
