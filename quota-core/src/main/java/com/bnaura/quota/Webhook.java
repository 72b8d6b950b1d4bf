package com.bnaura.quota;

import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.spi.EventRecord;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP endpoint the outbox's events are posted to, each as its {@link QuotaEvent#json()} with
 * the headers of {@link WebhookSignature}. A 2xx answer within {@link #timeout()} delivers the
 * event to this webhook; anything else is retried with backoff.
 *
 * @param name the webhook's name, kept with each event it has accepted (letters, digits and
 *     {@code . _ : -}, up to 64)
 * @param url where to post: an absolute http or https URL
 * @param secret the HMAC-SHA256 key deliveries are signed with, at least 16 characters
 * @param types the event types it receives; empty receives every type
 * @param timeout how long one delivery may take, 1 to 60 seconds
 */
public record Webhook(String name, URI url, String secret, Set<QuotaEventType> types,
    Duration timeout) {

  /** The timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates and copies.
   *
   * @throws InvalidArgumentException naming the field that is missing or out of range
   */
  public Webhook {
    if (name == null || !EventRecord.SINK_NAME.matcher(name).matches()) {
      throw new InvalidArgumentException("name",
          "letters, digits and . _ : - only, 1 to 64 characters");
    }
    if (url == null || !url.isAbsolute() || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new InvalidArgumentException("url", "must be an absolute http or https URL");
    }
    if (secret == null || secret.length() < 16 || secret.length() > 512) {
      throw new InvalidArgumentException("secret", "must have 16 to 512 characters");
    }
    types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new InvalidArgumentException("timeout", "must be 1 to 60 seconds");
    }
  }

  /** A webhook receiving every event type, with the default timeout. */
  public static Webhook of(String name, String url, String secret) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNullElse(url, ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("url", "not a URL");
    }
    return new Webhook(name, uri, secret, Set.of(), DEFAULT_TIMEOUT);
  }

  /** This webhook receiving only {@code types}. */
  public Webhook onlyFor(Set<QuotaEventType> only) {
    return new Webhook(name, url, secret, only, timeout);
  }

  /** Whether it receives events of {@code type}. */
  public boolean receives(QuotaEventType type) {
    return types.isEmpty() || types.contains(type);
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return "Webhook[" + name + " " + url + (types.isEmpty() ? "" : " " + types) + "]";
  }
}
