package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.API_KEY;
import static com.bnaura.quota.gemini.Fixtures.CHAT_MODEL;
import static com.bnaura.quota.gemini.Fixtures.PRO_MODEL;
import static com.bnaura.quota.gemini.Fixtures.QUICK_MODEL;
import static com.bnaura.quota.gemini.Fixtures.answer;
import static com.bnaura.quota.gemini.Fixtures.error;
import static com.bnaura.quota.gemini.Fixtures.ledger;
import static com.bnaura.quota.gemini.Fixtures.metrics;
import static com.bnaura.quota.gemini.Fixtures.ok;
import static com.bnaura.quota.gemini.Fixtures.okAnalysis;
import static com.bnaura.quota.gemini.Fixtures.quotaFailure;
import static com.bnaura.quota.gemini.Fixtures.retryInfo;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.gemini.GeminiException.Reason;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class QuotaEnforcedAnalyzerTest {
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
    analyzer = Fixtures.analyzer(Fixtures.client(server, sleeper).build(), quotas, clock).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void quickScan_callsTheFlashModel_chargesOnce_andRecordsTokens() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL + "-001"));

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scan("c1", "r1").build())
        .orElseThrow();

    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/" + QUICK_MODEL + ":generateContent");
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(API_KEY);
    JsonNode body = Fixtures.bodyOf(request);
    assertThat(body.at("/generationConfig/responseMimeType").asString())
        .isEqualTo("application/json");
    assertThat(body.at("/generationConfig/responseSchema").isMissingNode()).isTrue();
    assertThat(body.at("/generationConfig/thinkingConfig/thinkingLevel").asString())
        .isEqualTo("LOW");
    assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(4096);
    assertThat(body.at("/generationConfig/mediaResolution").isMissingNode()).isTrue();
    JsonNode schema = body.at("/generationConfig/responseJsonSchema");
    assertThat(schema.at("/type").asString()).isEqualTo("object");
    assertThat(schema.at("/required").toString())
        .isEqualTo("[\"overallScore\",\"summary\",\"skinMetrics\",\"recommendations\"]");
    assertThat(schema.at("/properties/overallScore/maximum").asInt()).isEqualTo(100);
    String prompt = body.at("/contents/0/parts/0/text").asString();
    assertThat(prompt).contains("\"wrinkleDepth\":0.5", "\"age\":30", "Combination", "quick");
    assertThat(request.getBody().utf8()).doesNotContain("Somchai");
    assertThat(ok.value().overallScore()).isEqualTo(83);
    assertThat(ok.value().skinMetrics().volume()).isEqualTo(48);
    assertThat(ok.value().recommendations()).hasSize(2);
    assertThat(ok.value().recommendations().get(0).priority())
        .isEqualTo(SkinAnalysis.Priority.HIGH);
    assertThat(ok.modelUsed()).isEqualTo(QUICK_MODEL + "-001");
    assertThat(ok.fromCache()).isFalse();
    assertThat(ok.quotaInfo()).isEqualTo(
        new QuotaInfo(Units.parse("0.2"), Units.parse("499.8"), false));
    List<LedgerEntry> commits = ledger(store, "c1", LedgerKind.COMMIT);
    assertThat(commits).singleElement().satisfies(c -> {
      assertThat(c.split().total()).isEqualTo(Units.parse("0.2"));
      assertThat(c.model()).hasValue(QUICK_MODEL + "-001");
      assertThat(c.promptTokens()).isEqualTo(812);
      assertThat(c.outputTokens()).isEqualTo(240);
      assertThat(c.thoughtTokens()).isEqualTo(64);
    });
    Balance balance = quotas.balance("c1");
    assertThat(balance.monthlyUsed()).isEqualTo(Units.parse("0.2"));
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
  }

  @Test
  void reusedRequestIdOfAFinishedCall_callsGeminiNoMore_andChargesNoMore() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();

    GeminiResult<SkinAnalysis> again = analyzer.analyze(scan("c1", "r1").metrics(metrics(0.1)).build());

    assertThat(again).isInstanceOfSatisfying(GeminiResult.Declined.class, no ->
        assertThat(no.refused().code()).isEqualTo(com.bnaura.quota.RefusalCode.RESERVATION_NOT_OPEN));
    assertThat(server.getRequestCount()).as("requests that reached Gemini").isEqualTo(1);
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
  }

  @Test
  void clinicalAnalysis_callsTheProModel_andChargesOneUnit() throws Exception {
    server.enqueue(okAnalysis(PRO_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));

    GeminiResult.Success<SkinAnalysis> clinical = analyzer.analyze(scan("c1", "r1")
        .useProModel(true).build()).orElseThrow();
    GeminiResult.Success<SkinAnalysis> quick = analyzer.analyze(scan("c1", "r2")
        .metrics(metrics(0.1)).build()).orElseThrow();

    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1beta/models/" + PRO_MODEL + ":generateContent");
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1beta/models/" + QUICK_MODEL + ":generateContent");
    assertThat(clinical.quotaInfo().consumed()).isEqualTo(Units.of(1));
    assertThat(quick.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("1.2"));
  }

  @Test
  void tooManyRequestsWithRetryAfter_thenSuccess_twoRequests_oneCharge() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2")
        .body("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}").build());
    server.enqueue(okAnalysis(QUICK_MODEL));

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scan("c1", "r1").build())
        .orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
    assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).hasSize(1);
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("0.2"));
  }

  @Test
  void serverErrorOnEveryAttempt_releases_chargesNothing_andSaysWhy() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(500, "INTERNAL", "An internal error has occurred."));
    }

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
          assertThat(e.getMessage()).contains(QUICK_MODEL, "500 INTERNAL", "on all 4 attempts");
        });

    assertThat(server.getRequestCount()).isEqualTo(4);
    assertNothingCharged("c1");
    assertThat(ledger(store, "c1", LedgerKind.UNHOLD)).singleElement()
        .satisfies(u -> assertThat(u.split().total()).isEqualTo(Units.parse("0.2")));
    assertThat(analyzer.stats().failed()).isEqualTo(1);
  }

  @Test
  void timeoutOnce_isRetried_underTheSameReservation_andChargedOnce() throws Exception {
    QuotaEnforcedAnalyzer impatient = Fixtures.analyzer(GeminiClient.builder().apiKey(API_KEY)
        .baseUrl(server.url("/v1beta").toString()).readTimeout(Duration.ofMillis(200))
        .sleeper(sleeper).build(), quotas, clock).build();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(okAnalysis(QUICK_MODEL));

    GeminiResult.Success<SkinAnalysis> ok = impatient.analyze(scan("c1", "r1").build())
        .orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).hasSize(1);
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
  }

  @Test
  void timeoutTwice_releases() throws Exception {
    QuotaEnforcedAnalyzer impatient = Fixtures.analyzer(GeminiClient.builder().apiKey(API_KEY)
        .baseUrl(server.url("/v1beta").toString()).readTimeout(Duration.ofMillis(200)).build(),
        quotas, clock).build();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThatThrownBy(() -> impatient.analyze(scan("c1", "r1").build()))
        .isInstanceOfSatisfying(GeminiException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertNothingCharged("c1");
  }

  @Test
  void malformedAnalysis_releases_andNamesTheField() {
    server.enqueue(ok(answer(Fixtures.analysisJson().replace("\"overallScore\": 83",
        "\"overallScore\": 130"), QUICK_MODEL)));

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
          assertThat(e.getMessage()).contains("$.overallScore must be an integer from 0 to 100");
        });

    assertNothingCharged("c1");
  }

  @Test
  void analysisThatIsNotJson_releases() {
    server.enqueue(ok(answer("Sorry, I can't help with that.", QUICK_MODEL)));

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
          assertThat(e.getMessage()).contains("the analysis is not JSON");
        });

    assertNothingCharged("c1");
  }

  @Test
  void clinicOutOfQuota_isRefusedWithATopUpSuggestion_andNoRequestIsSent() throws Exception {
    Fixtures.register(quotas, "c2", "starter");
    quotas.consumeOrThrow(UsageRequest.builder("c2", OperationId.CLINICAL_ANALYSIS, "fill")
        .quantity(100).build());

    GeminiResult<SkinAnalysis> result = analyzer.analyze(scanOf("c2", "r1"));

    assertThat(result).isInstanceOfSatisfying(GeminiResult.Declined.class, no -> {
      Refused refused = no.refused();
      assertThat(refused.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(refused.shortfall()).hasValueSatisfying(s -> {
        assertThat(s.willIncurCharge()).isTrue();
        assertThat(s.estimatedCost()).isEqualTo(Money.of("15", Money.THB));
        assertThat(s.suggestedTopUp()).isPresent();
      });
    });
    assertThatThrownBy(result::orElseThrow)
        .isInstanceOfSatisfying(GeminiQuotaException.class, e -> {
          assertThat(e.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
          assertThat(e.getCause()).isInstanceOf(QuotaRefusedException.class);
        });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void overageUnderAuto_isCharged_andSaysSo() throws Exception {
    quotas.registerClinic(ClinicRegistration.builder("c3", "starter")
        .overagePolicy(OveragePolicy.AUTO).build());
    quotas.consumeOrThrow(UsageRequest.builder("c3", OperationId.CLINICAL_ANALYSIS, "fill")
        .quantity(100).build());
    server.enqueue(okAnalysis(QUICK_MODEL));

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scanOf("c3", "r1")).orElseThrow();

    assertThat(ok.quotaInfo()).isEqualTo(new QuotaInfo(Units.parse("0.2"), Units.ZERO, true));
  }

  @Test
  void fiftyConcurrentAnalyses_withQuotaForTen_sendTenRequests_andChargeTen() throws Exception {
    Fixtures.register(quotas, "c10", Fixtures.TEN.value());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return okAnalysis(PRO_MODEL);
      }
    });
    QuotaEnforcedAnalyzer shared = Fixtures.analyzer(Fixtures.client(server, sleeper).build(),
            quotas, clock)
        .rateLimiter(RateLimiter.NONE).cacheTtl(Duration.ZERO).build();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<GeminiResult<SkinAnalysis>>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      SkinAnalysisRequest request = scan("c10", "r" + i).useProModel(true)
          .metrics(metrics(i / 100.0)).build();
      futures.add(pool.submit(() -> {
        go.await();
        return shared.analyze(request);
      }));
    }

    long started = System.nanoTime();
    go.countDown();
    int succeeded = 0;
    int refused = 0;
    for (Future<GeminiResult<SkinAnalysis>> f : futures) {
      GeminiResult<SkinAnalysis> r = f.get(30, TimeUnit.SECONDS);
      if (r instanceof GeminiResult.Success<SkinAnalysis>) {
        succeeded++;
      } else if (r instanceof GeminiResult.Declined<SkinAnalysis> no
          && no.refused().code() == RefusalCode.QUOTA_EXCEEDED) {
        refused++;
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    pool.shutdown();

    System.out.printf("50 concurrent analyses, quota for 10: %d answered, %d refused, "
        + "%d requests, %d ms%n", succeeded, refused, server.getRequestCount(), millis);
    assertThat(succeeded).isEqualTo(10);
    assertThat(refused).isEqualTo(40);
    assertThat(server.getRequestCount()).isEqualTo(10);
    assertThat(ledger(store, "c10", LedgerKind.COMMIT)).hasSize(10);
    Balance balance = quotas.balance("c10");
    assertThat(balance.monthlyUsed()).isEqualTo(Units.of(10));
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
  }

  @Test
  void userOverTheRateLimit_isRefusedWithTheWait_touchingNoQuota_otherUsersUnaffected()
      throws Exception {
    QuotaEnforcedAnalyzer guarded = Fixtures.analyzer(Fixtures.client(server, sleeper).build(),
            quotas, clock)
        .rateLimiter(RateLimiter.inProcess().perUser(2, Duration.ofMinutes(1))
            .perClinic(300, Duration.ofMinutes(1)).clock(clock).build())
        .build();
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    guarded.analyze(scan("c1", "r1").metrics(metrics(0.1)).build()).orElseThrow();
    guarded.analyze(scan("c1", "r2").metrics(metrics(0.2)).build()).orElseThrow();
    Balance before = quotas.balance("c1");

    GeminiResult<SkinAnalysis> third = guarded.analyze(scan("c1", "r3")
        .metrics(metrics(0.3)).build());

    assertThat(third).isInstanceOfSatisfying(GeminiResult.Declined.class, no -> {
      assertThat(no.refused().code()).isEqualTo(RefusalCode.RATE_LIMITED);
      assertThat(no.refused().code().httpStatus()).isEqualTo(429);
      assertThat(no.refused().retryAfter()).hasValueSatisfying(wait ->
          assertThat(wait).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
      assertThat(no.refused().message()).contains("sales-7", "c1");
    });
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(quotas.balance("c1")).isEqualTo(before);
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).hasSize(2);
    assertThat(guarded.stats().rateLimited()).isEqualTo(1);

    GeminiResult<SkinAnalysis> colleague = guarded.analyze(scan("c1", "r4").user("sales-8")
        .metrics(metrics(0.4)).build());

    assertThat(colleague).isInstanceOf(GeminiResult.Success.class);
    assertThat(server.getRequestCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(30));
    server.enqueue(okAnalysis(QUICK_MODEL));
    assertThat(guarded.analyze(scan("c1", "r5").metrics(metrics(0.5)).build()))
        .isInstanceOf(GeminiResult.Success.class);
  }

  @Test
  void identicalInputWithin24Hours_isServedFromTheCache_withoutARequestOrACharge()
      throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    GeminiResult.Success<SkinAnalysis> first = analyzer.analyze(scan("c1", "r1").build())
        .orElseThrow();
    clock.advance(Duration.ofHours(23));

    GeminiResult.Success<SkinAnalysis> again = analyzer.analyze(scan("c1", "r2").build())
        .orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(again.fromCache()).isTrue();
    assertThat(again.value()).isEqualTo(first.value());
    assertThat(again.modelUsed()).isEqualTo(first.modelUsed());
    assertThat(again.quotaInfo()).isEqualTo(
        new QuotaInfo(Units.ZERO, Units.parse("499.8"), false));
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
    QuotaEnforcedAnalyzer.Stats stats = analyzer.stats();
    assertThat(stats.cacheHits()).isEqualTo(1);
    assertThat(stats.cacheMisses()).isEqualTo(1);
    assertThat(stats.geminiCalls()).isEqualTo(1);
    assertThat(stats.cacheSize()).isEqualTo(1);
    assertThat(stats.cacheHitRate()).isEqualTo(0.5);

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    server.enqueue(okAnalysis(QUICK_MODEL));
    GeminiResult.Success<SkinAnalysis> later = analyzer.analyze(scan("c1", "r3").build())
        .orElseThrow();

    assertThat(later.fromCache()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void cacheHit_writesOneCachedAnswerLinePerRequestId_andNoneForARetryOfTheCallThatFilledIt()
      throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").user("sales-7").build()).orElseThrow();

    analyzer.analyze(scan("c1", "r2").user("sales-7").build()).orElseThrow();
    analyzer.analyze(scan("c1", "r2").user("sales-7").build()).orElseThrow(); // a retry
    analyzer.analyze(scan("c1", "r3").user("sales-7").build()).orElseThrow();
    GeminiResult.Success<SkinAnalysis> retryOfFirst = analyzer.analyze(
        scan("c1", "r1").user("sales-7").build()).orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(retryOfFirst.fromCache()).isTrue();
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
    assertThat(ledger(store, "c1", LedgerKind.CHARGE))
        .allSatisfy(e -> {
          assertThat(e.units()).isEqualTo(Units.ZERO);
          assertThat(e.money().minor()).isZero();
          assertThat(e.reason()).contains("CACHED_ANSWER");
          assertThat(e.user()).hasValueSatisfying(u -> assertThat(u.value()).isEqualTo("sales-7"));
        })
        .extracting(e -> e.key().orElseThrow().value()).containsExactly("r2", "r3");
    UsageStats stats = quotas.usageStats("c1");
    assertThat(stats.cachedAnswers()).isEqualTo(new UsageStats.Tally(2, Units.parse("0.4")));
    assertThat(stats.charged()).isEqualTo(new UsageStats.Tally(3, Units.parse("0.2")));
    assertThat(analyzer.stats().cacheHits()).isEqualTo(4);
  }

  @Test
  void cacheHit_underARequestIdAnotherCallUsed_isDeclined_andWritesNothing() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();
    analyzer.analyze(scan("c1", "r2").metrics(metrics(0.9)).build()).orElseThrow();

    GeminiResult<SkinAnalysis> reused = analyzer.analyze(scan("c1", "r2").build());

    assertThat(reused).isInstanceOfSatisfying(GeminiResult.Declined.class,
        no -> assertThat(no.refused().code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(ledger(store, "c1", LedgerKind.CHARGE)).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void cachedAnalysis_isNeverSharedWithAnotherClinic() throws Exception {
    Fixtures.register(quotas, "c4", "professional");
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();

    GeminiResult.Success<SkinAnalysis> other = analyzer.analyze(scan("c4", "r1").build())
        .orElseThrow();

    assertThat(other.fromCache()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void perDayQuotaOfGoogle_isNotRetried_andReleases() {
    server.enqueue(error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
        quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), retryInfo("43s")));

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOfSatisfying(GeminiException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.DAILY_QUOTA_EXHAUSTED);
          assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(43));
        });

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
    assertNothingCharged("c1");
  }

  @Test
  void repeatScanOfTheSameCustomerWithin24Hours_isFree() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").customerRef("cust-1").build()).orElseThrow();
    clock.advance(Duration.ofHours(2));

    GeminiResult.Success<SkinAnalysis> repeat = analyzer.analyze(scan("c1", "r2")
        .customerRef("cust-1").metrics(metrics(0.45)).build()).orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(repeat.fromCache()).isFalse();
    assertThat(repeat.quotaInfo().consumed()).isEqualTo(Units.ZERO);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("0.2"));
  }

  @Test
  void chatAdvisor_isFree_andRecordsItsTokens() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(ok(answer("Start with the filler.", CHAT_MODEL)));
    SkinAnalysis last = analyzer.analyze(scan("c1", "r1").build()).orElseThrow().value();

    GeminiResult.Success<String> advice = analyzer.advise(AdvisorRequest.builder("c1", "q1")
        .user("sales-7").question("What first?").lastAnalysis(last).build()).orElseThrow();

    server.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/" + CHAT_MODEL + ":generateContent");
    String prompt = Fixtures.bodyOf(request).at("/contents/0/parts/0/text").asString();
    assertThat(prompt).contains("What first?", "\"overallScore\":83", "Hyaluronic acid filler");
    assertThat(advice.value()).isEqualTo("Start with the filler.");
    assertThat(advice.quotaInfo().consumed()).isEqualTo(Units.ZERO);
    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).filteredOn(
        c -> c.operation().orElseThrow().equals(OperationId.CHAT_ADVISOR)).singleElement()
        .satisfies(c -> {
          assertThat(c.model()).hasValue(CHAT_MODEL);
          assertThat(c.promptTokens()).isEqualTo(812);
        });
  }

  @Test
  void badInput_isRefusedNamingTheField_beforeAnythingElse() throws Exception {
    GeminiResult<SkinAnalysis> result = analyzer.analyze(scan("c1", "r1")
        .metrics(metrics(1.5)).build());

    assertThat(result).isInstanceOfSatisfying(GeminiResult.Declined.class, no -> {
      assertThat(no.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(no.refused().field()).hasValue("metrics.wrinkleDepth");
    });
    assertThat(server.getRequestCount()).isZero();
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).isEmpty();
  }

  @Test
  void unknownClinic_isRefused_withoutARequest() throws Exception {
    GeminiResult<SkinAnalysis> result = analyzer.analyze(scanOf("nobody", "r1"));

    assertThat(result).isInstanceOfSatisfying(GeminiResult.Declined.class,
        no -> assertThat(no.refused().code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sameRequestIdTwice_chargesOnce() throws Exception {
    server.enqueue(okAnalysis(QUICK_MODEL));
    server.enqueue(okAnalysis(QUICK_MODEL));
    analyzer.analyze(scan("c1", "r1").build()).orElseThrow();

    analyzer.analyze(scan("c1", "r1").metrics(metrics(0.2)).build());

    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).hasSize(1);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("0.2"));
  }

  private static SkinAnalysisRequest scanOf(String clinic, String requestId) {
    return scan(clinic, requestId).build();
  }

  private void assertNothingCharged(String clinic) {
    assertThat(ledger(store, clinic, LedgerKind.COMMIT)).isEmpty();
    Balance balance = quotas.balance(clinic);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
  }
}
