package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpCeilingReached;
import com.bnaura.quota.AutoTopUpConfigured;
import com.bnaura.quota.AutoTopUpFailed;
import com.bnaura.quota.AutoTopUpResult;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of auto top-up, on any store: a charge that leaves the clinic at or below its
 * threshold requests exactly one payment in its own write; the payment runs through the gateway as
 * requested, authorised, captured, granted (or failed), bought once however many threads,
 * instances, timeouts and restarts see it; a failure grants nothing and switches auto top-up off;
 * the ceiling stops what would pass it; and the status shows reserved and pending-payment units
 * apart from the settled balances.
 *
 * <p>The clinic is on {@code starter} (100 monthly units) with the {@code BLOCK} policy; its auto
 * top-up buys {@code pack-100} (100 units for 4,800 THB) when 20 units or fewer remain.
 */
public abstract class AutoTopUpContract {
  private static final String CLINIC = "auto-top-up-clinic";
  private static final ClinicId ID = ClinicId.of(CLINIC);
  private static final Money PACK_PRICE = Money.of("4800", Money.THB);
  private static final AutoTopUp AT_20_BUY_PACK = AutoTopUp.whenUnitsLeft(20)
      .buyPack("pack-100").ceiling(Money.of("20000", Money.THB));

  private MutableClock clock;
  private QuotaStore store;
  private final List<QuotaService> services = new ArrayList<>();
  private final List<AutoTopUpFailed> failures = new CopyOnWriteArrayList<>();
  private final List<AutoTopUpCeilingReached> ceilings = new CopyOnWriteArrayList<>();
  private final AtomicInteger keys = new AtomicInteger();

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpAutoTopUp() {
    clock = MutableClock.at("2026-01-10T03:00:00Z");
    store = newStore();
  }

  @AfterEach
  void closeServices() {
    services.forEach(QuotaService::close);
  }

  private QuotaService service(QuotaStore on, FakePaymentGateway gateway) {
    QuotaService quotas = QuotaService.builder().store(on).clock(clock).paymentGateway(gateway)
        .listener(new QuotaListener() {
          @Override
          public void onAutoTopUpFailed(AutoTopUpFailed failed) {
            failures.add(failed);
          }

          @Override
          public void onAutoTopUpCeilingReached(AutoTopUpCeilingReached reached) {
            ceilings.add(reached);
          }
        }).build();
    services.add(quotas);
    return quotas;
  }

  private QuotaService registered(FakePaymentGateway gateway, AutoTopUp settings) {
    QuotaService quotas = service(store, gateway);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
    if (settings != null) {
      assertThat(quotas.configureAutoTopUp(CLINIC, settings, "settings-" + keys.incrementAndGet()))
          .isInstanceOf(AutoTopUpConfigured.class);
    }
    return quotas;
  }

  @Test
  public void crossingRequestsOnePayment_grantedOnceCaptured() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep();
    QuotaService quotas = registered(provider, AT_20_BUY_PACK);

    consume(quotas, 79);
    assertThat(store.payments(ID)).isEmpty();
    consume(quotas, 1); // 20 left: the crossing
    List<PaymentRecord> requested = store.payments(ID);
    PaymentRecord done = awaitPayment(p -> p.state() == PaymentState.GRANTED);

