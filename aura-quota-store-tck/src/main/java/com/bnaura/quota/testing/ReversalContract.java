package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.ReversalResult;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.Reversed;
import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.VoidGrantRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of reversals, on any store: a refund or dispute gives a charge's units back to
 * exactly the buckets and grants they came from (even after a reset, where the closed month's
 * units are not revived), credits its overage money, never exceeds the charge, and is idempotent;
 * a void takes a pack's unused units and pays their money back through the gateway once.
 *
 * <p>The clinic is on {@code starter} (100 monthly units, overage at THB 75 a unit), with the
 * {@code AUTO} policy so a charge past the month and the packs is billed as overage. Its plan
 * credits THB 20 per monthly unit a reversal cannot revive.
 */
public abstract class ReversalContract {
  private static final String CLINIC = "reversal-clinic";
  private static final ClinicId ID = ClinicId.of(CLINIC);
  private static final Money REFUND_PRICE = Money.of("20", Money.THB);

  private MutableClock clock;
  private QuotaStore store;
  private Gateway gateway;
  private QuotaService quotas;
  private int keys;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpReversals() {
    clock = MutableClock.at("2026-01-10T03:00:00Z");
    store = newStore();
    gateway = new Gateway();
    QuotaCatalog defaults = QuotaCatalog.defaults();
    QuotaCatalog catalog = defaults.toBuilder()
        .plan(defaults.plan(PlanId.STARTER).orElseThrow().withMonthlyRefundPrice(REFUND_PRICE))
        .build();
    quotas = QuotaService.builder().store(store).clock(clock).catalog(catalog)
        .paymentGateway(gateway).build();
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
  }

  @AfterEach
  void ledgerStaysAFoldOfTheBalances() {
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void refund_inTheOpenPeriod_givesTheMonthlyUnitsBack_andTheReceiptSaysSo() {
    Consumed scan = consume("scan-1", 3);

    Reversed refund = reversed(quotas.reverseCharge(
        ReverseChargeRequest.refund(CLINIC, "scan-1", "refund-1")));

    assertThat(scan.charge().split().fromMonthly()).isEqualTo(Units.of(3));
    assertThat(refund.returned().fromMonthly()).isEqualTo(Units.of(3));
    assertThat(refund.notRevived()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).monthlyUsed()).isEqualTo(Units.ZERO);
    Receipt receipt = quotas.receipt(CLINIC, "scan-1").orElseThrow();
    assertThat(receipt.units()).isEqualTo(Units.of(3));
    assertThat(receipt.reversed()).isEqualTo(Units.of(3));
    assertThat(ledger(LedgerKind.REVERSAL)).singleElement().satisfies(e -> {
      assertThat(e.reverses()).hasValue(com.bnaura.quota.model.IdempotencyKey.of("scan-1"));
      assertThat(e.key()).hasValue(com.bnaura.quota.model.IdempotencyKey.of("refund-1"));
      assertThat(e.reason()).hasValue("REFUND");
    });
  }

