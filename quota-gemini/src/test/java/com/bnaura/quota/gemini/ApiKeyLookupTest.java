package com.bnaura.quota.gemini;

import static com.bnaura.quota.gemini.Fixtures.answer;
import static com.bnaura.quota.gemini.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where {@code apiKeyFromEnvironment()} finds the key, and which variable wins. */
final class ApiKeyLookupTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The key the client sends, built from {@code environment}. */
  private String sentKey(Map<String, String> environment) throws Exception {
    GeminiClient client = GeminiClient.builder().apiKeyFromEnvironment(environment::get)
        .baseUrl(server.url("/v1beta").toString()).build();
    server.enqueue(ok(answer("hi", "gemini-3.8-flash")));
    client.generateContent(GenerateRequest.builder("gemini-3.8-flash").text("Hello").build());
    return server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get(GeminiClient.API_KEY_HEADER);
  }

  @Test
  void projectVariable_winsOverBoth() throws Exception {
    assertThat(sentKey(Map.of("GOOGLE_AI_API_KEY", "key-ours", "GEMINI_API_KEY", "key-gemini",
        "GOOGLE_API_KEY", "key-google"))).isEqualTo("key-ours");
  }

  @Test
  void geminiVariable_winsOverGoogleVariable() throws Exception {
    assertThat(sentKey(Map.of("GEMINI_API_KEY", "key-gemini", "GOOGLE_API_KEY", "key-google")))
        .isEqualTo("key-gemini");
  }

  @Test
  void googleVariable_isTheLastResort_andBlankOnesAreSkipped() throws Exception {
    assertThat(sentKey(Map.of("GOOGLE_AI_API_KEY", " ", "GEMINI_API_KEY", "",
        "GOOGLE_API_KEY", " key-google "))).isEqualTo("key-google");
  }

  @Test
  void noVariable_failsNamingAllThree() {
    assertThatThrownBy(() -> GeminiClient.builder().apiKeyFromEnvironment(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no Gemini API key in the environment: set one of "
            + "[GOOGLE_AI_API_KEY, GEMINI_API_KEY, GOOGLE_API_KEY]");
  }

  @Test
  void badKey_namesTheVariable_neverTheKey() {
    assertThatThrownBy(() -> GeminiClient.builder()
        .apiKeyFromEnvironment(Map.of("GEMINI_API_KEY", "two words")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GEMINI_API_KEY: ")
        .hasMessageNotContaining("two words");
  }

  @Test
  void keyFromEnvironment_afterAKey_isRefused() {
    assertThatThrownBy(() -> GeminiClient.builder().apiKey("key-1")
        .apiKeyFromEnvironment(Map.of("GEMINI_API_KEY", "key-2")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiKey was already set to <redacted>");
  }
}