    assertThat(requested).hasSize(1);
    assertThat(done.key()).isEqualTo(requested.get(0).key());
    assertThat(done.key().value()).endsWith(":1");
    assertThat(done.amount()).isEqualTo(PACK_PRICE);
    assertThat(provider.charges()).isEqualTo(1);
    QuotaStatus status = quotas.status(CLINIC);
    assertThat(status.addonBalance()).isEqualTo(Units.of(100));
    assertThat(status.totalRemaining()).isEqualTo(Units.of(120));
    assertThat(status.openPayment()).isEmpty();
    assertThat(status.autoTopUp().orElseThrow().purchases()).isEqualTo(1);
    assertThat(status.autoTopUp().orElseThrow().spent()).isEqualTo(PACK_PRICE);
    assertThat(store.grants(ID)).extracting(GrantRecord::key)
        .containsExactly(java.util.Optional.of(done.key()));
    assertThat(kinds(LedgerKind.TOP_UP)).hasSize(1);
    assertThat(store.billingLines(ID)).extracting(BillingLine::kind, BillingLine::amount)
        .containsExactly(org.assertj.core.api.Assertions.tuple(BillingLineKind.TOP_UP,
            PACK_PRICE));
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void aReCrossingAfterTheGrant_isTheNextCrossingOfThePeriod() {
    FakePaymentGateway provider = FakePaymentGateway.oneStep();
    QuotaService quotas = registered(provider, AT_20_BUY_PACK);
    consume(quotas, 80);
    awaitPayment(p -> p.state() == PaymentState.GRANTED);

    consume(quotas, 100); // 120 -> 20: crosses again
    awaitOpenPaymentsGone();

    assertThat(store.payments(ID)).extracting(p -> p.key().value())
        .satisfiesExactly(k -> assertThat(k).endsWith(":1"), k -> assertThat(k).endsWith(":2"));
    assertThat(store.payments(ID)).extracting(PaymentRecord::state)
        .containsOnly(PaymentState.GRANTED);
    assertThat(provider.charges()).isEqualTo(2);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.of(120));
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
  }

  @Test
  public void aChargeWhoseWriteFails_leavesNoPayment() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep();
    AtomicBoolean failNext = new AtomicBoolean(true);
    QuotaStore failing = new ForwardingQuotaStore(store) {
      @Override
      public void apply(WriteSet writes) {
        if (!writes.payments().isEmpty() && failNext.getAndSet(false)) {
          throw new QuotaStoreException("the database went away", new IllegalStateException());
        }
        super.apply(writes);
      }
    };
    QuotaService quotas = service(failing, provider);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
    quotas.configureAutoTopUp(CLINIC, AT_20_BUY_PACK, "settings");
    consume(quotas, 70);
    UsageRequest crossing = request(10).build();

    assertThatThrownBy(() -> quotas.tryConsume(crossing)).isInstanceOf(QuotaStoreException.class);
    assertThat(store.payments(ID)).isEmpty();
    assertThat(store.ledger(ID, Instant.MIN, Instant.MAX)).noneMatch(e ->
        e.key().filter(k -> k.value().equals(crossing.idempotencyKey())).isPresent());
    assertThat(provider.payments()).isZero();

    quotas.consumeOrThrow(crossing); // the retry writes the charge and the payment together
    awaitPayment(p -> p.state() == PaymentState.GRANTED);
    assertThat(store.payments(ID)).hasSize(1);
    assertThat(provider.charges()).isEqualTo(1);
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
  }

  @Test
  public void doubleFiredOnTwoInstancesUnder32Threads_buysOnce() throws Exception {
    FakePaymentGateway provider = FakePaymentGateway.twoStep();
    QuotaService first = registered(provider, AT_20_BUY_PACK);
    QuotaService second = service(store, provider);
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        QuotaService on = t % 2 == 0 ? first : second;
        calls.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 3; i++) {
            on.consumeOrThrow(request(1).build());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> call : calls) {
        call.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    first.resumePayments(10);
    second.resumePayments(10);
    awaitOpenPaymentsGone();

    // 96 of 100 units charged: one crossing (at 20 left), and no second before the grant
    assertThat(store.payments(ID)).hasSize(1);
    assertThat(store.payments(ID).get(0).state()).isEqualTo(PaymentState.GRANTED);
    assertThat(provider.payments()).isEqualTo(1);
    assertThat(provider.charges()).isEqualTo(1);
    assertThat(store.grants(ID)).hasSize(1);
    assertThat(kinds(LedgerKind.TOP_UP)).hasSize(1);
    assertThat(service(store, provider).status(CLINIC).totalRemaining())
        .isEqualTo(Units.of(104));
    assertThat(first.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void gatewayTimeoutAfterAccepting_thenRestart_asksFirstAndBuysOnce() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().timeoutAfterAccepting(1);
    QuotaService before = registered(provider, AT_20_BUY_PACK);
    consume(before, 80);
    PaymentRecord unknown = awaitPayment(p -> p.state() == PaymentState.UNKNOWN);
    before.close();
    assertThat(before.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
    assertThat(before.status(CLINIC).pending().awaitingPayment()).isEqualTo(Units.of(100));

    QuotaService restarted = service(store, provider);
    assertThat(restarted.resumePayments(100)).isEqualTo(1);
    assertThat(restarted.resumePayments(100)).isZero();

    PaymentRecord done = store.payments(ID).get(0);
    assertThat(done.key()).isEqualTo(unknown.key());
    assertThat(done.state()).isEqualTo(PaymentState.GRANTED);
    assertThat(provider.authoriseCalls()).isEqualTo(1); // never sent again: status said authorised
    assertThat(provider.statusCalls()).isPositive();
    assertThat(provider.charges()).isEqualTo(1);
    assertThat(restarted.status(CLINIC).addonBalance()).isEqualTo(Units.of(100));
    assertThat(store.grants(ID)).hasSize(1);
    assertThat(restarted.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void gatewayTimeoutBeforeAccepting_thenRestart_sendsAgainWithTheSameKey() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().timeoutBeforeAccepting(1);
    QuotaService before = registered(provider, AT_20_BUY_PACK);
    consume(before, 80);
    PaymentRecord unknown = awaitPayment(p -> p.state() == PaymentState.UNKNOWN);
    before.close();

    QuotaService restarted = service(store, provider);
    restarted.resumePayments(100);

    assertThat(store.payments(ID)).extracting(PaymentRecord::key, PaymentRecord::state)
        .containsExactly(org.assertj.core.api.Assertions.tuple(unknown.key(),
            PaymentState.GRANTED));
    assertThat(provider.authoriseCalls()).isEqualTo(2);
    assertThat(provider.payments()).isEqualTo(1);
    assertThat(provider.charges()).isEqualTo(1);
  }

  @Test
  public void decline_failsDisablesAlertsOnceAndGrantsNothing() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().declining("card_declined");
    QuotaService quotas = registered(provider, AT_20_BUY_PACK);
    consume(quotas, 80);
    PaymentRecord failed = awaitPayment(p -> p.state() == PaymentState.FAILED);
    consume(quotas, 5); // still below the threshold: auto top-up is off, nothing more is asked

    assertThat(failed.failureReason()).contains("card_declined");
    assertThat(store.payments(ID)).hasSize(1);
    assertThat(store.grants(ID)).isEmpty();
    assertThat(kinds(LedgerKind.TOP_UP)).isEmpty();
    assertThat(store.billingLines(ID)).isEmpty();
    QuotaStatus status = quotas.status(CLINIC);
    assertThat(status.addonBalance()).isEqualTo(Units.ZERO);
    assertThat(status.autoTopUp().orElseThrow().enabled()).isFalse();
    assertThat(status.autoTopUp().orElseThrow().disabledReason()).contains("card_declined");
    assertThat(status.autoTopUp().orElseThrow().spent()).isEqualTo(Money.zero(Money.THB));
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).reason()).isEqualTo("card_declined");
    assertThat(failures.get(0).message()).contains("card_declined");
    assertThat(failures.get(0).message(LocalizedText.THAI)).isNotEqualTo(failures.get(0).message());
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();

    // set again by the owner, the next charge below the threshold buys (the next crossing)
    quotas.configureAutoTopUp(CLINIC, AT_20_BUY_PACK, "settings-again");
    provider.declining(null);
    consume(quotas, 1);
    awaitPayment(p -> p.state() == PaymentState.GRANTED);
    assertThat(store.payments(ID)).extracting(p -> p.key().value())
        .satisfiesExactly(k -> assertThat(k).endsWith(":1"), k -> assertThat(k).endsWith(":2"));
  }

  @Test
  public void theCeiling_stopsAPurchaseThatWouldPassIt_saidOnce() {
    FakePaymentGateway provider = FakePaymentGateway.oneStep();
    QuotaService quotas = registered(provider, AutoTopUp.whenUnitsLeft(20).buyPack("pack-100")
        .ceiling(PACK_PRICE));
    consume(quotas, 80);
    awaitPayment(p -> p.state() == PaymentState.GRANTED);

    consume(quotas, 100); // 20 left again: a second pack would pass the ceiling
    consume(quotas, 5);

    assertThat(store.payments(ID)).hasSize(1);
    assertThat(provider.charges()).isEqualTo(1);
    assertThat(ceilings).hasSize(1);
    assertThat(ceilings.get(0).ceiling()).isEqualTo(PACK_PRICE);
    assertThat(ceilings.get(0).spent()).isEqualTo(PACK_PRICE);
    assertThat(ceilings.get(0).price()).isEqualTo(PACK_PRICE);
    QuotaStatus status = quotas.status(CLINIC);
    assertThat(status.autoTopUp().orElseThrow().ceilingReached()).isTrue();
    assertThat(status.autoTopUp().orElseThrow().enabled()).isTrue();
    assertThat(status.totalRemaining()).isEqualTo(Units.of(15));

    // the next period counts afresh
    clock.set("2026-02-01T00:00:00Z");
    consume(quotas, 95); // 100 monthly and 15 add-on: 20 left
    awaitPayment(p -> p.state() == PaymentState.GRANTED && p.key().value().endsWith(":1")
        && p.periodStart().isAfter(Instant.parse("2026-01-20T00:00:00Z")));
    assertThat(store.payments(ID)).hasSize(2);
  }

  @Test
  public void grantOnAuthorisation_spendableBeforeCapture_grantedOnce() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().captureTimeoutBeforeAccepting(1);
    QuotaService quotas = registered(provider, AT_20_BUY_PACK.grantingOnAuthorisation());
    consume(quotas, 80);
    awaitPayment(p -> p.state() == PaymentState.UNKNOWN);

    QuotaStatus authorised = quotas.status(CLINIC);
    assertThat(authorised.addonBalance()).isEqualTo(Units.of(100)); // granted on authorisation
    assertThat(authorised.pending().awaitingPayment()).isEqualTo(Units.ZERO);
    assertThat(store.billingLines(ID)).isEmpty(); // billed once captured
    consume(quotas, 30);

    quotas.resumePayments(10);
    assertThat(store.payments(ID)).extracting(PaymentRecord::state)
        .containsExactly(PaymentState.GRANTED);
    assertThat(store.grants(ID)).hasSize(1);
    assertThat(kinds(LedgerKind.TOP_UP)).hasSize(1);
    assertThat(store.billingLines(ID)).hasSize(1);
    assertThat(provider.charges()).isEqualTo(1);
    assertThat(quotas.status(CLINIC).totalRemaining()).isEqualTo(Units.of(90));
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void grantOnAuthorisation_captureDeclined_endsTheGrant() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().decliningCapture("insufficient");
    QuotaService quotas = registered(provider, AT_20_BUY_PACK.grantingOnAuthorisation());
    consume(quotas, 80);
    awaitPayment(p -> p.state() == PaymentState.FAILED);

    QuotaStatus status = quotas.status(CLINIC);
    assertThat(status.addonBalance()).isEqualTo(Units.ZERO);
    assertThat(status.totalRemaining()).isEqualTo(Units.of(20));
    assertThat(status.autoTopUp().orElseThrow().enabled()).isFalse();
    assertThat(store.billingLines(ID)).isEmpty();
    assertThat(kinds(LedgerKind.GRANT_VOIDED)).extracting(e -> e.reason().orElse(""))
        .containsExactly("PAYMENT_FAILED");
    assertThat(store.grants(ID)).singleElement().satisfies(g -> {
      assertThat(g.expired()).isEqualTo(Units.of(100));
      assertThat(g.isVoided()).isTrue();
    });
    assertThat(failures).hasSize(1);
    assertThat(provider.charges()).isZero();
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void percentThreshold_crossesAtThePercentOfTheBase() {
    FakePaymentGateway provider = FakePaymentGateway.oneStep();
    QuotaService quotas = registered(provider, AutoTopUp.whenPercentLeft(25).buyUnits(10)
        .ceiling(Money.of("1000", Money.THB)));
    consume(quotas, 74);
    assertThat(store.payments(ID)).isEmpty();
    consume(quotas, 1); // 25 of 100 left
    PaymentRecord done = awaitPayment(p -> p.state() == PaymentState.GRANTED);

    assertThat(done.units()).isEqualTo(Units.of(10));
    assertThat(done.amount()).isEqualTo(Money.of("480", Money.THB));
    assertThat(done.pack()).isEmpty();
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.of(10));
  }

  @Test
  public void badSettings_areRefusedByField_andChangeNothing() {
    QuotaService quotas = registered(FakePaymentGateway.oneStep(), null);
    Money ceiling = Money.of("10000", Money.THB);
    assertRefused(quotas, null, "settings");
    assertRefused(quotas, new AutoTopUp(Units.of(5), 10, "pack-100", 0, ceiling, false),
        "threshold");
    assertRefused(quotas, new AutoTopUp(null, null, "pack-100", 0, ceiling, false), "threshold");
    assertRefused(quotas, AutoTopUp.whenPercentLeft(0).buyPack("pack-100").ceiling(ceiling),
        "thresholdPercent");
    assertRefused(quotas, AutoTopUp.whenPercentLeft(100).buyPack("pack-100").ceiling(ceiling),
        "thresholdPercent");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyPack("no-such-pack").ceiling(ceiling),
        "pack");
    assertRefused(quotas, new AutoTopUp(Units.of(5), null, "pack-100", 3, ceiling, false),
        "units");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyUnits(0).ceiling(ceiling), "units");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyPack("pack-100"), "monthlyCeiling");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyPack("pack-100")
        .ceiling(Money.of("10000", Currency.getInstance("USD"))), "monthlyCeiling");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyPack("pack-100")
        .ceiling(Money.of("4799", Money.THB)), "monthlyCeiling");
    assertRefused(quotas, AutoTopUp.whenUnitsLeft(5).buyPack("pack-100")
        .ceiling(Money.zero(Money.THB)), "monthlyCeiling");

    assertThat(quotas.status(CLINIC).autoTopUp()).isEmpty();
    consume(quotas, 99);
    assertThat(store.payments(ID)).isEmpty();
  }

  @Test
  public void configure_replaysByKey() {
    QuotaService quotas = registered(FakePaymentGateway.oneStep(), null);
    AutoTopUpResult first = quotas.configureAutoTopUp(CLINIC, AT_20_BUY_PACK, "set-1");
    AutoTopUpResult again = quotas.configureAutoTopUp(CLINIC, AT_20_BUY_PACK, "set-1");
    AutoTopUpResult other = quotas.configureAutoTopUp(CLINIC,
        AutoTopUp.whenUnitsLeft(5).buyPack("pack-100").ceiling(PACK_PRICE), "set-1");
    AutoTopUpResult off = quotas.disableAutoTopUp(CLINIC, "off-1");

    assertThat(first).isInstanceOf(AutoTopUpConfigured.class).isEqualTo(again);
    assertThat(((AutoTopUpConfigured) first).settings()).contains(AT_20_BUY_PACK);
    assertThat(other).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(quotas.disableAutoTopUp(CLINIC, "off-1")).isEqualTo(off);
    assertThat(off).isInstanceOfSatisfying(AutoTopUpConfigured.class,
        c -> assertThat(c.enabled()).isFalse());
    assertThat(quotas.status(CLINIC).autoTopUp().orElseThrow().settings())
        .isEqualTo(AT_20_BUY_PACK);
    assertThat(quotas.status(CLINIC).autoTopUp().orElseThrow().disabledReason())
        .contains("DISABLED");
    consume(quotas, 90);
    assertThat(store.payments(ID)).isEmpty();
    assertThat(quotas.configureAutoTopUp("no-such-clinic", AT_20_BUY_PACK, "k"))
        .isInstanceOfSatisfying(Refused.class,
            r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }

  @Test
  public void status_showsReservedAndPendingPaymentApartFromSettledBalances() {
    FakePaymentGateway provider = FakePaymentGateway.twoStep().timeoutBeforeAccepting(1);
    QuotaService quotas = registered(provider, AutoTopUp.whenUnitsLeft(50).buyPack("pack-100")
        .ceiling(Money.of("20000", Money.THB)));
    consume(quotas, 20);
    quotas.reserveOrThrow(request(40).build()); // 40 left: the hold crosses
    awaitPayment(p -> p.state() == PaymentState.UNKNOWN);

    QuotaStatus status = quotas.status(CLINIC);
    assertThat(status.monthlyUsed()).isEqualTo(Units.of(20));
    assertThat(status.monthlyRemaining()).isEqualTo(Units.of(40));
    assertThat(status.addonBalance()).isEqualTo(Units.ZERO);
    assertThat(status.reserved()).isEqualTo(Units.of(40));
    assertThat(status.pending().reservedMonthly()).isEqualTo(Units.of(40));
    assertThat(status.pending().reservedAddon()).isEqualTo(Units.ZERO);
    assertThat(status.pending().reservedOverage()).isEqualTo(Units.ZERO);
    assertThat(status.pending().reserved()).isEqualTo(status.reserved());
    assertThat(status.pending().awaitingPayment()).isEqualTo(Units.of(100));
    assertThat(status.openPayment().orElseThrow().state()).isEqualTo(PaymentState.UNKNOWN);
    assertThat(status.openPayment().orElseThrow().units()).isEqualTo(Units.of(100));
    assertThat(status.autoTopUp().orElseThrow().settings().thresholdUnits())
        .isEqualTo(Units.of(50));

    quotas.resumePayments(10);
    QuotaStatus settled = quotas.status(CLINIC);
    assertThat(settled.pending().awaitingPayment()).isEqualTo(Units.ZERO);
    assertThat(settled.addonBalance()).isEqualTo(Units.of(100));
    assertThat(settled.openPayment()).isEmpty();
  }

  // ---- helpers ----

  private void assertRefused(QuotaService quotas, AutoTopUp settings, String field) {
    AutoTopUpResult result = quotas.configureAutoTopUp(CLINIC, settings,
        "bad-" + keys.incrementAndGet());
    assertThat(result).as("settings %s", settings).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(r.field()).contains(field);
    });
  }

  private UsageRequest.Builder request(long units) {
    return UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS,
        "k-" + keys.incrementAndGet()).quantity(units);
  }

  private void consume(QuotaService quotas, long units) {
    quotas.consumeOrThrow(request(units).build());
  }

  private List<LedgerEntry> kinds(LedgerKind kind) {
    return store.ledger(ID, Instant.MIN, Instant.MAX).stream().filter(e -> e.kind() == kind)
        .toList();
  }

  /** Waits for the payment drivers (threads of their own) to leave a payment so. */
  private PaymentRecord awaitPayment(Predicate<PaymentRecord> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<PaymentRecord> payments = store.payments(ID);
      for (PaymentRecord p : payments) {
        if (wanted.test(p)) {
          return p;
        }
      }
      pause();
    }
    throw new AssertionError("no payment as wanted; payments: " + store.payments(ID));
  }

  private void awaitOpenPaymentsGone() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (store.payments(ID).stream().noneMatch(PaymentRecord::isOpen)) {
        return;
      }
      pause();
    }
    throw new AssertionError("payments still open: " + store.payments(ID));
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
