package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.EventPage;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.Webhook;
import com.bnaura.quota.WebhookSignature;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.QuotaStore;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the outbox, on any store: the events a change tells of are written with it (and
 * not by a replay or a refusal), read back by cursor in the order the clinic's changes committed,
 * delivered to every sink at least once, retried with backoff and given up as dead after the last
 * attempt, held through the clinic's quiet hours when they are non-critical alerts, signed when
 * posted to a webhook, and delivered once across several instances sharing the store.
 *
 * <p>The clinic is on {@code starter} (100 monthly units, {@code BLOCK}): 91 units used is a
 * {@code WARNING} (under 10 % left), 96 {@code CRITICAL}, 100 {@code EXHAUSTED}.
 */
public abstract class OutboxContract {
  private static final String CLINIC = "outbox-clinic";
  /** 10 January 2026, 10:00 in Bangkok. */
  private static final Instant START = Instant.parse("2026-01-10T03:00:00Z");

  private MutableClock clock;
  private QuotaStore store;
  private final List<QuotaService> services = new ArrayList<>();
  private final AtomicInteger keys = new AtomicInteger();

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpOutbox() {
    clock = MutableClock.at(START);
    store = newStore();
  }

  @AfterEach
  void closeServices() {
    services.forEach(QuotaService::close);
  }

  /** A service with the given sinks, whose dispatcher runs only when the test calls it. */
  private QuotaService service(QuotaService.Builder builder) {
    QuotaService quotas = builder.store(store).clock(clock).dispatchEvery(Duration.ZERO).build();
    services.add(quotas);
    return quotas;
  }

