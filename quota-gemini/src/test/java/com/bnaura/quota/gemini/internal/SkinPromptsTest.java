package com.bnaura.quota.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.SkinAnalysis;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.gemini.SkinAnalysisRequest.FacialMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SkinPromptsTest {
  private static final String GOOD = """
      {"overallScore": 83, "summary": "Good.",
       "skinMetrics": {"texture": 70, "wrinkles": 62, "pores": 55, "volume": 48, "symmetry": 80},
       "recommendations": [{"treatment": "Filler", "reason": "Volume", "priority": "High"}]}""";

  private static SkinAnalysisRequest.Builder request() {
    return SkinAnalysisRequest.builder("c1", "r1").customer("Somchai", 30, "Oily")
        .metrics(new FacialMetrics(0.3, 0.7, List.of(0.2, 0.4), 0.5, 0.6));
  }

  @Test
  void analysis_isReadStrictly() {
    SkinAnalysis a = SkinPrompts.parseAnalysis(GOOD);

    assertThat(a.overallScore()).isEqualTo(83);
    assertThat(a.skinMetrics()).isEqualTo(new SkinAnalysis.SkinMetrics(70, 62, 55, 48, 80));
    assertThat(a.recommendations()).containsExactly(
        new SkinAnalysis.Recommendation("Filler", "Volume", SkinAnalysis.Priority.HIGH));
  }

  @Test
  void missingField_isMalformed_namingIt() {
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis(GOOD.replace("\"pores\": 55, ", "")))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessage("$.skinMetrics.pores is missing");
  }

  @Test
  void wrongTypes_andUnknownPriorities_areMalformed() {
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis(GOOD.replace("83", "\"83\"")))
        .hasMessage("$.overallScore must be an integer from 0 to 100");
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis(GOOD.replace("83", "82.5")))
        .hasMessage("$.overallScore must be an integer from 0 to 100");
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis(GOOD.replace("High", "urgent")))
        .hasMessage("$.recommendations[0].priority must be high, medium or low");
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis("[1, 2]"))
        .hasMessage("the analysis is not a JSON object");
    assertThatThrownBy(() -> SkinPrompts.parseAnalysis("{\"overallScore\": 8"))
        .hasMessageStartingWith("the analysis is not JSON (line 1");
  }

  @Test
  void analysisRequest_leavesTheNameOut_andAsksForTheJsonSchema() {
    GenerateRequest r = SkinPrompts.analysis("m", OperationSettings.NONE, request().build());

    assertThat(r.parts().get(0).text()).doesNotContain("Somchai").contains("\"skinType\":\"Oily\"");
    assertThat(r.responseMimeType()).isEqualTo("application/json");
    assertThat(r.responseJsonSchema()).isEqualTo(SkinPrompts.ANALYSIS_SCHEMA);
    assertThat(r.responseSchema()).isNull();
    assertThat(r.toString()).doesNotContain("Oily");
  }

  @Test
  void analysisRequest_isWrittenInTheRequestedLanguage() {
    GenerateRequest thai = SkinPrompts.analysis("m", OperationSettings.NONE,
        request().language(SkinAnalysisRequest.THAI).build());
    GenerateRequest english = SkinPrompts.analysis("m", OperationSettings.NONE, request().build());

    assertThat(thai.systemInstruction()).contains("in Thai").doesNotContain("in English.");
    assertThat(english.systemInstruction()).contains("in English.").doesNotContain("Thai");
  }

  @Test
  void canonicalKey_isStable_andSeparatesClinicsModelsAndInputs() {
    String key = key("c1", "m", request().build());

    assertThat(key("c1", "m", request().build())).isEqualTo(key);
    assertThat(key).startsWith("c1|").doesNotContain("Somchai");
    assertThat(key("c2", "m", request().build())).isNotEqualTo(key);
    assertThat(key("c1", "other", request().build())).isNotEqualTo(key);
    assertThat(key("c1", "m", request().useProModel(true).build()))
        .isNotEqualTo(key);
    assertThat(key("c1", "m", request().image("image/png", new byte[] {1}).build()))
        .isNotEqualTo(key("c1", "m",
            request().image("image/png", new byte[] {2}).build()));
    assertThat(key("c1", "m", request().language(SkinAnalysisRequest.THAI).build()))
        .isNotEqualTo(key);
    assertThat(CanonicalInput.key("c1", "m", OperationSettings.NONE.withMaxOutputTokens(9),
        request().build())).isNotEqualTo(key);
  }

  private static String key(String clinic, String model, SkinAnalysisRequest r) {
    return CanonicalInput.key(clinic, model, OperationSettings.NONE, r);
  }
}
