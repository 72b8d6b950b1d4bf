package com.bnaura.quota.gemini;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.spi.ReservationState;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.gemini.GeminiException.Reason;
import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import com.bnaura.quota.gemini.internal.CanonicalInput;
import com.bnaura.quota.gemini.internal.ClockTime;
import com.bnaura.quota.gemini.internal.Endpoints;
import com.bnaura.quota.gemini.internal.Inputs;
import com.bnaura.quota.gemini.internal.MalformedAnswerException;
import com.bnaura.quota.gemini.internal.SkinPrompts;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skin analysis and the chat advisor of seed 000, with the clinic's quota enforced around every
 * Gemini call: no unit charged for a call that failed, no unit charged twice for a retried call, and
 * no call made when the clinic may not make it.
 *
 * <pre>{@code
 * QuotaEnforcedAnalyzer analyzer = QuotaEnforcedAnalyzer.builder()
 *     .gemini(GeminiClient.builder().apiKey(apiKey).httpClient(sharedOkHttp).build())
 *     .quotas(quotaService)
 *     .clock(clock)                                   // the quota service's clock
 *     .model(OperationId.CLINICAL_ANALYSIS, "gemini-3.1-pro-preview") // optional: the defaults
 *     .settings(OperationId.QUICK_SCAN, OperationSettings.defaults(OperationId.QUICK_SCAN)
 *         .withMaxOutputTokens(2048))                // optional: thinking, tokens, resolution
 *     .build();
 *
 * GeminiResult<SkinAnalysis> result = analyzer.analyze(request);
 * if (result instanceof GeminiResult.Declined<SkinAnalysis> no) {
 *   return forbidden(no.refused());   // QUOTA_EXCEEDED (403, with top-up) or RATE_LIMITED (429)
 * }
 * GeminiResult.Success<SkinAnalysis> ok = result.orElseThrow();
 * return Map.of("analysis", ok.value(), "modelUsed", ok.modelUsed(), "quotaInfo", ok.quotaInfo());
 * }</pre>
 *
 * <p>Every call runs the same steps:
 *
 * <ol>
 *   <li>the input is checked ({@code INVALID_ARGUMENT} naming the field);
 *   <li>the abuse guard takes a permit for the user and the clinic ({@code RATE_LIMITED} with the
 *       wait; no quota is touched);
 *   <li>for an analysis, an identical input answered for the same clinic within the cache window
 *       (24 hours by default) is returned at once, without calling Gemini and without a charge,
 *       and recorded in the ledger under the request id as a usage line of zero units and zero
 *       money with reason {@code CACHED_ANSWER} ({@link QuotaService#recordCachedAnswer}), once
 *       per request id, so the clinic's usage stats count it; a retry of the request whose call
 *       filled the cache writes nothing more, its charge being in the ledger already;
 *   <li>the operation is reserved with the request id as idempotency key; a refusal ({@code
 *       QUOTA_EXCEEDED} with its top-up suggestion) means no request is sent;
 *   <li>the circuit breaker is asked: while it is open after recent outages the call fails at once
 *       with {@code CIRCUIT_OPEN}, no request is sent, and the reservation is released;
 *   <li>Gemini is called (the {@link GenerativeModel}, by default the {@link GeminiClient}) with
 *       the operation's {@link OperationSettings} and the client's retries, all under this one
 *       reservation; the {@link ModelCallListener}s hear its start, its duration and its end;
 *   <li>on success the reservation is committed with the model that answered and the token counts
 *       of {@code usageMetadata}; on any failure (HTTP error, timeout, blocked or malformed answer,
 *       an exception) it is released in {@code finally}, so nothing is charged.
 * </ol>
 *
 * <p>Refusals are values ({@link GeminiResult.Declined}); a failed Gemini call throws {@link
 * GeminiException}; a failing quota store throws the engine's {@code QuotaStoreException}. A
 * repeat scan of the same customer within 24 hours is free by the engine's rule (pass {@code
 * customerRef}). Each attempt needs its own request id: a request id that was already committed or
 * released is refused with {@code RESERVATION_NOT_OPEN}.
 *
 * <p>Instances are thread-safe; share one.
 */
public final class QuotaEnforcedAnalyzer {

  /** The default Flash model, for quick scans and the chat advisor. */
  public static final String DEFAULT_FLASH_MODEL = "gemini-3.8-flash";

