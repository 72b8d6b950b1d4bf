package com.bnaura.quota.gemini;

import com.bnaura.quota.gemini.GeminiException.Reason;
import com.bnaura.quota.gemini.internal.ApiKeys;
import com.bnaura.quota.gemini.internal.Endpoints;
import com.bnaura.quota.gemini.internal.GeminiJson;
import com.bnaura.quota.gemini.internal.GeminiJson.Answer;
import com.bnaura.quota.gemini.internal.GeminiJson.ApiError;
import com.bnaura.quota.gemini.internal.MalformedAnswerException;
import com.bnaura.quota.gemini.internal.Redaction;
import com.bnaura.quota.gemini.internal.RetryPolicy;
import com.bnaura.quota.gemini.internal.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin client for Gemini's {@code generateContent} REST endpoint, with retries.
 *
 * <pre>{@code
 * GeminiClient gemini = GeminiClient.builder()
 *     .apiKeyFromEnvironment()             // GOOGLE_AI_API_KEY, GEMINI_API_KEY, GOOGLE_API_KEY
 *     .httpClient(sharedOkHttpClient)      // optional: derived with newBuilder(), pool shared
 *     .build();
 * GenerateResponse answer = gemini.generateContent(
 *     GenerateRequest.builder("gemini-3.8-flash").text("Hello").build());
 * }</pre>
 *
 * <p>The API key travels only in the {@code x-goog-api-key} header: never in a URL, never in a log
 * line, never in a {@code toString} or an exception message. (If the host's {@code OkHttpClient}
 * carries an {@code HttpLoggingInterceptor} at {@code HEADERS} level or above, call its {@code
 * redactHeader("x-goog-api-key")}.) Prompts and answers are not logged either: they carry health
 * data.
 *
 * <p>A call is retried on HTTP 408, 429, 500, 502, 503 and 504 and on network failures, with an
 * exponential backoff and jitter, honouring {@code Retry-After} and the {@code
 * google.rpc.RetryInfo} delay of the error body. A timeout is retried {@code timeoutRetries} times
 * (once by default). A {@code google.rpc.QuotaFailure} about a per-day quota is final. Failures
 * throw {@link GeminiException}.
 *
 * <p>This is the default {@link GenerativeModel} of {@link QuotaEnforcedAnalyzer}. Instances are
 * immutable and thread-safe; share one.
 */
public final class GeminiClient implements GenerativeModel {

  /** The public Gemini API. */
  public static final String DEFAULT_BASE_URL = Endpoints.DEFAULT_BASE_URL;

  /** The header the API key travels in. */
  public static final String API_KEY_HEADER = "x-goog-api-key";

  /**
   * The environment variables {@link Builder#apiKeyFromEnvironment()} reads, in order of
   * precedence: the first one set and not blank wins.
   */
  public static final List<String> API_KEY_VARIABLES = ApiKeys.VARIABLES;

