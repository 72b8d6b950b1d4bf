package com.bnaura.quota.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One quick scan against the real Gemini API with the default models. Runs only when {@code
 * GOOGLE_AI_API_KEY} is set; {@code GOOGLE_AI_QUICK_MODEL} overrides the quick-scan model.
 */
final class LiveGeminiTest {

  @Test
  void quickScan_againstTheRealApi() throws Exception {
    String key = System.getenv("GOOGLE_AI_API_KEY");
    assumeTrue(key != null && !key.isBlank(),
        "GOOGLE_AI_API_KEY is not set: skipping the live Gemini test");
    String model = System.getenv().getOrDefault("GOOGLE_AI_QUICK_MODEL",
        QuotaEnforcedAnalyzer.DEFAULT_FLASH_MODEL);
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-10T03:00:00Z"));
    QuotaStore store = QuotaStore.inMemory();
    QuotaService quotas = Fixtures.quotas(store, clock);
    Fixtures.register(quotas, "live", "professional");
    QuotaEnforcedAnalyzer analyzer = QuotaEnforcedAnalyzer.builder()
        .gemini(GeminiClient.builder().apiKey(key).build())
        .quotas(quotas)
        .clock(clock)
        .model(com.bnaura.quota.model.OperationId.QUICK_SCAN, model)
        .build();

    GeminiResult.Success<SkinAnalysis> ok = analyzer.analyze(
        Fixtures.scan("live", "live-1").build()).orElseThrow();

    assertThat(ok.value().overallScore()).isBetween(0, 100);
    assertThat(ok.modelUsed()).isNotBlank();
    assertThat(ok.quotaInfo().consumed().toString()).isEqualTo("0.200");
    assertThat(Fixtures.ledger(store, "live", LedgerKind.COMMIT)).singleElement()
        .satisfies(c -> assertThat(c.promptTokens()).isPositive());
  }
}
