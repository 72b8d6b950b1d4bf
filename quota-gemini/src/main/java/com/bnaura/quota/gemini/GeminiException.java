package com.bnaura.quota.gemini;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Gemini call that failed: an HTTP error that was final or outlasted its retries, a timeout, a
 * network failure, a blocked prompt, or an answer that is not what was asked for.
 *
 * <p>The message says what failed and why, names the model and the attempts, and never contains
 * the API key or the prompt. When the quota-enforced analyzer throws it, the reservation has been
 * released: nothing was charged.
 *
 * <pre>{@code
 * try {
 *   analyzer.analyze(request);
 * } catch (GeminiException e) {
 *   if (e.retryAfter().isPresent()) {
 *     return ResponseEntity.status(503)
 *         .header("Retry-After", String.valueOf(e.retryAfter().get().toSeconds())).build();
 *   }
 *   return ResponseEntity.status(502).body(e.getMessage());
 * }
 * }</pre>
 */
public final class GeminiException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a Gemini call failed. */
  public enum Reason {
    /** Gemini refused the request itself (400, 401, 403, 404 and other final 4xx). */
    CLIENT_ERROR,
    /** Gemini kept answering 429 (rate or quota per minute) until the retries ran out. */
    RATE_LIMITED,
    /** Google's per-day quota of the project is used up; retrying today is pointless. */
    DAILY_QUOTA_EXHAUSTED,
    /** Gemini kept failing with 5xx (or 408) until the retries ran out. */
    SERVER_ERROR,
    /** The call timed out (connect, read, write or the whole call), retries included. */
    TIMEOUT,
    /** The connection failed on every attempt. */
    NETWORK,
    /** Gemini blocked the prompt or the answer (safety, recitation) and gave no text. */
    BLOCKED,
    /** The answer is not a well-formed response, or not the JSON the schema asked for. */
    MALFORMED_RESPONSE,
    /** The calling thread was interrupted while waiting to retry. */
    INTERRUPTED,
    /**
     * The circuit breaker is open after recent outages: no request was sent, and the analyzer
     * released the reservation at once.
     */
    CIRCUIT_OPEN
  }

  private final Reason reason;
  private final String model;
  private final int httpStatus;
  private final int attempts;
  private final Duration retryAfter;

  GeminiException(Reason reason, String model, int httpStatus, int attempts,
      Optional<Duration> retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.model = Objects.requireNonNull(model, "model");
    this.httpStatus = httpStatus;
    this.attempts = attempts;
    this.retryAfter = retryAfter.orElse(null);
  }

  /**
   * A failure of a model call for a {@link GenerativeModel} other than {@link GeminiClient}, such
   * as one over the Google Gen AI SDK or Spring AI.
   *
   * @param reason why it failed; {@link #isOutage()} follows from it
   * @param model the model that was called
   * @param message what failed; it must not hold the API key or the prompt
   * @param cause the underlying failure, or {@code null}
   */
  public static GeminiException of(Reason reason, String model, String message, Throwable cause) {
    return new GeminiException(reason, model, 0, 1, Optional.empty(), message, cause);
  }

  /** A call refused by an open circuit breaker, with its wait as {@code retryAfter}. */
  static GeminiException open(String model, Optional<Duration> retryAfter, String message,
      Throwable cause) {
    return new GeminiException(Reason.CIRCUIT_OPEN, model, 0, 0, retryAfter, message, cause);
  }

  /**
   * Whether this failure says the model's service is unavailable ({@code SERVER_ERROR}, {@code
   * TIMEOUT}, {@code NETWORK}, {@code RATE_LIMITED}, {@code DAILY_QUOTA_EXHAUSTED}): the failures
   * the default circuit breaker counts. A refused request, a blocked prompt or a malformed answer
   * came from a working service and is not an outage.
   */
  public boolean isOutage() {
    return switch (reason) {
      case SERVER_ERROR, TIMEOUT, NETWORK, RATE_LIMITED, DAILY_QUOTA_EXHAUSTED -> true;
      case CLIENT_ERROR, BLOCKED, MALFORMED_RESPONSE, INTERRUPTED, CIRCUIT_OPEN -> false;
    };
  }

  /** Why the call failed. */
  public Reason reason() {
    return reason;
  }

  /** The model that was called. */
  public String model() {
    return model;
  }

  /** The HTTP status of the last answer, or 0 if there was none (timeout, network). */
  public int httpStatus() {
    return httpStatus;
  }

  /** How many HTTP requests were made. */
  public int attempts() {
    return attempts;
  }

  /**
   * How long Gemini asked to wait before trying again, when it said so and the wait was longer
   * than the client sits through; a caller can pass it on as {@code Retry-After}.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
