package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.ledger;
import static com.bnaura.quota.gemini.Fixtures.ok;
import static com.bnaura.quota.gemini.Fixtures.okAnalysis;
import static com.bnaura.quota.gemini.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.gemini.Fixtures.RecordingSleeper;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generation settings, the JSON Schema and the language, as they reach the request body. */
final class OperationSettingsTest {
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3};

  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MutableClock clock = Fixtures.clock();
  private final QuotaStore store = QuotaStore.inMemory();
  private final QuotaService quotas = Fixtures.quotas(store, clock);

  @BeforeEach
  void start() throws Exception {
    server.start();
    Fixtures.register(quotas, "c1", "professional");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private QuotaEnforcedAnalyzer.Builder analyzer() {
    return Fixtures.analyzer(Fixtures.client(server, sleeper).build(), quotas, clock);
  }

  private JsonNode sentBody() throws Exception {
    return Fixtures.bodyOf(server.takeRequest(1, TimeUnit.SECONDS));
  }

  @Test
  void quickScan_thinksLow_withMediumResolutionForThePhoto() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer().build();
    server.enqueue(okAnalysis("flash"));

    analyzer.analyze(scan("c1", "r1").image("image/jpeg", JPEG).build()).orElseThrow();

    JsonNode config = sentBody().path("generationConfig");
    assertThat(config.at("/thinkingConfig/thinkingLevel").asString()).isEqualTo("LOW");
    assertThat(config.has("thinkingBudget")).isFalse();
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(4096);
    assertThat(config.path("mediaResolution").asString()).isEqualTo("MEDIA_RESOLUTION_MEDIUM");
    assertThat(config.at("/responseJsonSchema/properties/overallScore/maximum").asInt())
        .isEqualTo(100);
    assertThat(config.has("responseSchema")).isFalse();
  }

  @Test
  void clinicalAnalysis_thinksHigh_withHighResolutionAndMoreTokens() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer().build();
    server.enqueue(okAnalysis("pro"));

    analyzer.analyze(scan("c1", "r1").useProModel(true).image("image/jpeg", JPEG).build())
        .orElseThrow();

    JsonNode config = sentBody().path("generationConfig");
    assertThat(config.at("/thinkingConfig/thinkingLevel").asString()).isEqualTo("HIGH");
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(16384);
    assertThat(config.path("mediaResolution").asString()).isEqualTo("MEDIA_RESOLUTION_HIGH");
  }

  @Test
  void configuredSettings_replaceTheDefaults_andABudgetIsSentInsteadOfALevel() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer()
        .settings(OperationId.QUICK_SCAN, OperationSettings.NONE.withThinkingBudget(512)
            .withMaxOutputTokens(1000).withMediaResolution(MediaResolution.LOW))
        .build();
    server.enqueue(okAnalysis("flash"));

    analyzer.analyze(scan("c1", "r1").image("image/jpeg", JPEG).build()).orElseThrow();

    JsonNode config = sentBody().path("generationConfig");
    assertThat(config.at("/thinkingConfig/thinkingBudget").asInt()).isEqualTo(512);
    assertThat(config.at("/thinkingConfig/thinkingLevel").isMissingNode()).isTrue();
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(1000);
    assertThat(config.path("mediaResolution").asString()).isEqualTo("MEDIA_RESOLUTION_LOW");
    assertThat(analyzer.settings(OperationId.CLINICAL_ANALYSIS))
        .isEqualTo(OperationSettings.defaults(OperationId.CLINICAL_ANALYSIS));
  }

  @Test
  void chatAdvisor_thinksLow_andSendsNoMediaResolutionWithoutAnImage() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer().build();
    server.enqueue(ok(Fixtures.answer("Start with sunscreen.", "chat")));

    analyzer.advise(AdvisorRequest.builder("c1", "r1").user("sales-7").question("First step?")
        .build()).orElseThrow();

    JsonNode config = sentBody().path("generationConfig");
    assertThat(config.at("/thinkingConfig/thinkingLevel").asString()).isEqualTo("LOW");
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(2048);
    assertThat(config.has("mediaResolution")).isFalse();
    assertThat(config.has("responseMimeType")).isFalse();
  }

  @Test
  void thaiRequest_asksForThai_andIsCachedApartFromEnglish() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer().build();
    server.enqueue(okAnalysis("flash"));
    server.enqueue(okAnalysis("flash"));

    analyzer.analyze(scan("c1", "r1").language(SkinAnalysisRequest.THAI).build()).orElseThrow();
    GeminiResult.Success<SkinAnalysis> english = analyzer.analyze(scan("c1", "r2").build())
        .orElseThrow();

    String thaiInstruction = sentBody().at("/systemInstruction/parts/0/text").asString();
    String englishInstruction = sentBody().at("/systemInstruction/parts/0/text").asString();
    assertThat(thaiInstruction).contains("in Thai (ภาษาไทย)");
    assertThat(englishInstruction).contains("in English.").doesNotContain("Thai");
    assertThat(english.fromCache()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void unsupportedLanguage_isRefused_namingTheField_withoutARequest() throws Exception {
    QuotaEnforcedAnalyzer analyzer = analyzer().build();

    GeminiResult<SkinAnalysis> result = analyzer.analyze(scan("c1", "r1")
        .language(Locale.FRENCH).build());

    assertThat(result).isInstanceOfSatisfying(GeminiResult.Declined.class, no -> {
      assertThat(no.refused().code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
      assertThat(no.refused().field()).hasValue("language");
    });
    assertThat(server.getRequestCount()).isZero();
    assertThat(ledger(store, "c1", LedgerKind.HOLD)).isEmpty();
  }

  @Test
  void settings_refuseALevelAndABudgetTogether_andBadNumbers() {
    assertThatThrownBy(() -> new OperationSettings(ThinkingLevel.LOW, 100, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thinkingLevel LOW and thinkingBudget 100 cannot both be set");
    assertThatThrownBy(() -> OperationSettings.NONE.withMaxOutputTokens(0))
        .hasMessage("maxOutputTokens must be at least 1, was 0");
    assertThatThrownBy(() -> OperationSettings.NONE.withThinkingBudget(-2))
        .hasMessageStartingWith("thinkingBudget must be -1 (dynamic), 0 (off) or positive");
    assertThat(OperationSettings.defaults(OperationId.QUICK_SCAN).withThinkingBudget(0)
        .thinkingLevel()).isNull();
  }

  @Test
  void settings_ofOneOperation_canBeSetOnce() {
    QuotaEnforcedAnalyzer.Builder builder = analyzer()
        .settings(OperationId.QUICK_SCAN, OperationSettings.NONE);

    assertThatThrownBy(() -> builder.settings(OperationId.QUICK_SCAN, OperationSettings.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("settings of QUICK_SCAN were already set to");
  }

  @Test
  void generateRequest_takesOneKindOfSchema() {
    assertThatThrownBy(() -> new GenerateRequest("gemini-3.8-flash", null,
        java.util.List.of(GenerateRequest.Part.text("x")), "application/json", "{}", "{}",
        OperationSettings.NONE))
        .hasMessage("a request takes a responseSchema or a responseJsonSchema, not both");
    assertThatThrownBy(() -> new GenerateRequest("gemini-3.8-flash", null,
        java.util.List.of(GenerateRequest.Part.text("x")), null, null, "{}", null))
        .hasMessage("a responseJsonSchema needs responseMimeType application/json, was null");
  }
}
