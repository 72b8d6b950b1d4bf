package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.QUICK_MODEL;
import static com.bnaura.quota.gemini.Fixtures.error;
import static com.bnaura.quota.gemini.Fixtures.okAnalysis;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.gemini.GeminiException.Reason;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analyzer tells its listeners of each model call: its start, duration and end. */
final class ModelCallListenerTest {
  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MutableClock clock = Fixtures.clock();
  private final QuotaService quotas = Fixtures.quotas(QuotaStore.inMemory(), clock);
  private final Recording heard = new Recording();

  @BeforeEach
  void start() throws Exception {
    server.start();
    Fixtures.register(quotas, "c1", "professional");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void successfulCall_isHeardOnce_withTheRequestTheResponseAndItsDuration() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL + "-001"));
    QuotaEnforcedAnalyzer analyzer = analyzer(heard);

    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();

    assertThat(heard.events).containsExactly("start " + QUICK_MODEL,
        "succeeded " + QUICK_MODEL + " -> " + QUICK_MODEL + "-001");
    assertThat(heard.durations).singleElement()
        .satisfies(d -> assertThat(d).isPositive().isLessThan(Duration.ofSeconds(5)));
  }

  @Test
  void failedCall_isHeardOnce_withItsFailure_afterTheClientsRetries() {
    server.enqueue(error(503, "UNAVAILABLE", "Overloaded."));
    server.enqueue(error(503, "UNAVAILABLE", "Overloaded."));
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(
        Fixtures.client(server, sleeper).maxAttempts(2).build(), quotas, clock)
        .listener(heard).build();

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOf(GeminiException.class);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(heard.events).containsExactly("start " + QUICK_MODEL,
        "failed " + QUICK_MODEL + " " + Reason.SERVER_ERROR);
    assertThat(heard.durations).hasSize(1);
  }

  @Test
  void exceptionOfTheModelClient_isHeardAsAFailure() {
    GenerativeModel broken = request -> {
      throw new IllegalStateException("no connection pool");
    };
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(broken, quotas, clock).listener(heard)
        .build();

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(heard.events).containsExactly("start " + QUICK_MODEL,
        "failed " + QUICK_MODEL + " java.lang.IllegalStateException");
  }

  @Test
  void cacheHitsAndCallsTheOpenBreakerRefuses_areNotHeard() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.ofDefaults());
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(Fixtures.client(server, sleeper).build(),
        quotas, clock).circuitBreaker(breaker).listener(heard).build();
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();

    analyzer.analyze(scan("c1", "r2").build()).orElseThrow(); // identical input: the cache
    breaker.transitionToForcedOpenState();
    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r3").metrics(Fixtures.metrics(0.9))
        .build())).isInstanceOfSatisfying(GeminiException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN));

    assertThat(heard.events).hasSize(2).first().isEqualTo("start " + QUICK_MODEL);
  }

  @Test
  void listenerThatThrows_neverFailsTheCall_andTheNextListenerStillHears() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    ModelCallListener throwing = new ModelCallListener() {
      @Override
      public void callSucceeded(GenerateRequest request, GenerateResponse response,
          Duration duration) {
        throw new IllegalStateException("listener bug");
      }
    };
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(Fixtures.client(server, sleeper).build(),
        quotas, clock).listener(throwing).listener(heard).build();

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scan("c1", "r1").build())
        .orElseThrow();

    assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    assertThat(heard.events).hasSize(2);
  }

  private QuotaEnforcedAnalyzer analyzer(ModelCallListener listener) {
    return Fixtures.analyzer(Fixtures.client(server, sleeper).build(), quotas, clock)
        .listener(listener).build();
  }

  /** Writes down what it hears. */
  private static final class Recording implements ModelCallListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Duration> durations = new CopyOnWriteArrayList<>();

    @Override
    public void callStart(GenerateRequest request) {
      events.add("start " + request.model());
    }

    @Override
    public void callSucceeded(GenerateRequest request, GenerateResponse response,
        Duration duration) {
      events.add("succeeded " + request.model() + " -> " + response.modelVersion());
      durations.add(duration);
    }

    @Override
    public void callFailed(GenerateRequest request, Exception failure, Duration duration) {
      events.add("failed " + request.model() + " " + (failure instanceof GeminiException e
          ? e.reason() : failure.getClass().getName()));
      durations.add(duration);
    }
  }
}
