package com.bnaura.quota.internal;

import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.Webhook;
import com.bnaura.quota.WebhookSignature;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** Where the dispatcher delivers events: a host listener or a webhook. */
interface EventSink {

  /** The name kept with each event this sink accepted. */
  String name();

  /** Whether it takes events of {@code type}; an event it does not take is done for it. */
  boolean receives(QuotaEventType type);

  /** The longest one delivery may take. */
  Duration timeout();

  /**
   * Delivers {@code event}; returning normally means it was accepted.
   *
   * @throws Exception if it was not, to be tried again
   */
  void deliver(QuotaEvent event) throws Exception;

  /** A host listener as a sink. */
  static EventSink listener(String name, QuotaEventListener listener) {
    return new EventSink() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean receives(QuotaEventType type) {
        return true;
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public void deliver(QuotaEvent event) throws Exception {
        listener.onEvent(event);
      }
    };
  }

  /**
   * A webhook as a sink: a signed POST of the event's JSON, accepted by a 2xx answer. Redirects
   * are not followed and the answer's body is not read.
   */
  static EventSink webhook(Webhook webhook, HttpClient http, Clock clock) {
    return new EventSink() {
      @Override
      public String name() {
        return webhook.name();
      }

      @Override
      public boolean receives(QuotaEventType type) {
        return webhook.receives(type);
      }

      @Override
      public Duration timeout() {
        return webhook.timeout();
      }

      @Override
      public void deliver(QuotaEvent event) throws IOException, InterruptedException {
        String body = event.json();
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
            .timeout(webhook.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "aura-quota-webhooks")
            .header(WebhookSignature.EVENT_ID_HEADER, event.id())
            .header(WebhookSignature.EVENT_TYPE_HEADER, event.type().wireName())
            .header(WebhookSignature.HEADER,
                WebhookSignature.header(webhook.secret(), clock.instant(), body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 200 || status > 299) {
          throw new IOException("HTTP " + status);
        }
      }
    };
  }
}
