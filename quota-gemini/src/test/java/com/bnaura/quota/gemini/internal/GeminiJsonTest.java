package com.bnaura.quota.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class GeminiJsonTest {

  @Test
  void error_withPerDayQuotaFailure_isPerDay_andCarriesTheDelay() {
    GeminiJson.ApiError error = GeminiJson.parseError("""
        {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED",
          "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
             "violations": [{"quotaMetric": "generativelanguage.googleapis.com/x",
                             "quotaId": "GenerateRequestsPerDayPerProjectPerModel"}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"}]}}""");

    assertThat(error.perDayQuota()).isTrue();
    assertThat(error.retryDelay()).hasValue(Duration.ofSeconds(12));
    assertThat(error.status()).hasValue("RESOURCE_EXHAUSTED");
    assertThat(error.message()).hasValue("Quota exceeded");
  }

  @Test
  void error_withPerMinuteQuotaFailure_isNotPerDay() {
    GeminiJson.ApiError error = GeminiJson.parseError("""
        {"error": {"code": 429, "details": [
          {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
           "violations": [{"quotaId": "GenerateContentInputTokensPerModelPerMinute"}]}]}}""");

    assertThat(error.perDayQuota()).isFalse();
  }

  @Test
  void unreadableError_isEmpty() {
    assertThat(GeminiJson.parseError("<html>502</html>")).isEqualTo(GeminiJson.ApiError.EMPTY);
    assertThat(GeminiJson.parseError("")).isEqualTo(GeminiJson.ApiError.EMPTY);
  }

  @Test
  void usage_missingCountsAreZero_andTheTotalIsSummed() {
    GeminiJson.Answer answer = GeminiJson.parseAnswer("""
        {"candidates": [{"content": {"parts": [{"text": "x"}]}}],
         "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5}}""");

    assertThat(answer.usage()).isEqualTo(new TokenUsage(10, 5, 0, 15));
  }

  @Test
  void negativeTokenCount_isMalformed() {
    assertThatThrownBy(() -> GeminiJson.parseAnswer(
        "{\"usageMetadata\": {\"promptTokenCount\": -1}}"))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessageContaining("usageMetadata.promptTokenCount");
  }
}
