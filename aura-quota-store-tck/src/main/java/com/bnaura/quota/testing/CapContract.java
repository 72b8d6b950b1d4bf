package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationCap.Per;
import com.bnaura.quota.model.OperationCap.Window;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of per-window caps on calls, on any store: a cap of N per staff member per day lets
 * N calls through and refuses the next with {@code RATE_LIMITED} and the wait until the clinic's
 * local midnight; the next local day (daylight-saving days included) passes again; another staff
 * member is not affected; a clinic-wide hourly cap counts every staff member; released and expired
 * reservations give their call back, a free repeat scan counts; a clinic's own caps replace the
 * plan's; and two instances sharing the store grant exactly N across 32 threads.
 *
 * <p>The clinic is on {@code starter} whose catalog here carries the caps each test names; the
 * balance (100 monthly units) is far above what the tests charge.
 */
public abstract class CapContract {
  private static final String CLINIC = "cap-clinic";
  private static final ClinicId ID = ClinicId.of(CLINIC);

  private MutableClock clock;
  private QuotaStore store;
  private int keys;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpCaps() {
    clock = MutableClock.at("2026-01-10T03:00:00Z"); // 10:00 in Bangkok
    store = newStore();
  }

  private QuotaService service(OperationCap... caps) {
    QuotaCatalog defaults = QuotaCatalog.defaults();
    QuotaCatalog catalog = defaults.toBuilder()
        .plan(defaults.plan(PlanId.STARTER).orElseThrow().withCaps(List.of(caps))).build();
    return QuotaService.builder().store(store).clock(clock).catalog(catalog).build();
  }

