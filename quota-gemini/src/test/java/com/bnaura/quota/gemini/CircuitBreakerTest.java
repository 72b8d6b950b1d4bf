package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.error;
import static com.bnaura.quota.gemini.Fixtures.ledger;
import static com.bnaura.quota.gemini.Fixtures.okAnalysis;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.Balance;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.gemini.GeminiException.Reason;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker: an outage answers at once, and the reservation is released unused. */
final class CircuitBreakerTest {
  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MutableClock clock = Fixtures.clock();
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = Fixtures.quotas(store, clock);
  private QuotaEnforcedAnalyzer analyzer;

  @BeforeEach
  void start() throws Exception {
    server.start();
    Fixtures.register(quotas, "c1", "professional");
    analyzer = Fixtures.analyzer(Fixtures.client(server, sleeper).maxAttempts(1).build(), quotas,
        clock).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void failWith(MockResponse response, int calls) {
    for (int i = 0; i < calls; i++) {
      server.enqueue(response);
      String requestId = "fail-" + i;
      assertThatThrownBy(() -> analyzer.analyze(scan("c1", requestId).build()))
          .isInstanceOf(GeminiException.class);
    }
  }

  @Test
  void fiveOutages_openTheBreaker_andTheNextCallIsReleasedWithoutARequest() throws Exception {
    failWith(error(503, "UNAVAILABLE", "The model is overloaded."), 5);

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r-open").build()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
          assertThat(e.attempts()).isZero();
          assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
          assertThat(e.getMessage()).contains("circuit breaker 'gemini' is OPEN");
        });

    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(analyzer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).hasSize(6);
    assertThat(ledger(store, "c1", LedgerKind.UNHOLD)).hasSize(6);
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).isEmpty();
    Balance balance = quotas.balance("c1");
    assertThat(balance.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(analyzer.stats().circuitOpen()).isEqualTo(1);
    assertThat(analyzer.stats().geminiCalls()).isEqualTo(5);
  }

  @Test
  void afterTheWait_aTrialCallGoesThrough_andIsCharged() throws Exception {
    failWith(error(500, "INTERNAL", "Internal error."), 5);
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(okAnalysis("flash"));

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scan("c1", "r-trial").build())
        .orElseThrow();

    assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    assertThat(analyzer.circuitBreaker().getState())
        .isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void timeouts_countAsOutages() throws Exception {
    QuotaEnforcedAnalyzer impatient = Fixtures.analyzer(GeminiClient.builder()
        .apiKey(Fixtures.API_KEY).baseUrl(server.url("/v1beta").toString()).sleeper(sleeper)
        .readTimeout(Duration.ofMillis(100)).timeoutRetries(0).build(), quotas, clock).build();
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
          .build());
      String requestId = "slow-" + i;
      assertThatThrownBy(() -> impatient.analyze(scan("c1", requestId).build()))
          .isInstanceOfSatisfying(GeminiException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    }

    assertThat(impatient.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void refusedRequests_areNotOutages_andKeepTheBreakerClosed() throws Exception {
    failWith(error(400, "INVALID_ARGUMENT", "Bad request."), 6);

    assertThat(analyzer.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void hostBreaker_isUsed() throws Exception {
    CircuitBreaker host = CircuitBreaker.of("host-gemini", CircuitBreakerConfig.custom()
        .minimumNumberOfCalls(1).slidingWindowSize(1).build());
    analyzer = Fixtures.analyzer(Fixtures.client(server, sleeper).maxAttempts(1).build(), quotas,
        clock).circuitBreaker(host).build();
    failWith(error(503, "UNAVAILABLE", "Overloaded."), 1);

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r-open").build()))
        .isInstanceOfSatisfying(GeminiException.class,
            e -> assertThat(e.getMessage()).contains("'host-gemini' is OPEN"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