  @Test
  public void partialRefunds_giveBackTheLastUnitsFirst_toTheGrantsTheyCameFrom_andNeverMore() {
    useMonthlyBut(1);
    ToppedUp first = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "pack-a")
        .priority(10));
    ToppedUp second = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "pack-b"));
    Consumed scan = consume("scan-1", 4);

    Reversed one = reversed(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1",
        "refund-1", ReversalKind.REFUND, Units.of(2), null)));
    Reversed two = reversed(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1",
        "refund-2", ReversalKind.REFUND, Units.of(2), "the analysis was cut off")));
    ReversalResult three = quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1",
        "refund-3", ReversalKind.REFUND, Units.parse("0.001"), null));

    assertThat(scan.charge().split().grants()).containsExactly(
        new GrantPart(first.grant(), Units.of(2)), new GrantPart(second.grant(), Units.of(1)));
    assertThat(one.returned().grants()).containsExactly(
        new GrantPart(first.grant(), Units.of(1)), new GrantPart(second.grant(), Units.of(1)));
    assertThat(two.returned().grants()).containsExactly(new GrantPart(first.grant(), Units.of(1)));
    assertThat(two.returned().fromMonthly()).isEqualTo(Units.of(1));
    assertThat(refusal(three).code()).isEqualTo(RefusalCode.NOT_REVERSIBLE);
    assertThat(grant(first.grant()).used()).isEqualTo(Units.ZERO);
    assertThat(grant(second.grant()).used()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.of(4));
    assertThat(quotas.status(CLINIC).monthlyRemaining()).isEqualTo(Units.of(1));
    assertThat(quotas.receipt(CLINIC, "scan-1").orElseThrow().reversed()).isEqualTo(Units.of(4));
  }

  @Test
  public void disputeAfterTheReset_returnsUnitsToThePack_notToTheNewMonth() {
    useMonthlyBut(1);
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "pack-jan"));
    consume("scan-jan", 3); // 1 from January's allowance, 2 from the pack

    clock.set("2026-02-03T03:00:00Z");
    consume("scan-feb", 1);
    Reversed dispute = reversed(quotas.reverseCharge(
        ReverseChargeRequest.dispute(CLINIC, "scan-jan", "dispute-jan")));

    assertThat(dispute.returned().grants()).containsExactly(new GrantPart(pack.grant(),
        Units.of(2)));
    assertThat(dispute.notRevived()).isEqualTo(Units.of(1));
    assertThat(dispute.credited()).isEqualTo(REFUND_PRICE);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.of(10));
    assertThat(quotas.status(CLINIC).monthlyUsed()).isEqualTo(Units.of(1));
    PeriodRecord january = store.periods(ID).get(0);
    assertThat(january.monthlyUsed()).isEqualTo(Units.of(99));
    assertThat(january.forfeited()).isEqualTo(Units.of(1));
    assertThat(billing(BillingLineKind.CREDIT)).singleElement()
        .satisfies(b -> assertThat(b.amount()).isEqualTo(REFUND_PRICE));
  }

  @Test
  public void overageRefunds_creditTheChargesOverageMoneyExactly_onTheStatement() {
    useMonthlyBut(0);
    Consumed scan = consume("scan-1", 3); // 3 units of overage at THB 75

    Reversed one = reversed(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1",
        "refund-1", ReversalKind.REFUND, Units.of(1), null)));
    Reversed rest = reversed(quotas.reverseCharge(
        ReverseChargeRequest.refund(CLINIC, "scan-1", "refund-2")));

    assertThat(scan.charge().overageCost()).isEqualTo(Money.of("225", Money.THB));
    assertThat(one.credited()).isEqualTo(Money.of("75", Money.THB));
    assertThat(rest.credited()).isEqualTo(Money.of("150", Money.THB));
    assertThat(quotas.status(CLINIC).overageUnits()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).overageCost()).isEqualTo(Money.of("0", Money.THB));
    Statement statement = quotas.statement(CLINIC, clock.instant());
    Money refunds = Money.zero(Money.THB);
    for (StatementMoneyLine line : statement.money()) {
      if (line.kind() == StatementMoneyLine.Kind.REFUND) {
        refunds = refunds.plus(line.amount());
      }
    }
    assertThat(refunds).isEqualTo(Money.of("225", Money.THB));
    assertThat(statement.totals().credited()).isEqualTo(Money.of("225", Money.THB));
    Money ledgerCredits = Money.zero(Money.THB);
    for (LedgerEntry e : ledger(LedgerKind.CREDIT)) {
      ledgerCredits = ledgerCredits.plus(e.money());
    }
    assertThat(ledgerCredits).isEqualTo(refunds);
  }

  @Test
  public void aRefund_givesTheUnitsBackToTheBranchBudgetThatCountedThem() {
    quotas.defineBranch(CLINIC, "phuket", "Phuket", "2", "branch-1");
    quotas.assignStaff(CLINIC, "nurse-7", "phuket", null, "staff-1");
    quotas.consumeOrThrow(request("scan-1", 2).user("nurse-7").build());
    Object refused = quotas.tryConsume(request("scan-2", 1).user("nurse-7").build());

    reversed(quotas.reverseCharge(ReverseChargeRequest.refund(CLINIC, "scan-1", "refund-1")));
    Object after = quotas.tryConsume(request("scan-3", 1).user("nurse-7").build());

    assertThat(refused).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED));
    assertThat(after).isInstanceOf(Consumed.class);
    assertThat(quotas.branches(CLINIC)).singleElement()
        .satisfies(b -> assertThat(b.used()).isEqualTo(Units.of(1)));
  }

  @Test
  public void aRetriedReversal_replaysItsOutcome_andTheKeyCannotReverseSomethingElse() {
    consume("scan-1", 2);
    ReverseChargeRequest request = ReverseChargeRequest.refund(CLINIC, "scan-1", "refund-1");

    ReversalResult first = quotas.reverseCharge(request);
    ReversalResult again = quotas.reverseCharge(request);
    ReversalResult other = quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1",
        "refund-1", ReversalKind.REFUND, Units.of(1), null));

    assertThat(again).isEqualTo(first);
    assertThat(refusal(other).code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED);
    assertThat(ledger(LedgerKind.REVERSAL)).hasSize(1);
  }

  @Test
  public void concurrentReversals_withTheirOwnKeys_neverExceedTheCharge() throws Exception {
    consume("scan-1", 4);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ReversalResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        String key = "refund-" + i;
        results.add(pool.submit(() -> {
          start.await();
          return quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", key,
              ReversalKind.REFUND, Units.of(1), null));
        }));
      }
      start.countDown();
      int reversed = 0;
      int refused = 0;
      for (Future<ReversalResult> f : results) {
        ReversalResult r = f.get(30, TimeUnit.SECONDS);
        if (r instanceof Reversed) {
          reversed++;
        } else {
          assertThat(refusal(r).code()).isEqualTo(RefusalCode.NOT_REVERSIBLE);
          refused++;
        }
      }
      assertThat(reversed).isEqualTo(4);
      assertThat(refused).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
    assertThat(quotas.status(CLINIC).monthlyUsed()).isEqualTo(Units.ZERO);
  }

  @Test
  public void reversalsThatCannotBe_areRefusedByName_andChangeNothing() {
    consume("scan-1", 1);
    Reserved pending = quotas.reserveOrThrow(request("scan-pending", 1).build());
    int entries = store.ledger(ID, Instant.MIN, Instant.MAX).size();

    assertThat(refusal(quotas.reverseCharge(
        ReverseChargeRequest.refund(CLINIC, "no-such-scan", "r-1"))).code())
        .isEqualTo(RefusalCode.UNKNOWN_CHARGE);
    assertThat(refusal(quotas.reverseCharge(
        ReverseChargeRequest.refund(CLINIC, "scan-pending", "r-2"))).code())
        .isEqualTo(RefusalCode.NOT_REVERSIBLE);
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", "r-3",
        ReversalKind.REFUND, Units.of(2), null))).message()).contains("1.000", "2.000");
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", "r-4",
        ReversalKind.REFUND, Units.ZERO, null))).field()).hasValue("units");
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", "r-5",
        null, null, null))).field()).hasValue("kind");
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", "r-6",
        ReversalKind.VOID, null, null))).field()).hasValue("kind");
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, " ", "r-7",
        ReversalKind.REFUND, null, null))).field()).hasValue("chargeKey");
    assertThat(refusal(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, "scan-1", "r-8",
        ReversalKind.REFUND, null, "x".repeat(501)))).field()).hasValue("note");
    assertThat(refusal(quotas.reverseCharge(
        ReverseChargeRequest.refund("no-such-clinic", "scan-1", "r-9"))).code())
        .isEqualTo(RefusalCode.UNKNOWN_CLINIC);

    assertThat(store.ledger(ID, Instant.MIN, Instant.MAX)).hasSize(entries);
    assertThat(pending.hold().split().total()).isEqualTo(Units.of(1));
  }

  @Test
  public void void_takesThePacksUnusedUnits_andPaysTheirShareBackOnce() {
    useMonthlyBut(0);
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-1"));
    consume("scan-1", 40);
    VoidGrantRequest request = new VoidGrantRequest(CLINIC, pack.grant().value(), "void-1",
        "bought by mistake");

    Reversed voided = reversed(quotas.voidGrant(request));
    Reversed again = reversed(quotas.voidGrant(request));
    ReversalResult twice = quotas.voidGrant(new VoidGrantRequest(CLINIC, pack.grant().value(),
        "void-2", null));

    Money expected = pack.totalCost().prorate(60, 100);
    assertThat(voided.units()).isEqualTo(Units.of(60));
    assertThat(voided.refund()).hasValueSatisfying(r -> {
      assertThat(r.state()).isEqualTo(Reversed.RefundState.PAID);
      assertThat(r.amount()).isEqualTo(expected);
      assertThat(r.reference()).isEqualTo("refund-ref-1");
    });
    assertThat(again).isEqualTo(voided);
    assertThat(gateway.refunds).hasSize(1);
    assertThat(gateway.refunds.get(0).amount()).isEqualTo(expected);
    assertThat(gateway.refunds.get(0).originalReference()).isEqualTo(pack.paymentReference());
    assertThat(refusal(twice).code()).isEqualTo(RefusalCode.NOT_REVERSIBLE);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).grants()).isEmpty();
    assertThat(grant(pack.grant()).isVoided()).isTrue();
    assertThat(billing(BillingLineKind.REFUND)).singleElement().satisfies(b -> {
      assertThat(b.amount()).isEqualTo(expected);
      assertThat(b.paymentReference()).isEqualTo("refund-ref-1");
      assertThat(b.description()).contains("bought by mistake");
    });
    assertThat(ledger(LedgerKind.GRANT_VOIDED)).singleElement()
        .satisfies(e -> assertThat(e.split().fromAddon()).isEqualTo(Units.of(60)));
  }

  @Test
  public void void_whileAReservationHoldsThePack_isRefused_thenWorksOnceItIsReleased() {
    useMonthlyBut(0);
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "buy-1"));
    Reserved held = quotas.reserveOrThrow(request("scan-1", 1).build());

    ReversalResult refused = quotas.voidGrant(new VoidGrantRequest(CLINIC, pack.grant().value(),
        "void-1", null));
    quotas.tryRelease(CLINIC, held.id().value());
    Reversed voided = reversed(quotas.voidGrant(new VoidGrantRequest(CLINIC,
        pack.grant().value(), "void-2", null)));

    assertThat(refusal(refused).code()).isEqualTo(RefusalCode.NOT_REVERSIBLE);
    assertThat(refusal(refused).message()).contains("1.000");
    assertThat(voided.units()).isEqualTo(Units.of(5));
    assertThat(refusal(quotas.voidGrant(new VoidGrantRequest(CLINIC, "g-none", "void-3",
        null))).code()).isEqualTo(RefusalCode.UNKNOWN_GRANT);
    assertThat(refusal(quotas.voidGrant(new VoidGrantRequest(CLINIC, "bad id!", "void-4",
        null))).field()).hasValue("grantId");
  }

  @Test
  public void aDeclinedRefund_leavesTheUnitsGone_andTheSameKeyAsksTheGatewayAgain() {
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "buy-1"));
    gateway.decline.set("provider unavailable");
    VoidGrantRequest request = new VoidGrantRequest(CLINIC, pack.grant().value(), "void-1",
        null);

    Reversed declined = reversed(quotas.voidGrant(request));
    gateway.decline.set(null);
    Reversed paid = reversed(quotas.voidGrant(request));

    assertThat(declined.refund().orElseThrow().state()).isEqualTo(Reversed.RefundState.DECLINED);
    assertThat(declined.refund().orElseThrow().declineReason()).isEqualTo("provider unavailable");
    assertThat(paid.refund().orElseThrow().state()).isEqualTo(Reversed.RefundState.PAID);
    assertThat(gateway.refunds).hasSize(2);
    assertThat(gateway.refunds.stream().map(PaymentGateway.Refund::transactionId).distinct())
        .hasSize(1);
    assertThat(billing(BillingLineKind.REFUND)).hasSize(1);
    assertThat(ledger(LedgerKind.GRANT_VOIDED)).hasSize(1);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
  }

  @Test
  public void refundOfUnitsFromAVoidedPack_creditsTheirShareOfItsPrice() {
    useMonthlyBut(0);
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "buy-1"));
    consume("scan-1", 4);
    reversed(quotas.voidGrant(new VoidGrantRequest(CLINIC, pack.grant().value(), "void-1",
        null)));

    Reversed refund = reversed(quotas.reverseCharge(
        ReverseChargeRequest.refund(CLINIC, "scan-1", "refund-1")));

    assertThat(refund.returned().grants()).containsExactly(new GrantPart(pack.grant(),
        Units.of(4)));
    assertThat(refund.credited()).isEqualTo(pack.totalCost().prorate(4, 10));
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
    assertThat(grant(pack.grant()).used()).isEqualTo(Units.ZERO);
    assertThat(grant(pack.grant()).expired()).isEqualTo(Units.of(10));
  }

  // ---- helpers ----

  /** A gateway that accepts payments and records refunds, declining them while told to. */
  private static final class Gateway implements PaymentGateway {
    final List<PaymentGateway.Refund> refunds = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<String> decline = new AtomicReference<>();

    @Override
    public Result collect(Request request) {
      return Result.accepted("pay-" + request.transactionId());
    }

    @Override
    public Result refund(PaymentGateway.Refund request) {
      refunds.add(request);
      String why = decline.get();
      return why != null ? Result.declined(why) : Result.accepted("refund-ref-" + refunds.size());
    }
  }

  private void useMonthlyBut(long keep) {
    Units left = quotas.status(CLINIC).monthlyRemaining().minus(Units.of(keep));
    if (left.isPositive()) {
      quotas.consumeOrThrow(request("monthly-" + ++keys, left.milli() / 1000).build());
    }
  }

  private UsageRequest.Builder request(String key, long units) {
    return UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, key).quantity(units);
  }

  private Consumed consume(String key, long units) {
    return quotas.consumeOrThrow(request(key, units).acceptOverage(true).build());
  }

  private static Reversed reversed(ReversalResult result) {
    assertThat(result).isInstanceOf(Reversed.class);
    return (Reversed) result;
  }

  private static Refused refusal(ReversalResult result) {
    assertThat(result).isInstanceOf(Refused.class);
    return (Refused) result;
  }

  private GrantRecord grant(GrantId id) {
    return store.grants(ID).stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }

  private List<LedgerEntry> ledger(LedgerKind kind) {
    return store.ledger(ID, Instant.MIN, Instant.MAX).stream()
        .filter(e -> e.kind() == kind)
        .toList();
  }

  private List<BillingLine> billing(BillingLineKind kind) {
    return store.billingLines(ID).stream().filter(b -> b.kind() == kind).toList();
  }
}
