package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY T9, engine side: periods and 24-hour windows depend only on the injected clock and
 * the clinic's zone, never on the JVM's default zone; rollovers happen once, reservations keep
 * their period (D1), and a clock stepping back never moves a clinic back.
 */
final class TimeSemanticsTest {
  // the setups burn an allowance in one request, beyond the default per-request limit
  private static final String BIG = "1000000";
  private static final String CLINIC = "clinic-1";
  private static final Instant JAN_START = Instant.parse("2025-12-31T17:00:00Z");
  private static final Instant FEB_START = Instant.parse("2026-01-31T17:00:00Z");
  private static final Instant MAR_START = Instant.parse("2026-02-28T17:00:00Z");
  private static final BillingPeriod JANUARY = new BillingPeriod(JAN_START, FEB_START);
  private static final BillingPeriod FEBRUARY = new BillingPeriod(FEB_START, MAR_START);

  private final TimeZone jvmDefaultZone = TimeZone.getDefault();
  private MutableClock clock;
  private QuotaStore store;
  private QuotaService quotas;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-01-15T03:00:00Z");
    store = QuotaStore.inMemory();
    quotas = newService();
  }

  @AfterEach
  void restoreJvmDefaultZone() {
    TimeZone.setDefault(jvmDefaultZone);
  }

  private QuotaService newService() {
    return QuotaService.builder()
        .store(store)
        .clock(clock)
        .customerRefKey("time-semantics-test-key".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  // ============================================================================================
  // month boundaries

  @ParameterizedTest(name = "JVM default zone {0}")
  @ValueSource(strings = {"UTC", "Asia/Bangkok", "America/New_York"})
  void bangkokMonthBoundary_isTheSameWhateverTheJvmDefaultZone(String jvmZone) {
    TimeZone.setDefault(TimeZone.getTimeZone(jvmZone));
    quotas = newService();
    register(CLINIC, "professional");

    clock.set("2026-01-31T16:59:59.999Z");
    Consumed last = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-jan", null);
    clock.set("2026-01-31T17:00:00.000Z");
    Consumed first = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-feb", null);

    assertThat(last.period()).isEqualTo(JANUARY);
    assertThat(first.period()).isEqualTo(FEBRUARY);
    List<PeriodRecord> periods = store.periods(ClinicId.of(CLINIC));
    assertThat(periods).extracting(PeriodRecord::period).containsExactly(JANUARY, FEBRUARY);
    assertThat(periods).extracting(PeriodRecord::monthlyUsed)
        .containsExactly(Units.of(1), Units.of(1));
    assertThat(periods.get(0).closed()).isTrue();
    assertThat(periods.get(0).forfeited()).isEqualTo(Units.of(499));
    assertThat(grants(CLINIC)).hasSize(2);
  }

  @Test
  void rollover_restoresTheMonthlyAllowanceAndKeepsTheAddOn() {
    register(CLINIC, "professional");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "k-topup"));
    consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-monthly", null, 500);
    Consumed fromAddon = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-addon", null, 2);
    Balance january = quotas.balance(CLINIC);

    clock.set(FEB_START);
    Balance february = quotas.balance(CLINIC);
    Consumed next = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-next", null);

    assertThat(buckets(fromAddon.charge().split())).isEqualTo(split("0", "2", "0"));
    assertThat(january.monthlyRemaining()).isEqualTo(Units.ZERO);
    assertThat(january.addonAvailable()).isEqualTo(Units.of(3));
    assertThat(february.period()).isEqualTo(FEBRUARY);
    assertThat(february.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(february.monthlyRemaining()).isEqualTo(Units.of(500));
    assertThat(february.addonAvailable()).isEqualTo(Units.of(3));
    assertThat(buckets(next.charge().split())).isEqualTo(split("1", "0", "0"));
    assertThat(quotas.balance(CLINIC).addonAvailable()).isEqualTo(Units.of(3));
  }

  @Test
  void balanceReadAfterTheResetWithNoWrite_reportsTheNewPeriodWithAFullAllowance() {
    register(CLINIC, "professional");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 7, "k-topup"));
    consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-jan", null, 40);

    clock.set(FEB_START);
    Balance february = quotas.balance(CLINIC);
    Availability available = quotas.checkQuotaAvailability(CLINIC, "CLINICAL_ANALYSIS");
    clock.set("2026-04-10T00:00:00Z");
    Balance april = quotas.balance(CLINIC);

    assertThat(february.period()).isEqualTo(FEBRUARY);
    assertThat(february.monthlyAllowance()).isEqualTo(Units.of(500));
    assertThat(february.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(february.monthlyRemaining()).isEqualTo(Units.of(500));
    assertThat(february.addonAvailable()).isEqualTo(Units.of(7));
    assertThat(february.totalRemaining()).isEqualTo(Units.of(507));
    assertThat(available.canProceed()).isTrue();
    assertThat(available.remaining()).isEqualTo(Units.of(507));
    assertThat(april.period()).isEqualTo(new BillingPeriod(
        Instant.parse("2026-03-31T17:00:00Z"), Instant.parse("2026-04-30T17:00:00Z")));
    assertThat(april.monthlyRemaining()).isEqualTo(Units.of(500));
  }

  @Test
  void scheduledDowngrade_showsInReadsAtTheResetWithNoWrite() {
    register(CLINIC, "professional");
    PlanChangeResult scheduled = quotas.changePlan(PlanChangeRequest.of(CLINIC, "starter", "k"));
    boolean leadScoringInJanuary = quotas.hasFeature(CLINIC, "leadScoring");

    clock.set(FEB_START);
    Balance february = quotas.balance(CLINIC);
    boolean leadScoringInFebruary = quotas.hasFeature(CLINIC, "leadScoring");

    assertThat(scheduled).isInstanceOfSatisfying(PlanChanged.class, p -> {
      assertThat(p.immediate()).isFalse();
      assertThat(p.effectiveAt()).isEqualTo(FEB_START);
    });
    assertThat(leadScoringInJanuary).isTrue();
    assertThat(leadScoringInFebruary).isFalse();
    assertThat(february.plan()).isEqualTo(PlanId.STARTER);
    assertThat(february.monthlyAllowance()).isEqualTo(Units.of(100));
  }

  @ParameterizedTest(name = "registered {0}: [{1}, {2}) then [{2}, {3})")
  @CsvSource({
      "2026-02-15T00:00:00Z, 2026-01-30T17:00:00Z, 2026-02-27T17:00:00Z, 2026-03-30T17:00:00Z",
      "2028-02-15T00:00:00Z, 2028-01-30T17:00:00Z, 2028-02-28T17:00:00Z, 2028-03-30T17:00:00Z"})
  void anchorDay31_resetsOnTheLastDayOfFebruary(String registeredAt, String start, String reset,
      String nextReset) {
    clock.set(registeredAt);
    RegistrationResult registered = quotas.registerClinic(
        ClinicRegistration.builder(CLINIC, "professional").anchorDay(31).build());

    clock.set(Instant.parse(reset).minusMillis(1));
    Consumed before = consume(CLINIC, OperationId.QUICK_SCAN, "k-before", null);
    clock.set(reset);
    Consumed after = consume(CLINIC, OperationId.QUICK_SCAN, "k-after", null);

    BillingPeriod first = new BillingPeriod(Instant.parse(start), Instant.parse(reset));
    BillingPeriod second = new BillingPeriod(Instant.parse(reset), Instant.parse(nextReset));
    assertThat(registered).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.period()).isEqualTo(first));
    assertThat(before.period()).isEqualTo(first);
    assertThat(after.period()).isEqualTo(second);
    assertThat(store.periods(ClinicId.of(CLINIC))).extracting(PeriodRecord::period)
        .containsExactly(first, second);
  }

  @Test
  void anchorDay15_resetsOnThe15thAtLocalMidnight() {
    clock.set("2026-03-10T03:00:00Z");
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "professional").anchorDay(15).build());

    clock.set("2026-03-14T16:59:59.999Z");
    Consumed before = consume(CLINIC, OperationId.QUICK_SCAN, "k-before", null);
    clock.set("2026-03-14T17:00:00Z");
    Consumed after = consume(CLINIC, OperationId.QUICK_SCAN, "k-after", null);

    assertThat(before.period()).isEqualTo(new BillingPeriod(
        Instant.parse("2026-02-14T17:00:00Z"), Instant.parse("2026-03-14T17:00:00Z")));
    assertThat(after.period()).isEqualTo(new BillingPeriod(
        Instant.parse("2026-03-14T17:00:00Z"), Instant.parse("2026-04-14T17:00:00Z")));
  }

  @ParameterizedTest(name = "{0}: [{2}, {3}) then [{3}, {4})")
  @CsvSource({
      // DST ends 1 Nov 02:00 local: October starts on EDT, November ends on EST
      "America/New_York, 2026-10-15T12:00:00Z, 2026-10-01T04:00:00Z, 2026-11-01T04:00:00Z,"
          + " 2026-12-01T05:00:00Z",
      // DST starts 8 Mar: March starts on EST, ends on EDT
      "America/New_York, 2026-03-15T12:00:00Z, 2026-03-01T05:00:00Z, 2026-04-01T04:00:00Z,"
          + " 2026-05-01T04:00:00Z",
      // DST starts 29 Mar: March starts on CET, ends on CEST
      "Europe/Berlin, 2026-03-15T12:00:00Z, 2026-02-28T23:00:00Z, 2026-03-31T22:00:00Z,"
          + " 2026-04-30T22:00:00Z",
      // DST started at midnight on 1 Oct 2023: October began at 01:00 local
      "America/Asuncion, 2023-09-15T12:00:00Z, 2023-09-01T04:00:00Z, 2023-10-01T04:00:00Z,"
          + " 2023-11-01T03:00:00Z"})
  void monthBoundaryInADstZone_isLocalMidnightOfTheFirst(String zone, String registeredAt,
      String start, String reset, String nextReset) {
    clock.set(registeredAt);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "professional").zone(zone).build());

    clock.set(Instant.parse(reset).minusMillis(1));
    Consumed before = consume(CLINIC, OperationId.QUICK_SCAN, "k-before", null);
    clock.set(reset);
    Consumed after = consume(CLINIC, OperationId.QUICK_SCAN, "k-after", null);

    assertThat(before.period())
        .isEqualTo(new BillingPeriod(Instant.parse(start), Instant.parse(reset)));
    assertThat(after.period())
        .isEqualTo(new BillingPeriod(Instant.parse(reset), Instant.parse(nextReset)));
  }

  // ============================================================================================
  // the 24-hour repeat-scan window

  @ParameterizedTest(name = "{0} first scan at {1}")
  @CsvSource({
      "Asia/Bangkok, 2026-03-10T03:00:00Z",
      "Asia/Bangkok, 2026-01-31T10:00:00Z", // window spans the Bangkok month boundary
      "Asia/Bangkok, 2028-02-28T12:00:00Z", // window spans 29 February
      "America/New_York, 2026-03-07T15:00:00Z", // window spans the start of DST
      "Europe/Berlin, 2026-10-24T10:00:00Z"}) // window spans the end of DST
  void repeatWindowEdges_lastMillisecondIsFreeAndTwentyFourHoursIsCharged(String zone, String t0) {
    clock.set(Instant.parse(t0).minus(Duration.ofDays(3)));
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "professional").zone(zone).build());
    Instant start = Instant.parse(t0);

    clock.set(start);
    Consumed first = consume(CLINIC, OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.set(start.plus(Duration.ofHours(24)).minusMillis(1));
    Consumed lastFree = consume(CLINIC, OperationId.QUICK_SCAN, "k-2", "customer-9");
    clock.set(start.plus(Duration.ofHours(24)));
    Consumed charged = consume(CLINIC, OperationId.QUICK_SCAN, "k-3", "customer-9");

    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(first.charge().exemption()).isEmpty();
    assertThat(lastFree.charge().units()).isEqualTo(Units.ZERO);
    assertThat(lastFree.charge().waived()).isEqualTo(Units.parse("0.2"));
    assertThat(lastFree.charge().exemption()).contains("REPEAT_WITHIN_24H");
    assertThat(charged.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(charged.charge().waived()).isEqualTo(Units.ZERO);
  }

  @Test
  void repeatWindowAcrossTheStartOfDst_isTwentyFourElapsedHoursNotOneLocalDay() {
    clock.set("2026-03-01T12:00:00Z");
    quotas.registerClinic(
        ClinicRegistration.builder(CLINIC, "professional").zone("America/New_York").build());

    clock.set("2026-03-07T15:00:00Z"); // Saturday 10:00 EST
    Consumed first = consume(CLINIC, OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.set("2026-03-08T14:30:00Z"); // Sunday 10:30 EDT: past "same time tomorrow", 23.5 h on
    Consumed sameTimeNextDay = consume(CLINIC, OperationId.QUICK_SCAN, "k-2", "customer-9");

    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(sameTimeNextDay.charge().units()).isEqualTo(Units.ZERO);
  }

  @Test
  void repeatWindowAcrossTheEndOfDst_endsAfterTwentyFourElapsedHours() {
    clock.set("2026-10-20T12:00:00Z");
    quotas.registerClinic(
        ClinicRegistration.builder(CLINIC, "professional").zone("Europe/Berlin").build());

    clock.set("2026-10-24T10:00:00Z"); // Saturday 12:00 CEST
    Consumed first = consume(CLINIC, OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.set("2026-10-25T10:00:00Z"); // Sunday 11:00 CET: an hour before "same time tomorrow"
    Consumed dayLater = consume(CLINIC, OperationId.QUICK_SCAN, "k-2", "customer-9");

    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(dayLater.charge().units()).isEqualTo(Units.parse("0.2"));
  }

  @Test
  void rescanInsideTheWindow_doesNotExtendIt() {
    register(CLINIC, "professional");
    Instant t0 = Instant.parse("2026-01-15T03:00:00Z");

    Consumed first = consume(CLINIC, OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.set(t0.plus(Duration.ofHours(23)));
    Consumed rescan = consume(CLINIC, OperationId.QUICK_SCAN, "k-2", "customer-9");
    clock.set(t0.plus(Duration.ofHours(24)));
    Consumed afterWindow = consume(CLINIC, OperationId.QUICK_SCAN, "k-3", "customer-9");
    clock.set(t0.plus(Duration.ofHours(47)));
    Consumed insideSecondWindow = consume(CLINIC, OperationId.QUICK_SCAN, "k-4", "customer-9");
    clock.set(t0.plus(Duration.ofHours(48)));
    Consumed afterSecondWindow = consume(CLINIC, OperationId.QUICK_SCAN, "k-5", "customer-9");

    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(rescan.charge().units()).isEqualTo(Units.ZERO);
    assertThat(afterWindow.charge().units()).as("t0 + 24h, despite the rescan at t0 + 23h")
        .isEqualTo(Units.parse("0.2"));
    assertThat(insideSecondWindow.charge().units()).isEqualTo(Units.ZERO);
    assertThat(afterSecondWindow.charge().units()).isEqualTo(Units.parse("0.2"));
  }

  @Test
  void quickThenClinicalWithin24h_chargesTheDifference() {
    register(CLINIC, "professional");

    Consumed quick = consume(CLINIC, OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.advance(Duration.ofHours(2));
    Consumed clinical = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-2", "customer-9");
    clock.advance(Duration.ofHours(2));
    Consumed clinicalAgain = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-3", "customer-9");
    Consumed quickAgain = consume(CLINIC, OperationId.QUICK_SCAN, "k-4", "customer-9");

    assertThat(quick.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(clinical.charge().units()).isEqualTo(Units.parse("0.8"));
    assertThat(clinical.charge().waived()).isEqualTo(Units.parse("0.2"));
    assertThat(clinical.charge().exemption()).contains("REPEAT_WITHIN_24H");
    assertThat(clinicalAgain.charge().units()).isEqualTo(Units.ZERO);
    assertThat(clinicalAgain.charge().waived()).isEqualTo(Units.of(1));
    assertThat(quickAgain.charge().units()).isEqualTo(Units.ZERO);
    assertThat(quotas.balance(CLINIC).monthlyUsed()).isEqualTo(Units.of(1));
  }

  @Test
  void repeatWindow_isPerClinic() {
    register("clinic-a", "professional");
    register("clinic-b", "professional");

    Consumed atA = consume("clinic-a", OperationId.QUICK_SCAN, "k-1", "customer-9");
    clock.advance(Duration.ofMinutes(5));
    Consumed atB = consume("clinic-b", OperationId.QUICK_SCAN, "k-1", "customer-9");
    Consumed againAtA = consume("clinic-a", OperationId.QUICK_SCAN, "k-2", "customer-9");

    assertThat(atA.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(atB.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(againAtA.charge().units()).isEqualTo(Units.ZERO);
  }

  // ============================================================================================
  // reservations across the boundary (RELIABILITY D1)

  @Test
  void reservationMadeBeforeMidnight_commitsIntoThePeriodItWasTakenIn() {
    register(CLINIC, "professional");

    clock.set("2026-01-31T16:59:00Z"); // 31 Jan 23:59 in Bangkok
    Reserved held = quotas.reserveOrThrow(
        UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-hold").build());
    clock.set("2026-01-31T17:01:00Z"); // 1 Feb 00:01 in Bangkok
    Committed committed = quotas.commitOrThrow(CommitRequest.of(CLINIC, held.id().value()));

    assertThat(held.period()).isEqualTo(JANUARY);
    assertThat(committed.late()).isFalse();
    assertThat(buckets(committed.charge().split())).isEqualTo(split("1", "0", "0"));
    List<PeriodRecord> periods = store.periods(ClinicId.of(CLINIC));
    assertThat(periods).extracting(PeriodRecord::period).containsExactly(JANUARY, FEBRUARY);
    PeriodRecord january = periods.get(0);
    assertThat(january.monthlyUsed()).isEqualTo(Units.of(1));
    assertThat(january.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(january.forfeited()).isEqualTo(Units.of(499));
    assertMonthlyConservation(january);
    PeriodRecord february = periods.get(1);
    assertThat(february.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(february.monthlyRemaining()).isEqualTo(Units.of(500));
    assertThat(ledger(CLINIC)).filteredOn(e -> e.kind() == LedgerKind.COMMIT)
        .singleElement()
        .satisfies(e -> assertThat(e.periodStart()).isEqualTo(JAN_START));
    Balance balance = quotas.balance(CLINIC);
    assertThat(balance.period()).isEqualTo(FEBRUARY);
    assertThat(balance.monthlyRemaining()).isEqualTo(Units.of(500));
  }

  @Test
  void partialCommitAfterThePeriodClosed_forfeitsTheMonthlyRestAndReturnsTheAddOn() {
    register(CLINIC, "professional");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "k-topup"));
    consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-use", null, 499);
    clock.set("2026-01-31T16:59:00Z");
    Reserved held = quotas.reserveOrThrow(
        UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-hold").quantity(3).build());

    clock.set("2026-01-31T17:01:00Z");
    Committed committed = quotas.commitOrThrow(CommitRequest.builder(CLINIC, held.id().value())
        .actualUnits(Units.parse("0.5")).build());

    assertThat(buckets(held.hold().split())).isEqualTo(split("1", "2", "0"));
    assertThat(buckets(committed.charge().split())).isEqualTo(split("0.5", "0", "0"));
    PeriodRecord january = store.periods(ClinicId.of(CLINIC)).get(0);
    assertThat(january.period()).isEqualTo(JANUARY);
    assertThat(january.monthlyUsed()).isEqualTo(Units.parse("499.5"));
    assertThat(january.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(january.forfeited()).isEqualTo(Units.parse("0.5"));
    assertMonthlyConservation(january);
    Balance balance = quotas.balance(CLINIC);
    assertThat(balance.period()).isEqualTo(FEBRUARY);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(balance.addonAvailable()).isEqualTo(Units.of(10));
    assertThat(balance.addonReserved()).isEqualTo(Units.ZERO);
  }

  @ParameterizedTest(name = "expired by the sweeper: {0}")
  @ValueSource(booleans = {false, true})
  void holdGivenBackAfterItsPeriodClosed_forfeitsTheMonthlyPartAndReturnsTheAddOn(boolean expire) {
    register(CLINIC, "professional");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "k-topup"));
    consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-use", null, 499);
    clock.set("2026-01-31T16:59:00Z");
    Reserved held = quotas.reserveOrThrow(
        UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-hold").quantity(3).build());

    Released given;
    if (expire) {
      clock.set("2026-01-31T17:10:00Z"); // after the 10-minute TTL, in February
      assertThat(quotas.expireReservations()).isEqualTo(1);
      given = (Released) quotas.tryRelease(CLINIC, held.id().value()); // replays the expiry
    } else {
      clock.set("2026-01-31T17:01:00Z");
      given = (Released) quotas.tryRelease(CLINIC, held.id().value());
    }

    assertThat(buckets(held.hold().split())).isEqualTo(split("1", "2", "0"));
    assertThat(given.expired()).isEqualTo(expire);
    assertThat(buckets(given.returned())).isEqualTo(split("0", "2", "0"));
    assertThat(given.forfeited()).isEqualTo(Units.of(1));
    Balance balance = quotas.balance(CLINIC);
    assertThat(balance.period()).isEqualTo(FEBRUARY);
    assertThat(balance.addonAvailable()).isEqualTo(Units.of(10));
    assertThat(balance.addonReserved()).isEqualTo(Units.ZERO);
    assertThat(balance.monthlyRemaining()).isEqualTo(Units.of(500));
    PeriodRecord january = store.periods(ClinicId.of(CLINIC)).get(0);
    assertThat(january.monthlyUsed()).isEqualTo(Units.of(499));
    assertThat(january.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(january.forfeited()).isEqualTo(Units.of(1));
    assertMonthlyConservation(january);
    assertThat(reservation(CLINIC, JAN_START).state())
        .isEqualTo(expire ? ReservationState.EXPIRED : ReservationState.RELEASED);
  }

  // ============================================================================================
  // the clock steps back

  @Test
  void clockSteppingBackAfterRollover_neitherRegrantsNorMovesThePeriodBack() {
    register(CLINIC, "professional");
    consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-jan", null, 10);
    clock.set("2026-01-31T16:30:00Z");
    Reserved held = quotas.reserveOrThrow(UsageRequest.builder(CLINIC,
        OperationId.CLINICAL_ANALYSIS, "k-hold").ttl(Duration.ofMinutes(30)).build());
    clock.set("2026-01-31T17:05:00Z");
    Consumed scan = consume(CLINIC, OperationId.QUICK_SCAN, "k-scan", "customer-9");
    int expired = quotas.expireReservations();

    clock.set("2026-01-31T16:55:00Z"); // an NTP step back of 10 minutes
    Consumed behind = consume(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-behind", null);
    Consumed rescanBehind = consume(CLINIC, OperationId.QUICK_SCAN, "k-rescan", "customer-9");
    Balance balanceBehind = quotas.balance(CLINIC);
    Committed lateCommit = quotas.commitOrThrow(CommitRequest.of(CLINIC, held.id().value()));
    clock.set("2026-02-01T17:04:59.999Z");
    Consumed lastFree = consume(CLINIC, OperationId.QUICK_SCAN, "k-last-free", "customer-9");
    clock.set("2026-02-01T17:05:00Z");
    Consumed windowOver = consume(CLINIC, OperationId.QUICK_SCAN, "k-window-over", "customer-9");

    assertThat(scan.period()).isEqualTo(FEBRUARY);
    assertThat(expired).isEqualTo(1);
    assertThat(behind.period()).isEqualTo(FEBRUARY);
    assertThat(balanceBehind.period()).isEqualTo(FEBRUARY);
    assertThat(balanceBehind.monthlyUsed()).isEqualTo(Units.parse("1.2"));
    assertThat(rescanBehind.charge().units()).isEqualTo(Units.ZERO);
    assertThat(lateCommit.late()).as("an expired hold is not revived").isTrue();
    assertThat(reservation(CLINIC, JAN_START).state()).isEqualTo(ReservationState.EXPIRED);
    assertThat(lastFree.charge().units()).isEqualTo(Units.ZERO);
    assertThat(windowOver.charge().units()).as("window fixed at the first charged scan")
        .isEqualTo(Units.parse("0.2"));
    assertThat(grants(CLINIC)).extracting(LedgerEntry::periodStart)
        .containsExactly(JAN_START, FEB_START);
    List<PeriodRecord> periods = store.periods(ClinicId.of(CLINIC));
    assertThat(periods).extracting(PeriodRecord::period).containsExactly(JANUARY, FEBRUARY);
    assertThat(periods.get(0).monthlyUsed()).isEqualTo(Units.of(10));
    assertMonthlyConservation(periods.get(0));
  }

  // ============================================================================================
  // helpers

  private void register(String clinic, String plan) {
    assertThat(quotas.registerClinic(ClinicRegistration.builder(clinic, plan)
        .maxUnitsPerRequest(BIG).build()))
        .isInstanceOf(Registered.class);
  }

  private Consumed consume(String clinic, OperationId op, String key, String customer) {
    return consume(clinic, op, key, customer, 1);
  }

  private Consumed consume(String clinic, OperationId op, String key, String customer,
      long quantity) {
    return quotas.consumeOrThrow(UsageRequest.builder(clinic, op, key)
        .customerRef(customer).quantity(quantity).build());
  }

  private List<LedgerEntry> ledger(String clinic) {
    return store.ledger(ClinicId.of(clinic), Instant.MIN, Instant.MAX);
  }

  private List<LedgerEntry> grants(String clinic) {
    return ledger(clinic).stream().filter(e -> e.kind() == LedgerKind.GRANT).toList();
  }

  private ReservationRecord reservation(String clinic, Instant periodStart) {
    List<ReservationRecord> all = store.reservations(ClinicId.of(clinic), periodStart);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  /** RELIABILITY I1: granted = used + reserved + remaining + forfeited. */
  private static void assertMonthlyConservation(PeriodRecord row) {
    assertThat(row.monthlyUsed().plus(row.monthlyReserved()).plus(row.monthlyRemaining())
        .plus(row.forfeited()))
        .as("I1 for %s", row.period())
        .isEqualTo(row.granted());
  }

  private static Deduction split(String monthly, String addon, String overage) {
    return new Deduction(Units.parse(monthly), Units.parse(addon), Units.parse(overage));
  }

  /** The bucket amounts of {@code d}, without the grants its add-on part names. */
  private static Deduction buckets(Deduction d) {
    return d.withGrants(List.of());
  }
}
