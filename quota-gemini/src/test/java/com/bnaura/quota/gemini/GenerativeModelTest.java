package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.analysisJson;
import static com.bnaura.quota.gemini.Fixtures.ledger;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A host's own model client (the Gen AI SDK, Spring AI) behind the analyzer. */
final class GenerativeModelTest {
  private final MutableClock clock = Fixtures.clock();
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = Fixtures.quotas(store, clock);
  private final List<GenerateRequest> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void register() {
    Fixtures.register(quotas, "c1", "professional");
  }

  private GenerateResponse answer(GenerateRequest request) {
    seen.add(request);
    return new GenerateResponse(analysisJson(), "sdk-" + request.model(), "STOP",
        new TokenUsage(100, 50, 25, 175), Optional.of("sdk-response"), 1);
  }

  @Test
  void customModel_getsThePromptWithItsSettings_andItsAnswerIsCharged() throws Exception {
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(this::answer, quotas, clock).build();

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(scan("c1", "r1")
        .language(SkinAnalysisRequest.THAI).build()).orElseThrow();

    GenerateRequest request = seen.get(0);
    assertThat(request.model()).isEqualTo(Fixtures.QUICK_MODEL);
    assertThat(request.settings().thinkingLevel()).isEqualTo(ThinkingLevel.LOW);
    assertThat(request.responseJsonSchema()).contains("\"overallScore\"");
    assertThat(request.systemInstruction()).contains("Thai");
    assertThat(ok.modelUsed()).isEqualTo("sdk-" + Fixtures.QUICK_MODEL);
    assertThat(ok.quotaInfo().consumed()).isEqualTo(Units.parse("0.2"));
    LedgerEntry commit = ledger(store, "c1", LedgerKind.COMMIT).get(0);
    assertThat(commit.model()).hasValue("sdk-" + Fixtures.QUICK_MODEL);
    assertThat(commit.promptTokens()).isEqualTo(100);
    assertThat(commit.thoughtTokens()).isEqualTo(25);
  }

  @Test
  void customModelFailure_releasesTheHold_andOutagesOpenTheBreaker() {
    GenerativeModel down = request -> {
      throw GeminiException.of(GeminiException.Reason.NETWORK, request.model(),
          "the SDK could not connect", null);
    };
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(down, quotas, clock).build();

    for (int i = 0; i < 6; i++) {
      String requestId = "r" + i;
      assertThatThrownBy(() -> analyzer.analyze(scan("c1", requestId).build()))
          .isInstanceOf(GeminiException.class);
    }

    assertThat(ledger(store, "c1", LedgerKind.COMMIT)).isEmpty();
    assertThat(ledger(store, "c1", LedgerKind.UNHOLD)).hasSize(6);
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(analyzer.stats().circuitOpen()).isEqualTo(1);
  }

  @Test
  void customModelRuntimeException_releasesTheHold() {
    GenerativeModel broken = request -> {
      throw new IllegalStateException("SDK bug");
    };
    QuotaEnforcedAnalyzer analyzer = Fixtures.analyzer(broken, quotas, clock).build();

    assertThatThrownBy(() -> analyzer.analyze(scan("c1", "r1").build()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(ledger(store, "c1", LedgerKind.UNHOLD)).hasSize(1);
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
  }
}
