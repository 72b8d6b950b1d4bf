package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A period's statement: every ledger entry of the period, with totals that match its lines. */
final class StatementTest {
  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Currency THB = Currency.getInstance("THB");

  private final MutableClock clock = MutableClock.at(local(1, "09:00"));
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock)
      .customerRefKey("statement-test-key-0123456789".getBytes()).build();

  private static Instant local(int marchDay, String time) {
    return LocalDateTime.parse(String.format("2026-03-%02dT%s", marchDay, time)).atZone(BANGKOK)
        .toInstant();
  }

  private void register(OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").overagePolicy(policy)
        .maxUnitsPerRequest("1000").build());
  }

  private UsageRequest.Builder usage(OperationId op, String key) {
    return UsageRequest.builder("c1", op, key);
  }

  @Test
  void statement_listsEveryEntryOfThePeriodInOrder() {
    register(OveragePolicy.BLOCK);
    clock.set(local(10, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k1").user("sales-1")
        .customerRef("cust-A").build());
    clock.set(local(10, "11:00"));
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "k2").user("sales-1")
        .customerRef("cust-A").build()); // free repeat
    clock.set(local(11, "10:00"));
    Reserved released = quotas.reserveOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "r1")
        .user("sales-2").build());
    quotas.tryRelease("c1", released.id().value());
    quotas.purchaseTopUpOrThrow(TopUpRequest.units("c1", 10, "t1"));

    Statement statement = quotas.statement("c1", clock.instant());

    assertThat(statement.current()).isTrue();
    assertThat(statement.zone()).isEqualTo(BANGKOK);
    assertThat(statement.period().start()).isEqualTo(local(1, "00:00"));
    assertThat(statement.lines()).extracting(StatementLine::kind).containsExactly(
        LedgerKind.GRANT, LedgerKind.CHARGE, LedgerKind.CHARGE, LedgerKind.HOLD,
        LedgerKind.UNHOLD, LedgerKind.TOP_UP);
    StatementLine first = statement.lines().get(1);
    assertThat(first.at()).isEqualTo(local(10, "10:00"));
    assertThat(first.operation()).contains(OperationId.QUICK_SCAN);
    assertThat(first.user()).contains(UserId.of("sales-1"));
    assertThat(first.units()).isEqualTo(Units.parse("0.2"));
    assertThat(first.split().fromMonthly()).isEqualTo(Units.parse("0.2"));
    assertThat(first.key()).contains(IdempotencyKey.of("k1"));
    StatementLine repeat = statement.lines().get(2);
    assertThat(repeat.split().total()).isEqualTo(Units.ZERO);
    assertThat(repeat.waived()).isEqualTo(Units.parse("0.2"));
    assertThat(repeat.reason()).contains("REPEAT_WITHIN_24H");
    assertThat(statement.lines().get(4).reason()).contains("RELEASED");
    StatementLine topUp = statement.lines().get(5);
    assertThat(topUp.units()).isEqualTo(Units.of(10));
    assertThat(topUp.money().minor()).isPositive();
    assertThat(topUp.operation()).isEqualTo(Optional.empty());
  }

  @Test
  void totals_equalTheUsageStatsOfThePeriod() {
    register(OveragePolicy.AUTO);
    clock.set(local(10, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "k1").quantity(99).build());
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "k2").quantity(3).build());
    quotas.recordUsage("c1", "sales-1", "quick", false, "k3"); // a failed AI call

    Statement statement = quotas.statement("c1", clock.instant());
    UsageStats stats = quotas.usageStats("c1");

    assertThat(statement.usage().charged()).isEqualTo(stats.charged());
    assertThat(statement.usage().split()).isEqualTo(stats.split());
    assertThat(statement.usage().overageCost()).isEqualTo(stats.overageCost());
    assertThat(stats.overageCost()).isNotEqualTo(Money.zero(THB));
    Units charged = statement.lines().stream()
        .filter(l -> l.kind() == LedgerKind.CHARGE || l.kind() == LedgerKind.COMMIT)
        .map(l -> l.split().total()).reduce(Units.ZERO, Units::plus);
    assertThat(charged).isEqualTo(stats.charged().units());
    assertThat(statement.lines()).extracting(StatementLine::kind)
        .contains(LedgerKind.FAILED_CALL);
  }

  @Test
  void pastPeriod_holdsOnlyItsOwnEntries_andTheCurrentOneIsFreshAfterAnotherInstanceWrites() {
    register(OveragePolicy.BLOCK);
    clock.set(local(20, "10:00"));
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "march").quantity(4).build());
    clock.set(LocalDateTime.parse("2026-04-03T10:00").atZone(BANGKOK).toInstant());
    quotas.consumeOrThrow(usage(OperationId.CLINICAL_ANALYSIS, "april").build());
    quotas.statement("c1", clock.instant());
    QuotaService other = QuotaService.builder().store(store).clock(clock)
        .customerRefKey("statement-test-key-0123456789".getBytes()).build();
    other.consumeOrThrow(usage(OperationId.QUICK_SCAN, "april-2").build());

    Statement march = quotas.statement("c1", local(31, "23:59"));
    Statement april = quotas.statement("c1", clock.instant());

    assertThat(march.current()).isFalse();
    assertThat(march.lines()).extracting(l -> l.key().map(IdempotencyKey::value).orElse("-"))
        .contains("march").doesNotContain("april", "april-2");
    assertThat(march.usage().charged().units()).isEqualTo(Units.of(4));
    assertThat(april.current()).isTrue();
    assertThat(april.lines()).extracting(l -> l.key().map(IdempotencyKey::value).orElse("-"))
        .contains("april", "april-2").doesNotContain("march");
    assertThat(april.usage().charged().units()).isEqualTo(Units.parse("1.2"));
  }

  @Test
  void instantBeforeTheFirstPeriod_isRefusedNamingAt() {
    register(OveragePolicy.BLOCK);

    assertThatThrownBy(() -> quotas.statement("c1", Instant.parse("2020-01-01T00:00:00Z")))
        .isInstanceOfSatisfying(QuotaRefusedException.class, e -> {
          assertThat(e.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
          assertThat(e.refused().field()).contains("at");
        });
  }

  @Test
  void periods_areNewestFirst_withTheCurrentOneBeforeAnyWriteOpensIt() {
    register(OveragePolicy.BLOCK);
    clock.set(LocalDateTime.parse("2026-04-03T10:00").atZone(BANGKOK).toInstant());
    quotas.consumeOrThrow(usage(OperationId.QUICK_SCAN, "april").build());
    clock.set(LocalDateTime.parse("2026-05-02T10:00").atZone(BANGKOK).toInstant());

    List<BillingPeriod> periods = quotas.periods("c1");

    assertThat(periods).extracting(BillingPeriod::start).containsExactly(
        LocalDateTime.parse("2026-05-01T00:00").atZone(BANGKOK).toInstant(),
        LocalDateTime.parse("2026-04-01T00:00").atZone(BANGKOK).toInstant(),
        local(1, "00:00"));
    assertThat(quotas.statement("c1", periods.get(1).start()).usage().charged().units())
        .isEqualTo(Units.parse("0.2"));
  }

  @Test
  void periods_ofAnUnknownClinic_isRefused() {
    assertThatThrownBy(() -> quotas.periods("nobody"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.refused().code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }
}