  private static final Logger log = LoggerFactory.getLogger(GeminiClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final String apiKey;
  private final HttpUrl baseUrl;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;

  private GeminiClient(Builder b) {
    this.apiKey = b.apiKey;
    this.baseUrl = Endpoints.baseUrl(b.baseUrl != null ? b.baseUrl : DEFAULT_BASE_URL);
    OkHttpClient base = b.httpClient != null ? b.httpClient : new OkHttpClient();
    this.http = base.newBuilder()
        .connectTimeout(orDefault(b.connectTimeout, Duration.ofSeconds(10)))
        .readTimeout(orDefault(b.readTimeout, Duration.ofSeconds(120)))
        .writeTimeout(orDefault(b.writeTimeout, Duration.ofSeconds(30)))
        .callTimeout(orDefault(b.callTimeout, Duration.ofSeconds(180)))
        .build();
    this.retry = new RetryPolicy(
        b.maxAttempts != null ? b.maxAttempts : 4,
        orDefault(b.initialBackoff, Duration.ofMillis(500)),
        orDefault(b.maxBackoff, Duration.ofSeconds(8)),
        orDefault(b.maxRetryWait, Duration.ofSeconds(20)),
        b.timeoutRetries != null ? b.timeoutRetries : 1,
        b.random != null ? b.random : RetryPolicy.threadLocalRandom());
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.sleeper = b.sleeper != null ? b.sleeper : Sleeper.SYSTEM;
  }

  /** A builder; {@link Builder#apiKey} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Calls {@code generateContent}, retrying as the class documentation says.
   *
   * @throws GeminiException if the call failed for good; its message says why
   */
  @Override
  public GenerateResponse generateContent(GenerateRequest request) throws GeminiException {
    Objects.requireNonNull(request, "request");
    String model = request.model();
    HttpUrl url = Endpoints.generateContent(baseUrl, model);
    RequestBody body = RequestBody.create(GeminiJson.requestBody(request), JSON);
    int timeouts = 0;
    for (int attempt = 1; ; attempt++) {
      long started = System.nanoTime();
      Request httpRequest = new Request.Builder()
          .url(url)
          .header(API_KEY_HEADER, apiKey)
          .post(body)
          .build();
      int status;
      String text;
      Optional<Duration> retryAfterHeader;
      try (Response response = http.newCall(httpRequest).execute()) {
        status = response.code();
        text = response.body().string();
        retryAfterHeader = RetryPolicy.parseRetryAfter(response.header("Retry-After"),
            clock.instant());
      } catch (InterruptedIOException e) {
        if (!Thread.currentThread().isInterrupted() && retry.retriesTimeout(attempt, timeouts)) {
          timeouts++;
          waitBeforeRetry(model, attempt, retry.backoff(attempt), "a timeout");
          continue;
        }
        throw failure(Reason.TIMEOUT, model, 0, attempt, Optional.empty(),
            "Gemini " + model + " did not answer in time (attempt " + attempt + " of "
                + retry.maxAttempts() + ", " + (timeouts + 1) + " timed out): " + e.getMessage(),
            e);
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts()) {
          throw failure(Reason.NETWORK, model, 0, attempt, Optional.empty(),
              "Gemini " + model + " could not be reached on all " + attempt + " attempts: "
                  + e.getMessage(), e);
        }
        waitBeforeRetry(model, attempt, retry.backoff(attempt), e.getClass().getSimpleName());
        continue;
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (status >= 200 && status < 300) {
        return answer(model, text, attempt, millis);
      }
      ApiError error = GeminiJson.parseError(text);
      String detail = describe(status, error);
      if (error.perDayQuota()) {
        throw failure(Reason.DAILY_QUOTA_EXHAUSTED, model, status, attempt,
            error.retryDelay().or(() -> retryAfterHeader),
            "Gemini " + model + " refused: the per-day quota of the Google project is used up, "
                + "not retried (" + detail + ")", null);
      }
      if (!RetryPolicy.isRetryable(status)) {
        throw failure(status >= 500 ? Reason.SERVER_ERROR : Reason.CLIENT_ERROR, model, status,
            attempt, Optional.empty(), "Gemini " + model + " refused the request with " + detail
                + hint(status), null);
      }
      Reason reason = status == 429 ? Reason.RATE_LIMITED : Reason.SERVER_ERROR;
      Optional<Duration> asked = retryAfterHeader.or(error::retryDelay);
      if (attempt >= retry.maxAttempts()) {
        throw failure(reason, model, status, attempt, asked, "Gemini " + model + " answered "
            + detail + " on all " + attempt + " attempts", null);
      }
      final int retryNumber = attempt;
      Duration wait = asked.orElseGet(() -> retry.backoff(retryNumber));
      if (wait.compareTo(retry.maxRetryWait()) > 0) {
        throw failure(reason, model, status, attempt, Optional.of(wait), "Gemini " + model
            + " answered " + detail + " and asked to wait " + wait.toMillis()
            + " ms, longer than maxRetryWait " + retry.maxRetryWait().toMillis() + " ms", null);
      }
      log.debug("Gemini {} answered {} after {} ms", model, status, millis);
      waitBeforeRetry(model, attempt, wait, "HTTP " + status);
    }
  }

  /** Shows the base URL and the retry settings; the API key is redacted. */
  @Override
  public String toString() {
    return "GeminiClient{baseUrl=" + baseUrl + ", apiKey=" + Redaction.REDACTED
        + ", maxAttempts=" + retry.maxAttempts() + ", readTimeoutMillis="
        + http.readTimeoutMillis() + "}";
  }

  private GenerateResponse answer(String model, String body, int attempt, long millis)
      throws GeminiException {
    Answer answer;
    try {
      answer = GeminiJson.parseAnswer(body);
    } catch (MalformedAnswerException e) {
      throw failure(Reason.MALFORMED_RESPONSE, model, 200, attempt, Optional.empty(),
          "Gemini " + model + " answered 200 with a malformed body: " + e.getMessage(), e);
    }
    if (answer.text() == null || answer.text().isBlank()) {
      if (answer.blockReason().isPresent() || !"STOP".equals(answer.finishReason())) {
        String why = answer.blockReason().map(r -> "prompt blocked: " + r)
            .orElse("finishReason " + answer.finishReason());
        throw failure(Reason.BLOCKED, model, 200, attempt, Optional.empty(),
            "Gemini " + model + " gave no answer (" + why + ")", null);
      }
      throw failure(Reason.MALFORMED_RESPONSE, model, 200, attempt, Optional.empty(),
          "Gemini " + model + " answered 200 without any text", null);
    }
    GenerateResponse response = new GenerateResponse(answer.text(),
        answer.modelVersion().orElse(model), answer.finishReason(), answer.usage(),
        answer.responseId(), attempt);
    log.debug("Gemini {} answered in {} ms on attempt {}: {} prompt, {} output, {} thought tokens",
        response.modelVersion(), millis, attempt, response.usage().promptTokens(),
        response.usage().candidatesTokens(), response.usage().thoughtsTokens());
    return response;
  }

  private void waitBeforeRetry(String model, int attempt, Duration wait, String why)
      throws GeminiException {
    log.info("Gemini {} failed with {}; retry {} of {} in {} ms", model, why, attempt,
        retry.maxAttempts() - 1, wait.toMillis());
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(Reason.INTERRUPTED, model, 0, attempt, Optional.empty(),
          "interrupted while waiting to retry Gemini " + model, e);
    }
  }

