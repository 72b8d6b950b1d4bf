package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The idempotency contract of every write. The same key with the same parameters
 * replays the first outcome and has one effect; with other parameters it is {@code
 * IDEMPOTENCY_KEY_REUSED} and has none; keys are per clinic, kept 35 days, and a {@code
 * QUOTA_EXCEEDED} sticks to its key. Commit and release are idempotent by reservation.
 */
public abstract class IdempotencyContract {
  private static final String A = "clinic-a";
  private static final String B = "clinic-b";
  private static final String SMALL = "clinic-small";

  private MutableClock clock;
  private QuotaStore store;
  private QuotaService quotas;
  private final AtomicInteger events = new AtomicInteger();

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpIdempotency() {
    clock = MutableClock.at("2026-03-10T03:00:00Z");
    store = newStore();
    quotas = QuotaService.builder()
        .store(store)
        .clock(clock)
        .customerRefKey("idempotency-test-customer-key".getBytes(StandardCharsets.UTF_8))
        .listener(new CountingListener(events))
        .build();
    register(A, "professional");
    register(B, "professional");
    register(SMALL, "starter");
  }

  // ============================================================================================
  // the table of writes

  /** Sends one write for a clinic under an idempotency key. */
  @FunctionalInterface
  private interface Send {
    Object to(QuotaService quotas, String clinic, String key);
  }

  /** The same write with one parameter changed. */
  private record Variant(String param, Send send) {}

  /**
   * A write under test: how to send it, the same write with each parameter changed, a malformed
   * version of it, and the ledger entry that is its effect.
   */
  private record Write(Send send, List<Variant> changed, Send invalid, LedgerKind effect) {}

  private static UsageRequest.Builder scan(String clinic, String key) {
    return UsageRequest.builder(clinic, OperationId.QUICK_SCAN, key)
        .user("sales-1").customerRef("customer-1");
  }

  private static final Map<String, Write> WRITES = writes();

  private static Map<String, Write> writes() {
    Map<String, Write> writes = new LinkedHashMap<>();
    writes.put("tryReserve", new Write(
        (q, c, k) -> q.tryReserve(scan(c, k).build()),
        List.of(
            new Variant("quantity", (q, c, k) -> q.tryReserve(scan(c, k).quantity(2).build())),
            new Variant("customerRef",
                (q, c, k) -> q.tryReserve(scan(c, k).customerRef("customer-2").build())),
            new Variant("operation", (q, c, k) -> q.tryReserve(UsageRequest.builder(c,
                OperationId.CLINICAL_ANALYSIS, k).user("sales-1").customerRef("customer-1").build())),
            new Variant("acceptOverage",
                (q, c, k) -> q.tryReserve(scan(c, k).acceptOverage(true).build())),
            new Variant("userId", (q, c, k) -> q.tryReserve(scan(c, k).user("sales-2").build())),
            new Variant("ttl",
                (q, c, k) -> q.tryReserve(scan(c, k).ttl(Duration.ofMinutes(3)).build()))),
        (q, c, k) -> q.tryReserve(scan(c, k).quantity(0).build()),
        LedgerKind.HOLD));
    writes.put("tryConsume", new Write(
        (q, c, k) -> q.tryConsume(scan(c, k).build()),
        List.of(
            new Variant("quantity", (q, c, k) -> q.tryConsume(scan(c, k).quantity(2).build())),
            new Variant("customerRef",
                (q, c, k) -> q.tryConsume(scan(c, k).customerRef("customer-2").build())),
            new Variant("operation", (q, c, k) -> q.tryConsume(UsageRequest.builder(c,
                OperationId.CLINICAL_ANALYSIS, k).user("sales-1").customerRef("customer-1").build())),
            new Variant("acceptOverage",
                (q, c, k) -> q.tryConsume(scan(c, k).acceptOverage(true).build())),
            new Variant("userId", (q, c, k) -> q.tryConsume(scan(c, k).user("sales-2").build()))),
        (q, c, k) -> q.tryConsume(scan(c, k).quantity(-1).build()),
        LedgerKind.CHARGE));
    writes.put("recordUsage", new Write(
        (q, c, k) -> q.recordUsage(c, "sales-1", "quick", true, k),
        List.of(
            new Variant("scanType", (q, c, k) -> q.recordUsage(c, "sales-1", "detailed", true, k)),
            new Variant("userId", (q, c, k) -> q.recordUsage(c, "sales-2", "quick", true, k)),
            new Variant("successful", (q, c, k) -> q.recordUsage(c, "sales-1", "quick", false, k))),
        (q, c, k) -> q.recordUsage(c, "sales\u0000", "quick", true, k),
        LedgerKind.CHARGE));
    writes.put("purchaseTopUp", new Write(
        (q, c, k) -> q.purchaseTopUp(TopUpRequest.units(c, 10, k)),
        List.of(
            new Variant("units", (q, c, k) -> q.purchaseTopUp(TopUpRequest.units(c, 11, k))),
            new Variant("pack", (q, c, k) -> q.purchaseTopUp(TopUpRequest.pack(c, "pack-100", k)))),
        (q, c, k) -> q.purchaseTopUp(TopUpRequest.units(c, 0, k)),
        LedgerKind.TOP_UP));
    writes.put("changePlan", new Write(
        (q, c, k) -> q.changePlan(PlanChangeRequest.of(c, "enterprise", k)),
        List.of(
            new Variant("plan", (q, c, k) -> q.changePlan(PlanChangeRequest.of(c, "starter", k))),
            new Variant("timing", (q, c, k) -> q.changePlan(new PlanChangeRequest(c, "enterprise",
                PlanChangeRequest.Timing.NEXT_PERIOD, k)))),
        (q, c, k) -> q.changePlan(new PlanChangeRequest(c, "enterprise", null, k)),
        LedgerKind.GRANT_CHANGED));
    return writes;
  }