  private QuotaService registered(QuotaService.Builder builder) {
    QuotaService quotas = service(builder);
    assertThat(quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build())).isInstanceOf(Registered.class);
    return quotas;
  }

  private String consume(QuotaService quotas, long units) {
    String key = "k-" + keys.incrementAndGet();
    quotas.consumeOrThrow(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, key)
        .quantity(units).build());
    return key;
  }

  private List<QuotaEvent> all(QuotaService quotas) {
    return quotas.events(CLINIC, null, 1_000).events();
  }

  private static List<QuotaEventType> types(List<QuotaEvent> events) {
    return events.stream().map(QuotaEvent::type).toList();
  }

  @Test
  public void anAlertIsWrittenWithTheChargeThatCrossedIt_andNotAgainByItsReplay() {
    QuotaService quotas = registered(QuotaService.builder());
    consume(quotas, 50);
    assertThat(all(quotas)).as("no level reached yet").isEmpty();

    UsageRequest crossing = UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "cross")
        .quantity(41).build();
    quotas.consumeOrThrow(crossing);
    quotas.consumeOrThrow(crossing); // the same request again: a replay

    List<QuotaEvent> events = all(quotas);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(QuotaEventType.ALERT);
      assertThat(e.clinic().value()).isEqualTo(CLINIC);
      assertThat(e.critical()).isFalse();
      assertThat(e.occurredAt()).isEqualTo(START);
      assertThat(e.deliverAfter()).isEqualTo(START);
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(e.attempts()).isZero();
      assertThat(e.data()).contains("\"level\":\"WARNING\"").contains("\"remaining\":\"9.000\"")
          .contains("\"percentRemaining\":\"9");
      assertThat(e.json()).startsWith("{\"id\":\"" + e.id() + "\",\"type\":\"alert\"")
          .contains("\"clinicId\":\"" + CLINIC + "\"").contains("\"data\":{\"level\"");
    });
    assertThat(all(quotas).get(0).id()).as("the id is stored, not made up on each read")
        .isEqualTo(events.get(0).id());
  }

  @Test
  public void aRefusedChargeWritesNoEvent() {
    QuotaService quotas = registered(QuotaService.builder());
    consume(quotas, 100); // WARNING, CRITICAL and EXHAUSTED at once
    int before = all(quotas).size();

    assertThat(quotas.tryConsume(UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS,
        "over").quantity(1).build())).isInstanceOf(Refused.class);

    assertThat(before).isEqualTo(3);
    assertThat(all(quotas)).hasSize(3);
    assertThat(all(quotas)).allSatisfy(e -> assertThat(e.type()).isEqualTo(QuotaEventType.ALERT));
    assertThat(all(quotas)).extracting(QuotaEvent::critical).containsExactly(false, true, true);
  }

  @Test
  public void everyKindOfChangeIsWritten_inTheOrderTheChangesCommitted() {
    QuotaService quotas = registered(QuotaService.builder());
    String charge = consume(quotas, 95); // WARNING
    quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-1")); // recovery
    assertThat(quotas.reverseCharge(new ReverseChargeRequest(CLINIC, charge, "refund-1",
        ReversalKind.REFUND, Units.of(5), null))).isNotInstanceOf(Refused.class);
    assertThat(quotas.changePlan(PlanChangeRequest.of(CLINIC, "professional", "plan-1")))
        .isNotInstanceOf(Refused.class);
    clock.set("2026-02-01T03:00:00Z"); // into February: the next write resets the period
    consume(quotas, 1);

    List<QuotaEvent> events = all(quotas);
    assertThat(types(events)).containsExactly(QuotaEventType.ALERT,
        QuotaEventType.TOPPED_UP, QuotaEventType.ALERT_RECOVERED, QuotaEventType.CHARGE_REVERSED,
        QuotaEventType.PLAN_CHANGED, QuotaEventType.PERIOD_RESET);
    assertThat(events.get(1).data()).contains("\"pack\":\"pack-100\"")
        .contains("\"totalCost\":{\"amount\":\"4800.00\",\"currency\":\"THB\"}");
    assertThat(events.get(3).data()).contains("\"kind\":\"REFUND\"")
        .contains("\"chargeKey\":\"" + charge + "\"");
    assertThat(events).extracting(QuotaEvent::id).doesNotHaveDuplicates();
  }

  @Test
  public void autoTopUpOutcomesAreWritten_aFailureAsCritical() {
    QuotaService quotas = registered(QuotaService.builder()
        .paymentGateway(FakePaymentGateway.twoStep().declining("card_declined")));
    assertThat(quotas.configureAutoTopUp(CLINIC, AutoTopUp.whenUnitsLeft(20).buyPack("pack-100")
        .ceiling(Money.of("20000", Money.THB)), "settings")).isNotInstanceOf(Refused.class);

    consume(quotas, 80); // 20 left: the crossing requests a payment, which the gateway declines
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (store.payments(ClinicId.of(CLINIC)).stream()
        .noneMatch(p -> p.state() == PaymentState.FAILED)) {
      assertThat(System.nanoTime()).as("the payment fails").isLessThan(deadline);
      quotas.resumePayments(10);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }

    List<QuotaEvent> events = all(quotas);
    assertThat(types(events)).containsExactly(QuotaEventType.AUTO_TOP_UP_REQUESTED,
        QuotaEventType.AUTO_TOP_UP_FAILED);
    assertThat(events.get(0).critical()).isFalse();
    assertThat(events.get(1).critical()).isTrue();
    assertThat(events.get(1).data()).contains("card_declined")
        .contains("\"amount\":{\"amount\":\"4800.00\",\"currency\":\"THB\"}");
  }

  @Test
  public void aCursorReadsEachEventOnce_pageByPage() {
    QuotaService quotas = registered(QuotaService.builder());
    consume(quotas, 100); // three alerts in one write
    quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-1"));
    quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-2"));
    List<QuotaEvent> all = all(quotas);

    List<QuotaEvent> read = new ArrayList<>();
    String cursor = null;
    List<Boolean> more = new ArrayList<>();
    for (int page = 0; page < 10; page++) {
      EventPage p = quotas.events(CLINIC, cursor, 2);
      read.addAll(p.events());
      more.add(p.more());
      cursor = p.next();
      if (!p.more()) {
        break;
      }
    }

    assertThat(read).extracting(QuotaEvent::id)
        .containsExactlyElementsOf(all.stream().map(QuotaEvent::id).toList());
    assertThat(read.size()).isGreaterThanOrEqualTo(6);
    assertThat(more.get(more.size() - 1)).isFalse();
    assertThat(read.get(0).position()).endsWith(".0");
    assertThat(read.get(1).position()).isEqualTo(read.get(0).position().replace(".0", ".1"));
    EventPage after = quotas.events(CLINIC, cursor, 2);
    assertThat(after.events()).isEmpty();
    assertThat(after.next()).isEqualTo(cursor);
  }

  @Test
  public void theLatestEventsOfSomeTypes_newestFirst() {
    QuotaService quotas = registered(QuotaService.builder());
    consume(quotas, 100); // WARNING, CRITICAL, EXHAUSTED in one write
    for (int i = 0; i < 3; i++) {
      quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-" + i));
    }
    List<QuotaEvent> all = all(quotas); // 3 alerts, then top-up + recovery, then 2 top-ups

    List<QuotaEvent> alerts = quotas.latestEvents(CLINIC,
        Set.of(QuotaEventType.ALERT, QuotaEventType.ALERT_RECOVERED), 3);
    assertThat(alerts).extracting(QuotaEvent::type).containsExactly(
        QuotaEventType.ALERT_RECOVERED, QuotaEventType.ALERT, QuotaEventType.ALERT);
    assertThat(alerts.get(1).data()).contains("EXHAUSTED");
    assertThat(quotas.latestEvents(CLINIC, Set.of(), 2)).extracting(QuotaEvent::id)
        .containsExactly(all.get(all.size() - 1).id(), all.get(all.size() - 2).id());
    assertThat(quotas.latestEvents(CLINIC, Set.of(QuotaEventType.PLAN_CHANGED), 5)).isEmpty();
    assertThatThrownBy(() -> quotas.latestEvents(CLINIC, Set.of(), 0))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> quotas.latestEvents(CLINIC, null, 5))
        .hasMessageContaining("types");
  }

  @Test
  public void badCursorsAndLimits_areRefusedByName() {
    QuotaService quotas = registered(QuotaService.builder());
    assertThatThrownBy(() -> quotas.events(CLINIC, "x".repeat(10_000), 10))
        .isInstanceOfSatisfying(QuotaRefusedException.class, e -> {
          assertThat(e.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("after");
        });
    assertThatThrownBy(() -> quotas.events(CLINIC, "1.2.3", 10)).hasMessageContaining("after");
    assertThatThrownBy(() -> quotas.events(CLINIC, null, 0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> quotas.events(CLINIC, null, 1_001)).hasMessageContaining("limit");
    assertThatThrownBy(() -> quotas.dispatchEvents(0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> quotas.deadEvents(0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> quotas.redeliverEvent("e".repeat(65)))
        .hasMessageContaining("eventId");
    assertThat(quotas.redeliverEvent("no-such-event")).isFalse();
  }

  @Test
  public void aListenerHearsEachEventOnce_andTheEventIsSettledDelivered() {
    List<QuotaEvent> heard = new CopyOnWriteArrayList<>();
    QuotaService quotas = registered(QuotaService.builder().eventListener("owner-app", heard::add));
    consume(quotas, 91);

    assertThat(quotas.dispatchEvents(100)).isEqualTo(1);
    assertThat(quotas.dispatchEvents(100)).as("nothing left due").isZero();

    assertThat(heard).singleElement().satisfies(e ->
        assertThat(e.type()).isEqualTo(QuotaEventType.ALERT));
    assertThat(all(quotas)).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.lastError()).isEmpty();
    });
  }

  @Test
  public void theServicesOwnDispatcherThreadDeliversRightAfterTheWrite() throws Exception {
    CountDownLatch delivered = new CountDownLatch(1);
    QuotaService quotas = QuotaService.builder().store(store).clock(clock)
        .eventListener("owner-app", e -> delivered.countDown())
        .dispatchEvery(Duration.ofHours(1)) // only the write's own nudge can deliver in time
        .build();
    services.add(quotas);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());

    consume(quotas, 91);

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  public void aFailingSinkIsRetriedWithBackoff_thenDead_andRedeliveredByHand() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failFirst = new AtomicInteger(3);
    QuotaEventListener flaky = e -> {
      calls.incrementAndGet();
      if (failFirst.getAndDecrement() > 0) {
        throw new IllegalStateException("receiver down");
      }
    };
    QuotaService quotas = registered(QuotaService.builder().eventListener("flaky", flaky)
        .eventRetries(3, Duration.ofSeconds(10), Duration.ofMinutes(1)));
    consume(quotas, 91);

    quotas.dispatchEvents(10);
    QuotaEvent once = all(quotas).get(0);
    assertThat(once.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.lastError()).hasValueSatisfying(error ->
        assertThat(error).contains("flaky").contains("receiver down"));
    assertThat(quotas.dispatchEvents(10)).as("not due before its backoff").isZero();

    clock.advance(Duration.ofSeconds(10));
    assertThat(quotas.dispatchEvents(10)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(19));
    assertThat(quotas.dispatchEvents(10)).as("the second wait doubles to 20 s").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(quotas.dispatchEvents(10)).isEqualTo(1);

    assertThat(calls.get()).isEqualTo(3);
    assertThat(quotas.deadEvents(10)).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(once.id());
      assertThat(e.state()).isEqualTo(DeliveryState.DEAD);
      assertThat(e.attempts()).isEqualTo(3);
    });
    clock.advance(Duration.ofHours(1));
    assertThat(quotas.dispatchEvents(10)).as("a dead event is not tried again").isZero();

    assertThat(quotas.redeliverEvent(once.id())).isTrue();
    assertThat(quotas.redeliverEvent(once.id())).as("no longer dead").isFalse();
    assertThat(quotas.dispatchEvents(10)).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(4);
    assertThat(quotas.deadEvents(10)).isEmpty();
    assertThat(all(quotas).get(0).state()).isEqualTo(DeliveryState.DELIVERED);
  }

  @Test
  public void aSinkThatAcceptedIsNotSentTheEventAgain_whenAnotherSinkFailed() {
    List<String> accepted = new CopyOnWriteArrayList<>();
    AtomicInteger flakyCalls = new AtomicInteger();
    QuotaService quotas = registered(QuotaService.builder()
        .eventListener("steady", e -> accepted.add(e.id()))
        .eventListener("flaky", e -> {
          if (flakyCalls.incrementAndGet() == 1) {
            throw new IOException("timeout");
          }
        }));
    consume(quotas, 91);

    quotas.dispatchEvents(10);
    clock.advance(Duration.ofSeconds(10));
    quotas.dispatchEvents(10);

    assertThat(accepted).hasSize(1);
    assertThat(flakyCalls.get()).isEqualTo(2);
    assertThat(all(quotas).get(0).state()).isEqualTo(DeliveryState.DELIVERED);
  }

  @Test
  public void quietHoursHoldAWarningUntilOpening_butNotAnExhaustedBalance() {
    List<QuotaEvent> heard = new CopyOnWriteArrayList<>();
    QuotaService quotas = registered(QuotaService.builder().eventListener("owner-app", heard::add));
    assertThat(quotas.setQuietHours(CLINIC, "20:00-08:00")).isInstanceOf(Registered.class);
    assertThat(quotas.quietHours(CLINIC)).hasValueSatisfying(q ->
        assertThat(q).hasToString("20:00-08:00"));
    clock.set("2026-01-10T16:00:00Z"); // 23:00 in Bangkok

    consume(quotas, 91); // WARNING: held
    consume(quotas, 9); // CRITICAL and EXHAUSTED: not held
    List<QuotaEvent> events = all(quotas);
    Instant opening = Instant.parse("2026-01-11T01:00:00Z"); // 08:00 in Bangkok
    assertThat(events).extracting(QuotaEvent::deliverAfter)
        .containsExactly(opening, clock.instant(), clock.instant());

    quotas.dispatchEvents(10);
    assertThat(heard).extracting(QuotaEvent::critical).containsExactly(true, true);
    clock.set("2026-01-11T00:59:59Z");
    assertThat(quotas.dispatchEvents(10)).isZero();
    clock.set(opening);
    assertThat(quotas.dispatchEvents(10)).isEqualTo(1);
    assertThat(heard).hasSize(3);
    assertThat(heard.get(2).data()).contains("WARNING");
  }

  @Test
  public void badQuietHours_areRefusedByName_andChangeNothing() {
    QuotaService quotas = registered(QuotaService.builder());
    quotas.setQuietHours(CLINIC, "21:30-07:00");
    for (String bad : List.of("25:00-08:00", "08:00-08:00", "8-9", "x".repeat(5_000))) {
      assertThat(quotas.setQuietHours(CLINIC, bad)).as(bad.length() > 20 ? "long" : bad)
          .isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
            assertThat(r.message()).contains("quietHours");
          });
    }
    assertThat(quotas.quietHours(CLINIC)).hasValueSatisfying(q ->
        assertThat(q).hasToString("21:30-07:00"));
    assertThat(quotas.setQuietHours("no-such-clinic", "20:00-08:00"))
        .isInstanceOfSatisfying(Refused.class, r ->
            assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    quotas.setQuietHours(CLINIC, null);
    assertThat(quotas.quietHours(CLINIC)).isEmpty();
  }

  @Test
  public void severalInstancesDeliverEachEventOnce_oneDispatcherActiveAtATime() throws Exception {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    QuotaEventListener count = e ->
        deliveries.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet();
    QuotaService first = registered(QuotaService.builder().eventListener("owner-app", count));
    QuotaService second = service(QuotaService.builder().eventListener("owner-app", count));
    for (int i = 0; i < 12; i++) {
      first.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-" + i));
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> claimed = new ArrayList<>();
    try {
      for (QuotaService quotas : List.of(first, second, first, second)) {
        claimed.add(pool.submit(() -> {
          go.await();
          int n = 0;
          for (int round = 0; round < 20; round++) {
            n += quotas.dispatchEvents(3);
          }
          return n;
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : claimed) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(12);
    } finally {
      pool.shutdownNow();
    }
    assertThat(deliveries).hasSize(12);
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(second.dispatchEvents(10)).as("the lease is the first instance's while it lasts")
        .isZero();
  }

  @Test
  public void aDispatcherThatDiedWithEventsInHand_isTakenOverOnceItsLeaseEnds() {
    List<QuotaEvent> heard = new CopyOnWriteArrayList<>();
    QuotaService quotas = registered(QuotaService.builder().eventListener("owner-app", heard::add)
        .eventLease(Duration.ofSeconds(5)));
    consume(quotas, 100);
    // a dispatcher of another instance took the lease and the events, then was killed
    Instant now = clock.instant();
    assertThat(store.holdLease("aura-quota-events", "killed-instance", now,
        now.plusSeconds(5))).isTrue();
    assertThat(store.claimEvents(now, now.plusSeconds(5), 100)).hasSize(3);

    assertThat(quotas.dispatchEvents(10)).as("the lease is still the dead one's").isZero();
    clock.advance(Duration.ofSeconds(4));
    assertThat(quotas.dispatchEvents(10)).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(quotas.dispatchEvents(10)).isEqualTo(3);

    assertThat(heard).hasSize(3);
    assertThat(all(quotas)).allSatisfy(e ->
        assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
  }

  @Test
  public void aWebhookGetsASignedPost_andAFailedAnswerIsRetried() throws Exception {
    String secret = "whsec-0123456789abcdef";
    List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
    AtomicInteger answers = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/hooks/quota", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        Map<String, String> post = new HashMap<>();
        post.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        post.put("signature", exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
        post.put("id", exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER));
        post.put("type", exchange.getRequestHeaders().getFirst(
            WebhookSignature.EVENT_TYPE_HEADER));
        posts.add(post);
      }
      int status = answers.incrementAndGet() == 1 ? 503 : 204;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/quota";
      QuotaService quotas = registered(QuotaService.builder()
          .webhook(Webhook.of("clinic-crm", url, secret)));
      consume(quotas, 91);

      quotas.dispatchEvents(10);
      assertThat(all(quotas).get(0).lastError()).hasValueSatisfying(e ->
          assertThat(e).contains("clinic-crm").contains("503"));
      clock.advance(Duration.ofSeconds(10));
      quotas.dispatchEvents(10);

      QuotaEvent event = all(quotas).get(0);
      assertThat(event.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(posts).hasSize(2);
      assertThat(posts).allSatisfy(p -> {
        assertThat(p.get("id")).isEqualTo(event.id());
        assertThat(p.get("type")).isEqualTo("alert");
        assertThat(p.get("body")).isEqualTo(event.json());
        assertThat(WebhookSignature.verify(secret, p.get("signature"), p.get("body"),
            clock.instant(), Duration.ofMinutes(5))).isTrue();
        assertThat(WebhookSignature.verify("another-secret-0123", p.get("signature"),
            p.get("body"), clock.instant(), Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify(secret, p.get("signature"),
            p.get("body").replace("WARNING", "EXHAUSTED"), clock.instant(),
            Duration.ofMinutes(5))).isFalse();
      });
      assertThat(WebhookSignature.verify(secret, posts.get(1).get("signature"),
          posts.get(1).get("body"), clock.instant().plus(Duration.ofMinutes(6)),
          Duration.ofMinutes(5))).as("too old to be a fresh delivery").isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  public void aWebhookReceivesOnlyTheTypesItAskedFor() throws Exception {
    List<String> types = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/", exchange -> {
      types.add(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_TYPE_HEADER));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      QuotaService quotas = registered(QuotaService.builder()
          .webhook(Webhook.of("billing", url, "whsec-0123456789abcdef")
              .onlyFor(Set.of(QuotaEventType.TOPPED_UP))));
      consume(quotas, 91);
      quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "buy-1"));

      assertThat(quotas.dispatchEvents(10)).isEqualTo(3);
      assertThat(types).containsExactly("top_up.completed");
      assertThat(all(quotas)).allSatisfy(e ->
          assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
    } finally {
      server.stop(0);
    }
  }
}