  /** The default pro-tier model, for clinical analyses. */
  public static final String DEFAULT_PRO_MODEL = "gemini-3.1-pro-preview";

  private static final Logger log = LoggerFactory.getLogger(QuotaEnforcedAnalyzer.class);

  private final GenerativeModel gemini;
  private final QuotaService quotas;
  private final RateLimiter limiter;
  private final Map<OperationId, String> models;
  private final Map<OperationId, OperationSettings> settings;
  private final CircuitBreaker breaker;
  private final Cache<String, CachedAnalysis> cache;
  private final Duration reservationTtl;
  private final List<ModelCallListener> listeners;

  private final LongAdder requests = new LongAdder();
  private final LongAdder invalid = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder quotaRefused = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder geminiCalls = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder circuitOpen = new LongAdder();

  /** An analysis in the cache, with the request id of the call that produced it. */
  private record CachedAnalysis(SkinAnalysis analysis, String model, String requestId) {}

  private QuotaEnforcedAnalyzer(Builder b) {
    this.gemini = b.gemini;
    this.quotas = b.quotas;
    Clock clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.limiter = b.rateLimiter != null ? b.rateLimiter : RateLimiter.inProcess().clock(clock)
        .build();
    Map<OperationId, String> m = new LinkedHashMap<>();
    m.put(OperationId.QUICK_SCAN, DEFAULT_FLASH_MODEL);
    m.put(OperationId.CLINICAL_ANALYSIS, DEFAULT_PRO_MODEL);
    m.put(OperationId.CHAT_ADVISOR, DEFAULT_FLASH_MODEL);
    m.putAll(b.models);
    this.models = Map.copyOf(m);
    Map<OperationId, OperationSettings> s = new LinkedHashMap<>();
    for (OperationId operation : models.keySet()) {
      s.put(operation, OperationSettings.defaults(operation));
    }
    s.putAll(b.settings);
    this.settings = Map.copyOf(s);
    this.breaker = b.circuitBreaker != null ? b.circuitBreaker
        : CircuitBreaker.of("gemini", defaultCircuitBreakerConfig(clock));
    Duration ttl = b.cacheTtl != null ? b.cacheTtl : Duration.ofHours(24);
    long size = b.cacheMaximumSize != null ? b.cacheMaximumSize : 10_000;
    this.cache = ttl.isZero() || size == 0 ? null : Caffeine.newBuilder()
        .ticker(ClockTime.ticker(clock))
        .expireAfterWrite(ttl)
        .maximumSize(size)
        .build();
    this.reservationTtl = b.reservationTtl;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A builder; {@link Builder#gemini} and {@link Builder#quotas} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The circuit breaker's settings unless {@link Builder#circuitBreaker} says otherwise: it opens
   * when at least half of the last 10 calls (once 5 were made) were outages ({@link
   * GeminiException#isOutage()}: 5xx, timeouts, network failures, 429s and a spent daily quota,
   * each after the client's retries), stays open 30 seconds on {@code clock}, then lets 2 trial
   * calls through. Other failures count as calls that worked: Gemini answered.
   */
  public static CircuitBreakerConfig defaultCircuitBreakerConfig(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .permittedNumberOfCallsInHalfOpenState(2)
        .recordException(QuotaEnforcedAnalyzer::isOutage)
        .clock(clock)
        .build();
  }

  private static boolean isOutage(Throwable t) {
    return t instanceof GeminiException e && e.isOutage();
  }

  /**
   * Runs a skin analysis as the class documentation says.
   *
   * @return the analysis with the model and {@link QuotaInfo}, or the refusal
   * @throws GeminiException if the Gemini call failed; the reservation was released
   */
  public GeminiResult<SkinAnalysis> analyze(SkinAnalysisRequest request) throws GeminiException {
    Objects.requireNonNull(request, "request");
    requests.increment();
    Object caller = Inputs.caller(request.clinicId(), request.userId(), request.requestId());
    if (caller instanceof Refused refused) {
      return invalid(refused);
    }
    Inputs.Caller who = (Inputs.Caller) caller;
    Optional<Refused> bad = Inputs.check(request);
    if (bad.isPresent()) {
      return invalid(bad.get().about(who.clinic()));
    }
    String model = models.get(request.operation());
    if (model == null) {
      return invalid(Refused.of(RefusalCode.UNKNOWN_OPERATION, "no Gemini model is configured for "
          + "operation " + request.operation()).about(who.clinic()));
    }
    Optional<Refused> limited = guard(who);
    if (limited.isPresent()) {
      return new GeminiResult.Declined<>(limited.get());
    }
    OperationSettings opSettings = settings(request.operation());
    UsageRequest usage = UsageRequest.builder(who.clinic().value(), request.operation(),
            who.requestId().value())
        .user(request.userId())
        .customerRef(request.customerRef())
        .acceptOverage(request.acceptOverage())
        .ttl(reservationTtl)
        .build();
    String key = cache == null ? null
        : CanonicalInput.key(who.clinic().value(), model, opSettings, request);
    if (key != null) {
      CachedAnalysis hit = cache.getIfPresent(key);
      if (hit != null) {
        return fromCache(usage, hit);
      }
      cacheMisses.increment();
    }
    GeminiResult<SkinAnalysis> result = call(usage,
        SkinPrompts.analysis(model, opSettings, request),
        response -> SkinPrompts.parseAnalysis(response.text()));
    if (key != null && result instanceof GeminiResult.Success<SkinAnalysis> ok) {
      cache.put(key, new CachedAnalysis(ok.value(), ok.modelUsed(), usage.idempotencyKey()));
    }
    return result;
  }

  /**
   * Asks the chat advisor ({@code CHAT_ADVISOR}, free by default) a question about the customer's
   * last analysis, with the same guard, reservation, commit and release as an analysis.
   *
   * @return the answer text with the model and {@link QuotaInfo}, or the refusal
   * @throws GeminiException if the Gemini call failed; the reservation was released
   */
  public GeminiResult<String> advise(AdvisorRequest request) throws GeminiException {
    Objects.requireNonNull(request, "request");
    requests.increment();
    Object caller = Inputs.caller(request.clinicId(), request.userId(), request.requestId());
    if (caller instanceof Refused refused) {
      return invalid(refused);
    }
    Inputs.Caller who = (Inputs.Caller) caller;
    Optional<Refused> bad = Inputs.check(request);
    if (bad.isPresent()) {
      return invalid(bad.get().about(who.clinic()));
    }
    Optional<Refused> limited = guard(who);
    if (limited.isPresent()) {
      return new GeminiResult.Declined<>(limited.get());
    }
    UsageRequest usage = UsageRequest.builder(who.clinic().value(), OperationId.CHAT_ADVISOR,
            who.requestId().value())
        .user(request.userId())
        .ttl(reservationTtl)
        .build();
    return call(usage, SkinPrompts.advice(models.get(OperationId.CHAT_ADVISOR),
            settings(OperationId.CHAT_ADVISOR), request),
        response -> response.text().strip());
  }

  /** The model configured for {@code operation}, if any. */
  public Optional<String> model(OperationId operation) {
    return Optional.ofNullable(models.get(operation));
  }

  /** The generation settings of {@code operation}: configured, else its defaults. */
  public OperationSettings settings(OperationId operation) {
    Objects.requireNonNull(operation, "operation");
    OperationSettings configured = settings.get(operation);
    return configured != null ? configured : OperationSettings.defaults(operation);
  }

  /** The circuit breaker around the model calls; its state and metrics are Resilience4j's. */
  public CircuitBreaker circuitBreaker() {
    return breaker;
  }

  /** A snapshot of the counters and the cache size. */
  public Stats stats() {
    return new Stats(requests.sum(), invalid.sum(), rateLimited.sum(), quotaRefused.sum(),
        cacheHits.sum(), cacheMisses.sum(), geminiCalls.sum(), succeeded.sum(), failed.sum(),
        cache == null ? 0 : cache.estimatedSize(), circuitOpen.sum());
  }

  /** Empties the analysis cache; the next identical input calls Gemini again. */
  public void clearCache() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  /** Shows the models and the client; the API key is redacted. */
  @Override
  public String toString() {
    return "QuotaEnforcedAnalyzer{models=" + models + ", gemini=" + gemini + ", rateLimiter="
        + limiter + ", cache=" + (cache != null) + ", circuitBreaker=" + breaker.getName() + " "
        + breaker.getState() + "}";
  }

  private Optional<Refused> guard(Inputs.Caller who) {
    RateLimiter.Decision decision = limiter.tryAcquire(who.clinic().value(),
        who.user().map(u -> u.value()).orElse(null));
    if (decision.permitted()) {
      return Optional.empty();
    }
    rateLimited.increment();
    log.debug("rate limited: {}", decision.message());
    return Optional.of(Refused.rateLimited(decision.message(), decision.retryAfter())
        .about(who.clinic()));
  }

  /**
   * Answers from the cache. A new request id is recorded as a cached answer (once: the engine
   * replays it for the same id); the request id whose call produced the entry is a retry of a call
   * already charged, and only reads the balance.
   */
  private GeminiResult<SkinAnalysis> fromCache(UsageRequest usage, CachedAnalysis hit) {
    Units remaining;
    if (hit.requestId().equals(usage.idempotencyKey())) {
      try {
        remaining = quotas.balance(usage.clinicId()).totalRemaining();
      } catch (QuotaRefusedException e) {
        return declined(e.refused());
      }
    } else {
      ConsumeResult recorded = quotas.recordCachedAnswer(usage);
      if (recorded instanceof Refused refused) {
        return declined(refused);
      }
      remaining = ((Consumed) recorded).remaining();
    }
    cacheHits.increment();
    succeeded.increment();
    log.debug("analysis for clinic {} served from the cache", usage.clinicId());
    return new GeminiResult.Success<>(hit.analysis(), hit.model(),
        new QuotaInfo(Units.ZERO, remaining, false), TokenUsage.NONE, true);
  }

  private <T> GeminiResult<T> call(UsageRequest usage, GenerateRequest prompt,
      Function<GenerateResponse, T> parse) throws GeminiException {
    ReserveResult reserve = quotas.tryReserve(usage);
    if (reserve instanceof Refused refused) {
      return declined(refused);
    }
    Reserved reserved = (Reserved) reserve;
    String clinic = usage.clinicId();
    String reservation = reserved.id().value();
    if (quotas.reservationState(clinic, reservation) != ReservationState.PENDING) {
      // a reused request id: its reservation already finished; calling Gemini again would be paid
      // for and never charged
      return declined(Refused.of(RefusalCode.RESERVATION_NOT_OPEN, "request id '"
          + usage.idempotencyKey() + "' was already used for a call that finished; send a new one")
          .about(reserved.clinic()).about(reserved.operation()));
    }
    boolean settled = false;
    try {
      GenerateResponse response = generate(prompt);
      T value;
      try {
        value = parse.apply(response);
      } catch (MalformedAnswerException e) {
        String message = "Gemini " + response.modelVersion()
            + " answered with JSON that is not the analysis asked for: " + e.getMessage();
        log.warn("{}", message);
        throw new GeminiException(Reason.MALFORMED_RESPONSE, prompt.model(), 200,
            response.attempts(), Optional.empty(), message, e);
      }
      TokenUsage tokens = response.usage();
      CommitResult commit = quotas.tryCommit(CommitRequest.builder(clinic, reservation)
          .model(response.modelVersion())
          .tokens(tokens.promptTokens(), tokens.candidatesTokens(), tokens.thoughtsTokens())
          .build());
      settled = true;
      if (commit instanceof Refused refused) {
        log.warn("commit of reservation {} of clinic {} was refused ({}); the answer is withheld",
            reservation, clinic, refused.message());
        return declined(refused);
      }
      Committed committed = (Committed) commit;
      succeeded.increment();
      log.debug("clinic {} charged {} for {} on {}", clinic, committed.charge().units(),
          committed.operation(), response.modelVersion());
      return new GeminiResult.Success<>(value, response.modelVersion(),
          new QuotaInfo(committed.charge().units(), committed.remaining(),
              committed.charge().split().overage().isPositive()),
          tokens, false);
    } finally {
      if (!settled) {
        failed.increment();
        release(clinic, reservation);
      }
    }
  }

  /** Calls the model through the circuit breaker; an open breaker fails at once. */
  private GenerateResponse generate(GenerateRequest prompt) throws GeminiException {
    if (!breaker.tryAcquirePermission()) {
      circuitOpen.increment();
      CallNotPermittedException open = CallNotPermittedException.createCallNotPermittedException(
          breaker);
      String message = "Gemini " + prompt.model() + " was not called: circuit breaker '"
          + breaker.getName() + "' is " + breaker.getState() + " after recent outages";
      log.warn("{}", message);
      throw GeminiException.open(prompt.model(), retryAfter(), message, open);
    }
    geminiCalls.increment();
    notify(l -> l.callStart(prompt));
    long started = breaker.getCurrentTimestamp();
    long startedNanos = System.nanoTime();
    try {
      GenerateResponse response = gemini.generateContent(prompt);
      Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
      breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
      notify(l -> l.callSucceeded(prompt, response, took));
      return response;
    } catch (GeminiException | RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
      breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
      notify(l -> l.callFailed(prompt, e, took));
      throw e;
    }
  }

  /** Tells every listener; one that throws is logged and skipped. */
  private void notify(Consumer<ModelCallListener> event) {
    for (ModelCallListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("model call listener {} failed", listener, e);
      }
    }
  }

  /** The breaker's wait in the open state, as a hint for {@code Retry-After}. */
  private Optional<Duration> retryAfter() {
    long millis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
    return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
  }

  private void release(String clinic, String reservation) {
    try {
      ReleaseResult released = quotas.tryRelease(clinic, reservation);
      if (released instanceof Refused refused) {
        log.warn("release of reservation {} of clinic {} was refused: {}", reservation, clinic,
            refused.message());
      } else {
        log.debug("released reservation {} of clinic {}", reservation, clinic);
      }
    } catch (RuntimeException e) {
      log.warn("release of reservation {} of clinic {} failed; it expires at its TTL", reservation,
          clinic, e);
    }
  }

  private <T> GeminiResult<T> invalid(Refused refused) {
    invalid.increment();
    return new GeminiResult.Declined<>(refused);
  }

  private <T> GeminiResult<T> declined(Refused refused) {
    quotaRefused.increment();
    log.debug("declined: {} {}", refused.code(), refused.message());
    return new GeminiResult.Declined<>(refused);
  }

  /**
   * The analyzer's counters since it was built.
   *
   * @param requests calls of {@code analyze} and {@code advise}
   * @param invalid calls refused for bad input
   * @param rateLimited calls refused by the abuse guard
   * @param quotaRefused calls refused by the quota engine (reserve or commit)
   * @param cacheHits analyses served from the cache without calling Gemini
   * @param cacheMisses analyses looked up in the cache and not found
   * @param geminiCalls calls that reached Gemini (each may take several HTTP attempts)
   * @param succeeded calls answered (cache hits included)
   * @param failed Gemini calls that failed and were released (circuit-open ones included)
   * @param cacheSize analyses in the cache (an estimate)
   * @param circuitOpen calls refused by the open circuit breaker, without a request to Gemini
   */
  public record Stats(long requests, long invalid, long rateLimited, long quotaRefused,
      long cacheHits, long cacheMisses, long geminiCalls, long succeeded, long failed,
      long cacheSize, long circuitOpen) {

    /** Cache hits per analysis looked up in the cache, from 0 to 1; 0 before any lookup. */
    public double cacheHitRate() {
      long lookups = cacheHits + cacheMisses;
      return lookups == 0 ? 0 : (double) cacheHits / lookups;
    }
  }

  /**
   * Builds a {@link QuotaEnforcedAnalyzer}. Each setting may be set once (a model once per
   * operation); a second call fails naming the value already set.
   */
  public static final class Builder {
    private GenerativeModel gemini;
    private QuotaService quotas;
    private CircuitBreaker circuitBreaker;
    private final Map<OperationId, OperationSettings> settings = new LinkedHashMap<>();
    private RateLimiter rateLimiter;
    private Clock clock;
    private final Map<OperationId, String> models = new LinkedHashMap<>();
    private Duration cacheTtl;
    private Long cacheMaximumSize;
    private Duration reservationTtl;
    private final List<ModelCallListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the model client (required): a {@link GeminiClient}, or a {@link GenerativeModel} over
     * another client such as the Google Gen AI SDK or Spring AI.
     */
    public Builder gemini(GenerativeModel gemini) {
      Objects.requireNonNull(gemini, "gemini");
      requireUnset(this.gemini, "gemini");
      this.gemini = gemini;
      return this;
    }

    /** Sets the quota service (required). */
    public Builder quotas(QuotaService quotas) {
      Objects.requireNonNull(quotas, "quotas");
      requireUnset(this.quotas, "quotas");
      this.quotas = quotas;
      return this;
    }

    /**
     * Sets the abuse guard (default: {@link RateLimiter#inProcess()} with 30 requests a minute per
     * user and 300 per clinic, on this builder's clock); {@link RateLimiter#NONE} turns it off.
     */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      Objects.requireNonNull(rateLimiter, "rateLimiter");
      requireUnset(this.rateLimiter, "rateLimiter");
      this.rateLimiter = rateLimiter;
      return this;
    }

    /**
     * Sets the clock of the cache window and the default rate limiter (default system UTC); pass
     * the quota service's clock.
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      requireUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /**
     * Sets the Gemini model of {@code operation}. Defaults: {@code QUICK_SCAN} and {@code
     * CHAT_ADVISOR} {@value QuotaEnforcedAnalyzer#DEFAULT_FLASH_MODEL}, {@code CLINICAL_ANALYSIS}
     * {@value QuotaEnforcedAnalyzer#DEFAULT_PRO_MODEL}. Another operation of the catalog can be
     * analysed once it has a model here.
     *
     * @throws IllegalArgumentException if {@code model} is not a model id
     */
    public Builder model(OperationId operation, String model) {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(model, "model");
      String id = Endpoints.model(model);
      String previous = models.get(operation);
      if (previous != null) {
        throw new IllegalStateException("model of " + operation + " was already set to "
            + previous);
      }
      models.put(operation, id);
      return this;
    }

    /**
     * Sets the generation settings of {@code operation}: thinking level or budget, output limit and
     * media resolution. Unset operations keep {@link OperationSettings#defaults(OperationId)}
     * ({@code LOW} thinking for a quick scan, {@code HIGH} for a clinical analysis).
     */
    public Builder settings(OperationId operation, OperationSettings settings) {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(settings, "settings");
      OperationSettings previous = this.settings.get(operation);
      if (previous != null) {
        throw new IllegalStateException("settings of " + operation + " were already set to "
            + previous);
      }
      this.settings.put(operation, settings);
      return this;
    }

    /**
     * Sets the circuit breaker around the model calls (default: one named {@code gemini} with
     * {@link QuotaEnforcedAnalyzer#defaultCircuitBreakerConfig(Clock)} on this builder's clock).
     * Pass one from the host's {@code CircuitBreakerRegistry} to see it with the others; a breaker
     * in Resilience4j's disabled state turns it off.
     */
    public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
      Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      requireUnset(this.circuitBreaker, "circuitBreaker");
      this.circuitBreaker = circuitBreaker;
      return this;
    }

    /**
     * Sets how long an analysis is reused for an identical input of the same clinic (default 24
     * hours); {@link Duration#ZERO} turns the cache off.
     */
    public Builder cacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "cacheTtl");
      requireUnset(this.cacheTtl, "cacheTtl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative, was " + ttl);
      }
      this.cacheTtl = ttl;
      return this;
    }

    /** Sets how many analyses the cache holds at most (default 10,000); 0 turns it off. */
    public Builder cacheMaximumSize(long size) {
      requireUnset(this.cacheMaximumSize, "cacheMaximumSize");
      if (size < 0) {
        throw new IllegalArgumentException("cacheMaximumSize must not be negative, was " + size);
      }
      this.cacheMaximumSize = size;
      return this;
    }

    /**
     * Sets how long a reservation holds (default: the quota service's, 10 minutes); make it longer
     * than the client's attempts and waits together.
     */
    public Builder reservationTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "reservationTtl");
      requireUnset(this.reservationTtl, "reservationTtl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("reservationTtl must be positive, was " + ttl);
      }
      this.reservationTtl = ttl;
      return this;
    }

    /**
     * Adds a listener of the model calls (their start, duration and end); may be called for
     * several listeners, which hear each call in the order they were added.
     */
    public Builder listener(ModelCallListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (listener != ModelCallListener.NONE) {
        listeners.add(listener);
      }
      return this;
    }

    /**
     * Builds the analyzer.
     *
     * @throws IllegalStateException if the Gemini client or the quota service is missing
     */
    public QuotaEnforcedAnalyzer build() {
      if (gemini == null) {
        throw new IllegalStateException("gemini is required");
      }
      if (quotas == null) {
        throw new IllegalStateException("quotas is required");
      }
      return new QuotaEnforcedAnalyzer(this);
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }
}