  static Stream<Arguments> allWrites() {
    return WRITES.entrySet().stream().map(e -> Arguments.of(Named.of(e.getKey(), e.getValue())));
  }

  static Stream<Arguments> allVariants() {
    List<Arguments> all = new ArrayList<>();
    WRITES.forEach((name, write) -> write.changed().forEach(v ->
        all.add(Arguments.of(Named.of(name, write), Named.of("other " + v.param(), v)))));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allWrites")
  public void sameKeySameParams_replaysTheFirstOutcomeWithOneEffect(Write write) {
    Object first = write.send().to(quotas, A, "key-1");
    quotas.consumeOrThrow(UsageRequest.builder(A, OperationId.CLINICAL_ANALYSIS, "unrelated")
        .build());
    Map<String, ClinicState> before = snapshot(A, B);
    int eventsBefore = events.get();

    Object second = write.send().to(quotas, A, "key-1");

    assertThat(first).isNotInstanceOf(Refused.class);
    assertThat(second).isEqualTo(first);
    assertThat(snapshot(A, B)).isEqualTo(before);
    assertThat(effects(A, write.effect(), "key-1")).isEqualTo(1);
    assertThat(events.get()).as("a replay fires no listener").isEqualTo(eventsBefore);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("allVariants")
  public void sameKeyDifferentParams_isKeyReusedWithZeroEffect(Write write, Variant changed) {
    Object first = write.send().to(quotas, A, "key-1");
    Map<String, ClinicState> before = snapshot(A, B);

    Object conflict = changed.send().to(quotas, A, "key-1");
    Object retry = write.send().to(quotas, A, "key-1");

    assertThat(first).isNotInstanceOf(Refused.class);
    assertThat(conflict).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(snapshot(A, B)).isEqualTo(before);
    assertThat(retry).as("the conflict did not replace the stored outcome").isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allWrites")
  public void sameKeyAtAnotherClinic_isIndependent(Write write) {
    Object atA = write.send().to(quotas, A, "key-1");
    Map<String, ClinicState> aBefore = snapshot(A);
    Map<String, ClinicState> bBefore = snapshot(B);

    Object otherParamsAtB = write.changed().get(0).send().to(quotas, B, "key-1");
    Object againAtA = write.send().to(quotas, A, "key-1");

    assertThat(atA).isNotInstanceOf(Refused.class);
    assertThat(otherParamsAtB).isNotInstanceOf(Refused.class);
    assertThat(clinicOf(otherParamsAtB)).isEqualTo(ClinicId.of(B));
    assertThat(snapshot(B)).as("clinic B executed").isNotEqualTo(bBefore);
    assertThat(snapshot(A)).as("clinic A untouched").isEqualTo(aBefore);
    assertThat(againAtA).isEqualTo(atA);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allWrites")
  public void validationFailureThenCorrectedInput_withTheSameKeyExecutes(Write write) {
    Object invalid = write.invalid().to(quotas, A, "key-1");

    Object corrected = write.send().to(quotas, A, "key-1");

    assertThat(invalid).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT));
    assertThat(corrected).isNotInstanceOf(Refused.class);
    assertThat(effects(A, write.effect(), "key-1")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allWrites")
  public void keyOlderThanRetention_isANewRequest(Write write) {
    Object first = write.send().to(quotas, A, "key-1");
    clock.advance(Duration.ofDays(35).plusSeconds(1));

    Object again = write.send().to(quotas, A, "key-1");

    assertThat(first).isNotInstanceOf(Refused.class);
    assertThat(again).isNotInstanceOf(Refused.class).isNotEqualTo(first);
    if (write.effect() != LedgerKind.GRANT_CHANGED) { // a second change to the same plan is a no-op
      assertThat(effects(A, write.effect(), "key-1")).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allWrites")
  public void keyJustInsideRetention_stillReplays(Write write) {
    Object first = write.send().to(quotas, A, "key-1");
    clock.advance(Duration.ofDays(35).minusSeconds(1));

    Object again = write.send().to(quotas, A, "key-1");

    assertThat(again).isEqualTo(first);
    assertThat(effects(A, write.effect(), "key-1")).isEqualTo(1);
  }

  @Test
  public void sameKeyForAnotherKindOfWrite_isKeyReused() {
    Reserved reserved = quotas.reserveOrThrow(scan(A, "key-1").build());
    Map<String, ClinicState> before = snapshot(A);

    ConsumeResult consume = quotas.tryConsume(scan(A, "key-1").build());
    TopUpResult topUp = quotas.purchaseTopUp(TopUpRequest.units(A, 10, "key-1"));
    PlanChangeResult plan = quotas.changePlan(PlanChangeRequest.of(A, "enterprise", "key-1"));

    assertThat(List.of(consume, topUp, plan)).allSatisfy(r -> assertThat(r)
        .isInstanceOfSatisfying(Refused.class,
            refused -> assertThat(refused.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED)));
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(quotas.tryReserve(scan(A, "key-1").build())).isEqualTo(reserved);
  }

  @ParameterizedTest(name = "key of {0} characters")
  @ValueSource(ints = {1, 255})
  public void keyOfOneTo255Characters_isAccepted(int length) {
    String key = "k".repeat(length);

    ConsumeResult first = quotas.tryConsume(scan(A, key).build());
    ConsumeResult again = quotas.tryConsume(scan(A, key).build());

    assertThat(first).isInstanceOf(Consumed.class);
    assertThat(again).isEqualTo(first);
  }

  @ParameterizedTest(name = "key of {0} characters")
  @ValueSource(ints = {0, 256, 10_000})
  public void keyOutside1To255Characters_isInvalidArgument(int length) {
    Map<String, ClinicState> before = snapshot(A);

    ConsumeResult result = quotas.tryConsume(scan(A, "k".repeat(length)).build());

    assertThat(result).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains("idempotencyKey");
    });
    assertThat(snapshot(A)).isEqualTo(before);
  }

  // ============================================================================================
  // sticky QUOTA_EXCEEDED

  static Stream<Arguments> chargingWrites() {
    Send reserve = (q, c, k) -> q.tryReserve(
        UsageRequest.builder(c, OperationId.CLINICAL_ANALYSIS, k).build());
    Send consume = (q, c, k) -> q.tryConsume(
        UsageRequest.builder(c, OperationId.CLINICAL_ANALYSIS, k).build());
    return Stream.of(Arguments.of(Named.of("tryReserve", reserve)),
        Arguments.of(Named.of("tryConsume", consume)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chargingWrites")
  public void quotaExceeded_sticksToItsKeyEvenAfterATopUp(Send send) {
    quotas.consumeOrThrow(UsageRequest.builder(SMALL, OperationId.CLINICAL_ANALYSIS, "fill")
        .quantity(100).build());
    Object refused = send.to(quotas, SMALL, "key-x");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(SMALL, 5, "topup"));

    Object retry = send.to(quotas, SMALL, "key-x");
    Object fresh = send.to(quotas, SMALL, "key-y");

    assertThat(refused).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.shortfall()).hasValueSatisfying(s -> assertThat(s.willIncurCharge()).isTrue());
    });
    assertThat(retry).isEqualTo(refused);
    assertThat(fresh).isNotInstanceOf(Refused.class);
    assertThat(ledger(SMALL)).noneSatisfy(e -> assertThat(e.key().map(k -> k.value()))
        .contains("key-x"));
    Balance balance = quotas.balance(SMALL);
    assertThat(balance.addonAvailable()).isEqualTo(Units.of(4));
    assertThat(balance.overageUnits()).isEqualTo(Units.ZERO);
  }

  // ============================================================================================
  // key retention

  @Test
  public void purgeIdempotencyKeys_removesOnlyKeysOlderThanRetention() {
    Consumed old = quotas.consumeOrThrow(scan(A, "old-key").build());
    clock.advance(Duration.ofDays(20));
    Consumed recent = quotas.consumeOrThrow(scan(A, "recent-key").customerRef("customer-2")
        .build());
    clock.advance(Duration.ofDays(15).plusSeconds(1));

    int purged = quotas.purgeIdempotencyKeys();
    int purgedAgain = quotas.purgeIdempotencyKeys();
    ConsumeResult recentRetry = quotas.tryConsume(scan(A, "recent-key").customerRef("customer-2")
        .build());
    ConsumeResult oldRetry = quotas.tryConsume(scan(A, "old-key").build());

    assertThat(purged).isEqualTo(1);
    assertThat(purgedAgain).isZero();
    assertThat(recentRetry).isEqualTo(recent);
    assertThat(oldRetry).isInstanceOf(Consumed.class).isNotEqualTo(old);
    assertThat(ledger(A)).filteredOn(e -> e.kind() == LedgerKind.CHARGE)
        .extracting(e -> e.key().orElseThrow().value())
        .containsExactly("old-key", "recent-key", "old-key");
  }

  // ============================================================================================
  // commit and release, idempotent by reservation

  @Test
  public void commitTwice_replaysTheFirstCommitAndChargesOnce() {
    Reserved held = reserveClinical(A, "k-hold");
    Committed first = quotas.commitOrThrow(CommitRequest.builder(A, held.id().value())
        .model("gemini-3.1-pro-preview").tokens(800, 200, 50).build());
    Map<String, ClinicState> before = snapshot(A);

    CommitResult second = quotas.tryCommit(CommitRequest.builder(A, held.id().value())
        .model("gemini-3.1-pro-preview").tokens(800, 200, 50).build());

    assertThat(second).isEqualTo(first);
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(count(A, LedgerKind.COMMIT)).isEqualTo(1);
    assertThat(quotas.balance(A).monthlyUsed()).isEqualTo(Units.of(1));
  }

  @Test
  public void commitAgainWithOtherParams_isReservationNotOpen() {
    Reserved held = reserveClinical(A, "k-hold");
    quotas.commitOrThrow(CommitRequest.builder(A, held.id().value())
        .actualUnits(Units.parse("0.5")).build());
    Map<String, ClinicState> before = snapshot(A);

    CommitResult other = quotas.tryCommit(CommitRequest.of(A, held.id().value()));

    assertThat(other).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(quotas.balance(A).monthlyUsed()).isEqualTo(Units.parse("0.5"));
  }

  @Test
  public void releaseTwice_returnsTheUnitsOnce() {
    Units remainingBefore = quotas.balance(A).totalRemaining();
    Reserved held = reserveClinical(A, "k-hold");
    ReleaseResult first = quotas.tryRelease(A, held.id().value());
    Map<String, ClinicState> before = snapshot(A);

    ReleaseResult second = quotas.tryRelease(A, held.id().value());

    assertThat(first).isInstanceOfSatisfying(Released.class,
        r -> assertThat(r.returned()).isEqualTo(new Deduction(Units.of(1), Units.ZERO, Units.ZERO)));
    assertThat(second).isEqualTo(first);
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(count(A, LedgerKind.UNHOLD)).isEqualTo(1);
    assertThat(quotas.balance(A).totalRemaining()).isEqualTo(remainingBefore);
  }

  @Test
  public void commitAfterRelease_isReservationNotOpen() {
    Reserved held = reserveClinical(A, "k-hold");
    quotas.tryRelease(A, held.id().value());
    Map<String, ClinicState> before = snapshot(A);

    CommitResult commit = quotas.tryCommit(CommitRequest.of(A, held.id().value()));

    assertThat(commit).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(quotas.balance(A).monthlyUsed()).isEqualTo(Units.ZERO);
  }

  @Test
  public void releaseAfterCommit_isReservationNotOpen() {
    Reserved held = reserveClinical(A, "k-hold");
    quotas.commitOrThrow(CommitRequest.of(A, held.id().value()));
    Map<String, ClinicState> before = snapshot(A);

    ReleaseResult release = quotas.tryRelease(A, held.id().value());

    assertThat(release).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(quotas.balance(A).monthlyUsed()).isEqualTo(Units.of(1));
  }

  @ParameterizedTest(name = "swept before the commit: {0}")
  @ValueSource(booleans = {false, true})
  public void commitAfterExpiry_isChargedOnceAsLateAndTheSecondCommitReplays(boolean swept) {
    Reserved held = reserveClinical(A, "k-hold");
    clock.advance(Duration.ofMinutes(11));
    if (swept) {
      assertThat(quotas.expireReservations()).isEqualTo(1);
    }
    Committed late = quotas.commitOrThrow(CommitRequest.of(A, held.id().value()));
    Map<String, ClinicState> before = snapshot(A);

    CommitResult again = quotas.tryCommit(CommitRequest.of(A, held.id().value()));
    CommitResult other = quotas.tryCommit(CommitRequest.builder(A, held.id().value())
        .actualUnits(Units.parse("0.5")).build());
    ReleaseResult release = quotas.tryRelease(A, held.id().value());

    assertThat(late.late()).isTrue();
    assertThat(late.billed()).isTrue();
    assertThat(late.charge().units()).isEqualTo(Units.of(1));
    assertThat(again).isEqualTo(late);
    assertThat(other).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(release).as("release after a late commit").isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(ledger(A)).filteredOn(e -> e.kind() == LedgerKind.CHARGE)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("LATE_COMMIT"));
    assertThat(ledger(A)).filteredOn(e -> e.kind() == LedgerKind.UNHOLD)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("EXPIRED"));
    assertThat(count(A, LedgerKind.COMMIT)).isZero();
    Balance balance = quotas.balance(A);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.of(1));
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(reservations(A)).singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ReservationState.EXPIRED));
  }

  @Test
  public void lateCommitRepeatedAfterKeyRetention_isNotChargedAgain() {
    Reserved held = reserveClinical(A, "k-hold");
    clock.advance(Duration.ofMinutes(11));
    Committed late = quotas.commitOrThrow(CommitRequest.of(A, held.id().value()));
    clock.advance(Duration.ofDays(36));
    quotas.purgeIdempotencyKeys();

    CommitResult again = quotas.tryCommit(CommitRequest.of(A, held.id().value()));

    assertThat(again).satisfiesAnyOf(
        r -> assertThat(r).isEqualTo(late),
        r -> assertThat(r).isInstanceOfSatisfying(Refused.class,
            refused -> assertThat(refused.code()).isEqualTo(RefusalCode.RESERVATION_NOT_OPEN)));
    assertThat(ledger(A)).as("one late charge per reservation")
        .filteredOn(e -> e.kind() == LedgerKind.CHARGE)
        .hasSize(1);
  }

  @Test
  public void lateCommitThePolicyRefuses_isRecordedUnbilledOnce() {
    quotas.consumeOrThrow(UsageRequest.builder(SMALL, OperationId.CLINICAL_ANALYSIS, "fill")
        .quantity(99).build());
    Reserved held = reserveClinical(SMALL, "k-hold");
    clock.advance(Duration.ofMinutes(11));
    quotas.consumeOrThrow(UsageRequest.builder(SMALL, OperationId.CLINICAL_ANALYSIS, "k-take")
        .build());

    Committed late = quotas.commitOrThrow(CommitRequest.of(SMALL, held.id().value()));
    CommitResult again = quotas.tryCommit(CommitRequest.of(SMALL, held.id().value()));

    assertThat(late.late()).isTrue();
    assertThat(late.billed()).isFalse();
    assertThat(late.unbilledReason()).contains(RefusalCode.QUOTA_EXCEEDED);
    assertThat(late.charge().units()).isEqualTo(Units.ZERO);
    assertThat(again).isEqualTo(late);
    assertThat(ledger(SMALL)).filteredOn(e -> e.kind() == LedgerKind.UNBILLED)
        .singleElement()
        .satisfies(e -> assertThat(e.units()).isEqualTo(Units.of(1)));
    Balance balance = quotas.balance(SMALL);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.of(100));
    assertThat(balance.overageUnits()).isEqualTo(Units.ZERO);
  }

  @Test
  public void releaseAfterExpiry_replaysTheExpiryAndReturnsTheUnitsOnce() {
    Reserved held = reserveClinical(A, "k-hold");
    clock.advance(Duration.ofMinutes(11));

    ReleaseResult first = quotas.tryRelease(A, held.id().value());
    Map<String, ClinicState> before = snapshot(A);
    ReleaseResult second = quotas.tryRelease(A, held.id().value());
    int expiredBySweeper = quotas.expireReservations();

    assertThat(first).isInstanceOfSatisfying(Released.class,
        r -> assertThat(r.expired()).isTrue());
    assertThat(second).isEqualTo(first);
    assertThat(expiredBySweeper).isZero();
    assertThat(snapshot(A)).isEqualTo(before);
    assertThat(count(A, LedgerKind.UNHOLD)).isEqualTo(1);
    assertThat(quotas.balance(A).monthlyReserved()).isEqualTo(Units.ZERO);
  }

  // ============================================================================================
  // helpers

  private void register(String clinic, String plan) {
    assertThat(quotas.registerClinic(ClinicRegistration.builder(clinic, plan).build()))
        .isInstanceOf(Registered.class);
  }

  private Reserved reserveClinical(String clinic, String key) {
    return quotas.reserveOrThrow(
        UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key).build());
  }

  private List<LedgerEntry> ledger(String clinic) {
    return store.ledger(ClinicId.of(clinic), Instant.MIN, Instant.MAX);
  }

  private long count(String clinic, LedgerKind kind) {
    return ledger(clinic).stream().filter(e -> e.kind() == kind).count();
  }

  /** Ledger entries of {@code kind} written under {@code key} (or under no key, for plan changes). */
  private long effects(String clinic, LedgerKind kind, String key) {
    return ledger(clinic).stream()
        .filter(e -> e.kind() == kind)
        .filter(e -> e.key().map(k -> k.value().equals(key)).orElse(true))
        .count();
  }

  private List<ReservationRecord> reservations(String clinic) {
    ClinicId id = ClinicId.of(clinic);
    return store.periods(id).stream()
        .flatMap(p -> store.reservations(id, p.period().start()).stream())
        .toList();
  }

  private static ClinicId clinicOf(Object outcome) {
    if (outcome instanceof Reserved r) {
      return r.clinic();
    }
    if (outcome instanceof Consumed c) {
      return c.clinic();
    }
    if (outcome instanceof ToppedUp t) {
      return t.clinic();
    }
    if (outcome instanceof PlanChanged p) {
      return p.clinic();
    }
    throw new AssertionError("no clinic in " + outcome);
  }

  /** Everything the store's read methods show about one clinic. */
  private record ClinicState(Optional<AccountRecord> account, List<PeriodRecord> periods,
      List<ReservationRecord> reservations, List<LedgerEntry> ledger, List<BillingLine> billing) {}

  private Map<String, ClinicState> snapshot(String... clinics) {
    Map<String, ClinicState> state = new LinkedHashMap<>();
    for (String id : clinics) {
      ClinicId clinic = ClinicId.of(id);
      List<PeriodRecord> periods = store.periods(clinic);
      List<ReservationRecord> reservations = periods.stream()
          .flatMap(p -> store.reservations(clinic, p.period().start()).stream())
          .sorted(Comparator.comparing(r -> r.id().value()))
          .toList();
      state.put(id, new ClinicState(store.findAccount(clinic), periods, reservations,
          ledger(id), store.billingLines(clinic)));
    }
    return state;
  }

  /** Counts every listener call, so a replay can be shown to fire none. */
  private static final class CountingListener implements QuotaListener {
    private final AtomicInteger events;

    CountingListener(AtomicInteger events) {
      this.events = events;
    }

    @Override
    public void onReserved(Reserved reserved) {
      events.incrementAndGet();
    }

    @Override
    public void onCommitted(Committed committed) {
      events.incrementAndGet();
    }

    @Override
    public void onReleased(Released released) {
      events.incrementAndGet();
    }

    @Override
    public void onExpired(Released expired) {
      events.incrementAndGet();
    }

    @Override
    public void onConsumed(Consumed consumed) {
      events.incrementAndGet();
    }

    @Override
    public void onRefused(Refused refused) {
      events.incrementAndGet();
    }

    @Override
    public void onToppedUp(ToppedUp toppedUp) {
      events.incrementAndGet();
    }

    @Override
    public void onPlanChanged(PlanChanged planChanged) {
      events.incrementAndGet();
    }
  }
}