  private String describe(int status, ApiError error) {
    StringBuilder sb = new StringBuilder().append(status);
    error.status().ifPresent(s -> sb.append(' ').append(s));
    error.message().ifPresent(m -> sb.append(" (")
        .append(Redaction.abbreviate(Redaction.scrub(m, apiKey), 300)).append(')'));
    return sb.toString();
  }

  private static String hint(int status) {
    return switch (status) {
      case 400 -> " (check the request and the model's features)";
      case 401, 403 -> " (check the API key and that the Generative Language API is enabled)";
      case 404 -> " (check the model id and the base URL)";
      default -> "";
    };
  }

  private GeminiException failure(Reason reason, String model, int status, int attempts,
      Optional<Duration> retryAfter, String message, Throwable cause) {
    String safe = Redaction.scrub(message, apiKey);
    log.warn("{}", safe);
    return new GeminiException(reason, model, status, attempts, retryAfter, safe, cause);
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value != null ? value : fallback;
  }

  /**
   * Builds a {@link GeminiClient}. Each setting may be set once; a second call fails naming the
   * value already set (an API key is shown redacted).
   */
  public static final class Builder {
    private OkHttpClient httpClient;
    private String apiKey;
    private String baseUrl;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration writeTimeout;
    private Duration callTimeout;
    private Integer maxAttempts;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Duration maxRetryWait;
    private Integer timeoutRetries;
    private Clock clock;
    private Sleeper sleeper;
    private DoubleSupplier random;

    private Builder() {}

    /**
     * Sets the API key (required). It is sent only in the {@code x-goog-api-key} header.
     *
     * @throws IllegalArgumentException if blank or holding whitespace or control characters
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      requireUnset(this.apiKey, "apiKey");
      if (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
        throw new IllegalArgumentException(
            "apiKey must be non-blank printable ASCII without spaces");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the API key from the environment: the first of {@link GeminiClient#API_KEY_VARIABLES}
     * ({@code GOOGLE_AI_API_KEY}, then {@code GEMINI_API_KEY}, then {@code GOOGLE_API_KEY}) that
     * is set and not blank.
     *
     * @throws IllegalStateException if none is set, or a key was already set
     */
    public Builder apiKeyFromEnvironment() {
      return apiKeyFromEnvironment(System::getenv);
    }

    /** Sets the API key from {@code environment}, looked up as {@link #apiKeyFromEnvironment()}. */
    Builder apiKeyFromEnvironment(UnaryOperator<String> environment) {
      requireUnset(this.apiKey, "apiKey");
      ApiKeys.Found found = ApiKeys.find(environment).orElseThrow(() -> new IllegalStateException(
          "no Gemini API key in the environment: set one of " + ApiKeys.VARIABLES));
      try {
        return apiKey(found.key());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(found.variable() + ": " + e.getMessage(), e);
      }
    }