  private QuotaService registered(String zone, OperationCap... caps) {
    QuotaService quotas = service(caps);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter").zone(zone)
        .overagePolicy(OveragePolicy.BLOCK).build());
    return quotas;
  }

  private ConsumeResult consume(QuotaService quotas, OperationId op, String user) {
    return quotas.tryConsume(UsageRequest.builder(CLINIC, op, "use-" + (++keys)).user(user)
        .build());
  }

  private ReserveResult reserve(QuotaService quotas, OperationId op, String user) {
    return quotas.tryReserve(UsageRequest.builder(CLINIC, op, "hold-" + (++keys)).user(user)
        .build());
  }

  @Test
  public void staffDayCap_letsMaxThrough_thenRefusesWithTheWaitToLocalMidnight() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a"))
          .isInstanceOf(Consumed.class);
    }
    Units usedBefore = quotas.status(CLINIC).monthlyUsed();

    ConsumeResult fourth = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(fourth).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED);
      // 10:00 in Bangkok to midnight there
      assertThat(r.retryAfter()).contains(Duration.ofHours(14));
      assertThat(r.message()).contains("at most 3 CLINICAL_ANALYSIS calls per staff member per day");
      assertThat(r.message(LocalizedText.THAI))
          .contains("ไม่เกิน 3 ครั้งต่อพนักงานหนึ่งคนต่อวัน");
      assertThat(r.operation()).contains(OperationId.CLINICAL_ANALYSIS);
    });
    assertThat(quotas.status(CLINIC).monthlyUsed()).as("a refusal charges nothing")
        .isEqualTo(usedBefore);
    assertThat(consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-b"))
        .as("another staff member").isInstanceOf(Consumed.class);
    assertThat(consume(quotas, OperationId.QUICK_SCAN, "nurse-a"))
        .as("another operation").isInstanceOf(Consumed.class);

    clock.set("2026-01-10T16:59:59Z");
    assertThat(consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a"))
        .isInstanceOfSatisfying(Refused.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(1)));
    clock.set("2026-01-10T17:00:00Z"); // midnight in Bangkok
    assertThat(consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a"))
        .isInstanceOf(Consumed.class);
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void rateLimitedRefusal_isNotReplayed_theSameKeyPassesOnceTheWindowTurned() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.HOUR, 1));
    consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    UsageRequest retried = UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "retry-1")
        .user("nurse-a").build();

    ConsumeResult first = quotas.tryConsume(retried);
    clock.advance(Duration.ofHours(1));
    ConsumeResult second = quotas.tryConsume(retried);
    ConsumeResult replay = quotas.tryConsume(retried);

    assertThat(first).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED);
      assertThat(r.retryAfter()).contains(Duration.ofHours(1));
    });
    assertThat(second).isInstanceOf(Consumed.class);
    assertThat(replay).isEqualTo(second);
  }

  @Test
  public void dayCap_inAZoneThatSpringsForward_isTheLocalCalendarDay() {
    // New York moves from EST to EDT at 02:00 on 2026-03-08: that day has 23 hours
    QuotaService quotas = registered("America/New_York",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));
    clock.set("2026-03-08T12:00:00Z"); // 08:00 EDT

    ConsumeResult first = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    ConsumeResult second = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    clock.set("2026-03-09T03:59:59Z"); // 23:59:59 EDT
    ConsumeResult beforeMidnight = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    clock.set("2026-03-09T04:00:00Z"); // local midnight
    ConsumeResult nextDay = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(first).isInstanceOf(Consumed.class);
    assertThat(second).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.retryAfter()).contains(Duration.ofHours(16)));
    assertThat(beforeMidnight).isInstanceOf(Refused.class);
    assertThat(nextDay).isInstanceOf(Consumed.class);
  }

  @Test
  public void dayCap_beforeTheSpringForward_countsFromLocalMidnightInStandardTime() {
    QuotaService quotas = registered("America/New_York",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));
    clock.set("2026-03-08T05:00:00Z"); // 00:00 EST, the start of the 23-hour day

    ConsumeResult first = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    ConsumeResult second = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(first).isInstanceOf(Consumed.class);
    assertThat(second).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.retryAfter()).contains(Duration.ofHours(23)));
  }

  @Test
  public void clinicHourCap_countsEveryStaffMemberAndOperation() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.everyOperation(Per.CLINIC, Window.HOUR, 3));
    clock.set("2026-01-10T03:20:00Z");

    ConsumeResult a = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    ConsumeResult b = consume(quotas, OperationId.QUICK_SCAN, "nurse-b");
    ConsumeResult none = consume(quotas, OperationId.QUICK_SCAN, null);
    ConsumeResult c = consume(quotas, OperationId.QUICK_SCAN, "nurse-c");

    assertThat(List.of(a, b, none)).allMatch(Consumed.class::isInstance);
    assertThat(c).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED);
      assertThat(r.retryAfter()).contains(Duration.ofMinutes(40));
      assertThat(r.message()).contains("at most 3 AI calls per clinic per hour");
      assertThat(r.message(LocalizedText.THAI)).contains("ต่อคลินิกต่อชั่วโมง");
    });
  }

  @Test
  public void staffCap_doesNotCountARequestThatNamesNoUser() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.QUICK_SCAN, Per.STAFF, Window.DAY, 1));

    ConsumeResult first = consume(quotas, OperationId.QUICK_SCAN, null);
    ConsumeResult second = consume(quotas, OperationId.QUICK_SCAN, null);

    assertThat(List.of(first, second)).allMatch(Consumed.class::isInstance);
  }

  @Test
  public void releasedReservation_givesItsCallBack_aCommittedOneKeepsIt() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));

    ReserveResult held = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    ReserveResult whileHeld = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    quotas.tryRelease(CLINIC, ((Reserved) held).id().value());
    ReserveResult afterRelease = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    quotas.commitOrThrow(CommitRequest.of(CLINIC, ((Reserved) afterRelease).id().value()));
    ReserveResult afterCommit = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(held).isInstanceOf(Reserved.class);
    assertThat(whileHeld).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED));
    assertThat(afterRelease).isInstanceOf(Reserved.class);
    assertThat(afterCommit).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED));
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void expiredReservation_givesItsCallBack() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));

    ReserveResult held = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    clock.advance(Duration.ofMinutes(11)); // past the 10-minute reservation TTL
    ReserveResult afterExpiry = reserve(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(held).isInstanceOf(Reserved.class);
    assertThat(afterExpiry).isInstanceOf(Reserved.class);
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void freeRepeatScan_countsTowardTheCap() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.QUICK_SCAN, Per.STAFF, Window.DAY, 2));
    UsageRequest.Builder scan = UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN, "scan-1")
        .user("nurse-a").customerRef("customer-9");

    ConsumeResult paid = quotas.tryConsume(scan.build());
    ConsumeResult free = quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN,
        "scan-2").user("nurse-a").customerRef("customer-9").build());
    ConsumeResult third = quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN,
        "scan-3").user("nurse-a").customerRef("customer-9").build());

    assertThat(paid).isInstanceOf(Consumed.class);
    assertThat(free).isInstanceOfSatisfying(Consumed.class,
        c -> assertThat(c.charge().split().total()).isEqualTo(Units.ZERO));
    assertThat(third).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.RATE_LIMITED));
  }

  @Test
  public void clinicOwnCaps_replaceThePlans_andAnEmptyListRemovesThem() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));
    consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    quotas.updateSettings(ClinicSettings.builder(CLINIC)
        .caps(List.of(OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 2)))
        .build());
    ConsumeResult secondUnderOwn = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    ConsumeResult thirdUnderOwn = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");
    quotas.updateSettings(ClinicSettings.builder(CLINIC).caps(List.of()).build());
    ConsumeResult uncapped = consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    assertThat(secondUnderOwn).isInstanceOf(Consumed.class);
    assertThat(thirdUnderOwn).isInstanceOf(Refused.class);
    assertThat(uncapped).isInstanceOf(Consumed.class);
  }

  @Test
  public void capOfAnUnknownOperation_isRefusedByField_andChangesNothing() {
    QuotaService quotas = registered("Asia/Bangkok",
        OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 1));
    consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a");

    RegistrationResult bad = quotas.updateSettings(ClinicSettings.builder(CLINIC)
        .caps(List.of(OperationCap.everyOperation(Per.CLINIC, Window.HOUR, 5),
            OperationCap.of(OperationId.of("NO_SUCH_OP"), Per.STAFF, Window.DAY, 9)))
        .build());

    assertThat(bad).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains("caps[1].operation");
    });
    assertThat(consume(quotas, OperationId.CLINICAL_ANALYSIS, "nurse-a"))
        .as("the plan's cap still applies").isInstanceOf(Refused.class);
  }

  @Test
  public void twoInstancesSharingTheStore_grantExactlyTheCap() throws Exception {
    int max = 10;
    OperationCap cap = OperationCap.everyOperation(Per.CLINIC, Window.HOUR, max);
    QuotaService one = registered("Asia/Bangkok", cap);
    QuotaService two = service(cap);
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ConsumeResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        QuotaService quotas = i % 2 == 0 ? one : two;
        String key = "race-" + i;
        String user = "nurse-" + (i % 4);
        results.add(pool.submit(() -> {
          start.await();
          return quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.QUICK_SCAN, key)
              .user(user).build());
        }));
      }
      start.countDown();
      int granted = 0;
      int limited = 0;
      for (Future<ConsumeResult> f : results) {
        ConsumeResult r = f.get(60, TimeUnit.SECONDS);
        if (r instanceof Consumed) {
          granted++;
        } else if (r instanceof Refused no && no.code() == RefusalCode.RATE_LIMITED) {
          limited++;
        }
      }

      assertThat(granted).isEqualTo(max);
      assertThat(limited).isEqualTo(threads - max);
      assertThat(one.status(CLINIC).monthlyUsed())
          .isEqualTo(Units.parse("0.2").times(max));
      LedgerInvariants.check(store, ID);
    } finally {
      pool.shutdownNow();
    }
  }
}
