package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.EventPage;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.WebhookSignature;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import org.assertj.core.api.InstanceOfAssertFactories;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The outbox as a host configures it: {@code QuotaEventListener} beans and the webhooks of {@code
 * bnaura.quota.events} receive the events, and the attempts, backoff, dispatch interval and
 * retention of the properties decide how hard and how long. On the in-memory store, which keeps
 * the outbox; the clock is the test's.
 */
final class QuotaEventsAutoConfigurationTest {

  private static final String SECRET = "whsec-0123456789abcdef";

  private final MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota())
      .withBean(Clock.class, () -> clock)
      .withPropertyValues("bnaura.quota.sweeper.enabled=false",
          "bnaura.quota.reconciliation.enabled=false");

  /** Dispatched by the test's own calls, not a background thread. */
  private final ApplicationContextRunner manual = runner
      .withPropertyValues("bnaura.quota.events.dispatch-every=0");

  private MockWebServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static void topUp(QuotaService quotas, String clinic, String key) {
    quotas.purchaseTopUp(TopUpRequest.pack(clinic, "pack-100", key));
  }

  private static List<QuotaEvent> events(QuotaService quotas, String clinic) {
    EventPage page = quotas.events(clinic, null, 100);
    return page.events();
  }

  @Test
  void aListenerBean_receivesTheEventUnderItsBeanName_onceDispatched() {
    List<QuotaEvent> received = new CopyOnWriteArrayList<>();
    manual.withBean("crm", QuotaEventListener.class, () -> received::add).run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      topUp(quotas, "clinic-1", "pay-1");

      List<QuotaEvent> before = events(quotas, "clinic-1");
      List<QuotaEvent> receivedBefore = List.copyOf(received);
      int claimed = quotas.dispatchEvents(10);
      List<QuotaEvent> after = events(quotas, "clinic-1");

      assertThat(before).extracting(QuotaEvent::state).containsExactly(DeliveryState.PENDING);
      assertThat(receivedBefore).as("nothing runs on its own with dispatch-every=0").isEmpty();
      assertThat(claimed).isEqualTo(1);
      assertThat(received).hasSize(1);
      assertThat(received.get(0).type()).isEqualTo(QuotaEventType.TOPPED_UP);
      assertThat(received.get(0).id()).isEqualTo(before.get(0).id());
      assertThat(after).extracting(QuotaEvent::state).containsExactly(DeliveryState.DELIVERED);
    });
  }

  @Test
  void byDefault_theDispatcherThreadDeliversWithoutBeingCalled() {
    CountDownLatch delivered = new CountDownLatch(1);
    runner.withBean("notifier", QuotaEventListener.class, () -> e -> delivered.countDown())
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          topUp(quotas, "clinic-1", "pay-1");

          assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        });
  }

  @Test
  void aWebhook_getsTheEventSigned_andOneForOtherTypesGetsNothing() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    manual.withPropertyValues(
        "bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=" + server.url("/hooks/quota"),
        "bnaura.quota.events.webhooks[0].secret=" + SECRET,
        "bnaura.quota.events.webhooks[0].types=top_up.completed,ALERT",
        "bnaura.quota.events.webhooks[0].timeout=5s",
        "bnaura.quota.events.webhooks[1].name=alerts-only",
        "bnaura.quota.events.webhooks[1].url=" + server.url("/hooks/alerts"),
        "bnaura.quota.events.webhooks[1].secret=" + SECRET + "-2",
        "bnaura.quota.events.webhooks[1].types=alert").run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          topUp(quotas, "clinic-1", "pay-1");

          quotas.dispatchEvents(10);

          RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
          assertThat(request).isNotNull();
          String body = request.getBody().utf8();
          QuotaEvent event = events(quotas, "clinic-1").get(0);
          assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/quota");
          assertThat(request.getHeaders().get(WebhookSignature.EVENT_TYPE_HEADER))
              .isEqualTo("top_up.completed");
          assertThat(request.getHeaders().get(WebhookSignature.EVENT_ID_HEADER))
              .isEqualTo(event.id());
          assertThat(WebhookSignature.verify(SECRET,
              request.getHeaders().get(WebhookSignature.HEADER), body, clock.instant(),
              Duration.ofMinutes(5))).isTrue();
          assertThat(WebhookSignature.verify(SECRET + "-2",
              request.getHeaders().get(WebhookSignature.HEADER), body, clock.instant(),
              Duration.ofMinutes(5))).as("signed with its own webhook's secret").isFalse();
          assertThat(event.state()).isEqualTo(DeliveryState.DELIVERED);
          assertThat(server.getRequestCount()).as("the alerts-only webhook got nothing")
              .isEqualTo(1);
        });
  }

  @Test
  void maxAttemptsAndBackoff_fromProperties_makeAFailingEventDead_andRedeliveryRevivesIt() {
    AtomicBoolean failing = new AtomicBoolean(true);
    List<QuotaEvent> received = new CopyOnWriteArrayList<>();
    manual.withPropertyValues("bnaura.quota.events.max-attempts=2",
            "bnaura.quota.events.first-retry=1m", "bnaura.quota.events.max-retry=1m",
            "management.endpoints.web.exposure.include=quota")
        .withBean("crm", QuotaEventListener.class, () -> e -> {
          if (failing.get()) {
            throw new IllegalStateException("crm is down");
          }
          received.add(e);
        }).run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          QuotaHealthIndicator health = context.getBean(QuotaHealthIndicator.class);
          QuotaEndpoint endpoint = context.getBean(QuotaEndpoint.class);
          register(quotas, "clinic-1", "starter");
          topUp(quotas, "clinic-1", "pay-1");

          int first = quotas.dispatchEvents(10);
          clock.advance(Duration.ofSeconds(59));
          int tooEarly = quotas.dispatchEvents(10);
          clock.advance(Duration.ofSeconds(1));
          int second = quotas.dispatchEvents(10);

          assertThat(List.of(first, tooEarly, second)).containsExactly(1, 0, 1);
          List<QuotaEvent> dead = quotas.deadEvents(10);
          assertThat(dead).singleElement().satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.lastError()).hasValueSatisfying(error ->
                assertThat(error).contains("crm", "crm is down"));
          });
          assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
          assertThat(health.health().getDetails()).containsEntry("deadEvents", 1);
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> listed = (List<Map<String, Object>>)
              endpoint.deadEvents("events", "dead", null).get("events");
          assertThat(listed).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("id", dead.get(0).id())
                .containsEntry("type", "top_up.completed").containsEntry("state", "DEAD")
                .containsEntry("attempts", 2);
            assertThat(e.get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("units", "100.000");
          });

          failing.set(false);
          Map<String, Object> revived = endpoint.redeliverEvent("events",
              dead.get(0).id());
          Map<String, Object> again = endpoint.redeliverEvent("events",
              dead.get(0).id());
          quotas.dispatchEvents(10);

          assertThat(revived).containsEntry("redelivered", true);
          assertThat(again).as("no longer dead").containsEntry("redelivered", false);
          assertThat(received).extracting(QuotaEvent::id).containsExactly(dead.get(0).id());
          assertThat(quotas.deadEvents(10)).isEmpty();
          assertThat(health.health().getDetails()).containsEntry("deadEvents", 0);
        });
  }

  @Test
  void moreDeadEventsThanTheHealthCounts_areShownAsOneHundredPlus() {
    manual.withPropertyValues("bnaura.quota.events.max-attempts=1")
        .withBean("crm", QuotaEventListener.class, () -> e -> {
          throw new IllegalStateException("down");
        }).run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          for (int i = 0; i <= QuotaHealthIndicator.DEAD_EVENTS_LIMIT; i++) {
            topUp(quotas, "clinic-1", "pay-" + i);
          }

          quotas.dispatchEvents(1000);

          assertThat(quotas.deadEvents(1000)).hasSize(QuotaHealthIndicator.DEAD_EVENTS_LIMIT + 1);
          assertThat(context.getBean(QuotaHealthIndicator.class).health().getDetails())
              .containsEntry("deadEvents", "100+");
        });
  }

  @Test
  void retention_fromProperties_decidesHowLongDeliveredEventsStayReadable() {
    manual.withPropertyValues("bnaura.quota.events.retention=1d")
        .withBean("crm", QuotaEventListener.class, () -> e -> { })
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          topUp(quotas, "clinic-1", "pay-1");
          quotas.dispatchEvents(10);
          clock.advance(Duration.ofHours(23));
          quotas.dispatchEvents(10);
          List<QuotaEvent> withinADay = events(quotas, "clinic-1");

          clock.advance(Duration.ofHours(2));
          quotas.dispatchEvents(10);

          assertThat(withinADay).hasSize(1);
          assertThat(events(quotas, "clinic-1")).isEmpty();
        });
  }

  @Test
  void withoutListenerOrWebhook_eventsAreWrittenAndReadable_butNoneIsDelivered() {
    runner.run(context -> {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      topUp(quotas, "clinic-1", "pay-1");

      assertThat(quotas.dispatchEvents(10)).isZero();
      assertThat(events(quotas, "clinic-1")).extracting(QuotaEvent::state)
          .containsExactly(DeliveryState.PENDING);
    });
  }

  @Test
  void theEndpoint_refusesALimitOutOfRange_andAnswersNothingForAnotherPath() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=quota")
        .run(context -> {
          QuotaEndpoint endpoint = context.getBean(QuotaEndpoint.class);

          assertThat(endpoint.deadEvents("events", "pending", null)).isNull();
          assertThat(endpoint.deadEvents("clinics", "dead", null)).isNull();
          assertThatThrownBy(() ->
                  endpoint.deadEvents("events", "dead", 0))
              .isInstanceOf(InvalidEndpointRequestException.class);
          assertThatThrownBy(() ->
                  endpoint.redeliverEvent("events", "x".repeat(65)))
              .isInstanceOf(InvalidEndpointRequestException.class);
          assertThat(endpoint.redeliverEvent("events", "no-such-event"))
              .containsEntry("redelivered", false);
        });
  }
}