    /**
     * Sets the host's OkHttp client. The Gemini client derives its own with {@code newBuilder()},
     * sharing the connection pool, dispatcher and interceptors; without one it creates a client.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      Objects.requireNonNull(httpClient, "httpClient");
      requireUnset(this.httpClient, "httpClient");
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Sets the base URL (default {@value GeminiClient#DEFAULT_BASE_URL}); tests point it at a local
     * server.
     *
     * @throws IllegalArgumentException if not an http(s) URL, or it has a query, fragment or
     *     credentials
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      requireUnset(this.baseUrl, "baseUrl");
      Endpoints.baseUrl(baseUrl);
      this.baseUrl = baseUrl;
      return this;
    }

    /** Sets the connect timeout (default 10 s; zero means none). */
    public Builder connectTimeout(Duration timeout) {
      requireUnset(this.connectTimeout, "connectTimeout");
      this.connectTimeout = nonNegative("connectTimeout", timeout);
      return this;
    }

    /** Sets the read timeout (default 120 s: thinking models take time; zero means none). */
    public Builder readTimeout(Duration timeout) {
      requireUnset(this.readTimeout, "readTimeout");
      this.readTimeout = nonNegative("readTimeout", timeout);
      return this;
    }

    /** Sets the write timeout (default 30 s; zero means none). */
    public Builder writeTimeout(Duration timeout) {
      requireUnset(this.writeTimeout, "writeTimeout");
      this.writeTimeout = nonNegative("writeTimeout", timeout);
      return this;
    }

    /** Sets the timeout of one HTTP attempt from start to end (default 180 s; zero means none). */
    public Builder callTimeout(Duration timeout) {
      requireUnset(this.callTimeout, "callTimeout");
      this.callTimeout = nonNegative("callTimeout", timeout);
      return this;
    }

    /** Sets how many HTTP requests one call may make, retries included (default 4; 1 = none). */
    public Builder maxAttempts(int maxAttempts) {
      requireUnset(this.maxAttempts, "maxAttempts");
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 10, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets the backoff before the first retry (default 500 ms; doubles each retry). */
    public Builder initialBackoff(Duration backoff) {
      requireUnset(this.initialBackoff, "initialBackoff");
      this.initialBackoff = positive("initialBackoff", backoff);
      return this;
    }

    /** Sets the largest backoff (default 8 s). */
    public Builder maxBackoff(Duration backoff) {
      requireUnset(this.maxBackoff, "maxBackoff");
      this.maxBackoff = positive("maxBackoff", backoff);
      return this;
    }

    /**
     * Sets the longest wait between two attempts the client sits through (default 20 s). When
     * Gemini asks for a longer one the call fails at once with the wait in {@link
     * GeminiException#retryAfter()}.
     */
    public Builder maxRetryWait(Duration wait) {
      requireUnset(this.maxRetryWait, "maxRetryWait");
      this.maxRetryWait = nonNegative("maxRetryWait", wait);
      return this;
    }

    /**
     * Sets how many timed-out attempts of one call are tried again (default 1; 0 makes a timeout
     * final). Every attempt counts against {@link #maxAttempts}; keep the reservation TTL above
     * {@code (timeoutRetries + 1) * callTimeout}.
     */
    public Builder timeoutRetries(int retries) {
      requireUnset(this.timeoutRetries, "timeoutRetries");
      if (retries < 0 || retries > 9) {
        throw new IllegalArgumentException("timeoutRetries must be 0 to 9, was " + retries);
      }
      this.timeoutRetries = retries;
      return this;
    }

    /** Sets the clock an HTTP-date {@code Retry-After} is read against (default system UTC). */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      requireUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /** Replaces the sleeping between retries (tests record the waits instead). */
    Builder sleeper(Sleeper sleeper) {
      Objects.requireNonNull(sleeper, "sleeper");
      requireUnset(this.sleeper, "sleeper");
      this.sleeper = sleeper;
      return this;
    }

    /** Replaces the jitter's source of uniform doubles in {@code [0, 1)}. */
    Builder random(DoubleSupplier random) {
      Objects.requireNonNull(random, "random");
      requireUnset(this.random, "random");
      this.random = random;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException if no API key was set, or initialBackoff exceeds maxBackoff
     */
    public GeminiClient build() {
      if (apiKey == null) {
        throw new IllegalStateException("apiKey is required");
      }
      if (initialBackoff != null && maxBackoff != null && initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff " + initialBackoff
            + " must not exceed maxBackoff " + maxBackoff);
      }
      return new GeminiClient(this);
    }

    private static Duration nonNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private void requireUnset(Object current, String name) {
      if (current != null) {
        Object shown = "apiKey".equals(name) ? Redaction.REDACTED : current;
        throw new IllegalStateException(name + " was already set to " + shown);
      }
    }
  }
}
