package com.bnaura.quota;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every webhook delivery, and its check for the receiver.
 *
 * <p>A delivery carries the header {@value #HEADER}{@code : t=<unix seconds>,v1=<hex>}, where the
 * hex is HMAC-SHA256 under the webhook's secret of {@code <unix seconds>.<body>}. A receiver
 * recomputes it over the raw body, compares in constant time, and refuses a timestamp older than
 * its tolerance, so a captured delivery cannot be replayed later; it drops a repeat by the event
 * id ({@value #EVENT_ID_HEADER}, also the body's {@code id}).
 *
 * <pre>{@code
 * boolean genuine = WebhookSignature.verify(secret, request.header("Aura-Signature"),
 *     rawBody, clock.instant(), Duration.ofMinutes(5));
 * }</pre>
 */
public final class WebhookSignature {

  /** The header carrying the timestamp and signature. */
  public static final String HEADER = "Aura-Signature";

  /** The header carrying the event id. */
  public static final String EVENT_ID_HEADER = "Aura-Event-Id";

  /** The header carrying the event type's wire name. */
  public static final String EVENT_TYPE_HEADER = "Aura-Event-Type";

  private WebhookSignature() {}

  /** The {@value #HEADER} value for {@code body} sent at {@code at} under {@code secret}. */
  public static String header(String secret, Instant at, String body) {
    long seconds = at.getEpochSecond();
    return "t=" + seconds + ",v1=" + hmac(secret, seconds + "." + body);
  }

  /**
   * Whether {@code header} is a genuine signature of {@code body} under {@code secret}, made no
   * more than {@code tolerance} before or after {@code now}. Any malformed header is false.
   */
  public static boolean verify(String secret, String header, String body, Instant now,
      Duration tolerance) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(tolerance, "tolerance");
    if (header == null || header.length() > 200) {
      return false;
    }
    Long seconds = null;
    String signature = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        try {
          seconds = Long.parseLong(part.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (part.startsWith("v1=")) {
        signature = part.substring(3);
      }
    }
    if (seconds == null || signature == null) {
      return false;
    }
    long skew = Math.abs(now.getEpochSecond() - seconds);
    if (skew > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = hmac(secret, seconds + "." + body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
